// Presence: who among a wallet's peers (the participants of the sessions it shares in the log)
// has a live relay socket. Announced when a wallet's first socket goes live and when its last
// one closes; a snapshot rides on the `resume` answer.
import type { Connection } from './connection.js'
import { response } from './frames.js'
import type { RelayLog } from './log.js'
import type { MemberCache } from './members.js'

/** Tracks and announces the online state of wallets to their peers. */
export class Presence {
  /** Checksummed address of each wallet that is (or was last) live, by lower-case key. */
  private readonly addresses = new Map<string, string>()

  /** Reads sessions from `log` and live sockets from `live` (lower-case wallet → sockets). */
  constructor(
    private readonly log: RelayLog,
    private readonly members: MemberCache,
    private readonly live: ReadonlyMap<string, ReadonlySet<Connection>>,
  ) {}

  /** The live peers of `key`: participants of the sessions it shares in the log, itself excluded. */
  private peers(key: string): string[] {
    const peers = new Set<string>()
    for (const sid of this.log.sessionsOf(key)) {
      const participants = this.log.participants(sid)
      if (!participants) continue
      for (const p of this.members.of(sid, participants).keys)
        if (p !== key && this.live.has(p)) peers.add(p)
    }
    return [...peers]
  }

  /** Tells the live peers of `key` that it came online (`wallet`: its checksummed address) or went away. */
  announce(key: string, online: boolean, wallet?: string): void {
    if (wallet) this.addresses.set(key, wallet)
    const address = this.addresses.get(key)
    if (!address) return
    const text = frame(address, online)
    for (const peer of this.peers(key)) for (const c of this.live.get(peer) ?? []) c.send(text)
    if (!online) this.addresses.delete(key)
  }

  /** The checksummed addresses of the live peers of `key` (for the `resume` answer). */
  onlinePeers(key: string): string[] {
    return this.peers(key).flatMap((p) => this.addresses.get(p) ?? [])
  }

  /**
   * A session was logged for the first time: its live members (lower-case `keys`) may not have
   * been peers before, so each learns which of the others are online.
   */
  introduce(keys: readonly string[]): void {
    const online = keys.filter((k) => this.live.has(k) && this.addresses.has(k))
    if (online.length < 2) return
    for (const to of online)
      for (const other of online)
        if (other !== to) {
          const text = frame(this.addresses.get(other) as string, true)
          for (const c of this.live.get(to) ?? []) c.send(text)
        }
  }
}

/** A presence notice: `{"res":[0,"presence",{"wallet":"0x…","online":bool},ts]}`. */
const frame = (wallet: string, online: boolean) => response(0, 'presence', { wallet, online })
