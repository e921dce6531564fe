import { norm } from '../ledger/positions.js'
import type { Connection } from './context.js'

/** Connection bookkeeping: which connections speak for which wallet, and when it was last active. */
export class Connections {
  private readonly byWallet = new Map<string, Set<Connection>>()
  private readonly lastActive = new Map<string, number>()

  /** Forgets a closed connection. */
  remove(conn: Connection): void {
    if (conn.wallet) this.byWallet.get(conn.wallet)?.delete(conn)
  }

  /** Binds `conn` to a wallet after auth; returns whether its wallet changed. */
  setUser(conn: Connection, walletAddress: string, sessionKey: string): boolean {
    const changed = conn.wallet !== walletAddress
    if (conn.wallet) this.byWallet.get(conn.wallet)?.delete(conn)
    conn.wallet = walletAddress
    conn.sessionKey = sessionKey
    let set = this.byWallet.get(walletAddress)
    if (!set) {
      set = new Set()
      this.byWallet.set(walletAddress, set)
    }
    set.add(conn)
    this.lastActive.set(walletAddress, Date.now())
    return changed
  }

  /** Every open connection authenticated as exactly this wallet string. */
  of(walletAddress: string): Connection[] {
    return [...(this.byWallet.get(walletAddress) ?? [])]
  }

  /** When the wallet last authenticated or made a private call (0 if never). */
  lastActiveAt(walletAddress: string): number {
    return this.lastActive.get(walletAddress) ?? 0
  }

  /** Records activity of the wallet now. */
  touch(walletAddress: string): void {
    this.lastActive.set(walletAddress, Date.now())
  }

  /** The connected wallet string matching a normalized address (notification routing is exact-match). */
  walletKey(normalized: string): string {
    for (const w of this.byWallet.keys()) if (norm(w) === normalized) return w
    return normalized
  }
}
