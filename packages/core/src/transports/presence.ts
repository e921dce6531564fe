import { type Address, getAddress } from 'viem'
import type { PeerPresence, Presence } from './types.js'

/** The presence of a transport that reports none. */
export const NO_PRESENCE: Presence = Object.freeze({ available: false, peers: Object.freeze({}) })

const ADDRESS = /^0x[0-9a-fA-F]{40}$/

/** Keeps a transport's {@link Presence} from snapshots and changes, and tells listeners. */
export interface PresenceTracker {
  /** The current presence (a new object after every change). */
  current(): Presence
  /** A full list of who is online now (e.g. on (re)connect): everyone else known is away. */
  snapshot(online: readonly unknown[]): void
  /** One peer came online or went away (ignored unless `wallet` is an address). */
  change(wallet: unknown, online: boolean): void
  /** The source of presence is gone (disconnected): keep the last state, `available: false`. */
  unavailable(): void
  subscribe(listener: (presence: Presence) => void): () => void
}

/** Creates a {@link PresenceTracker}; `now` gives the `since` times. */
export function createPresenceTracker(now: () => number = Date.now): PresenceTracker {
  let presence: Presence = NO_PRESENCE
  const listeners = new Set<(presence: Presence) => void>()
  const set = (next: Presence) => {
    presence = next
    for (const l of listeners) l(next)
  }
  const addressOf = (w: unknown) =>
    typeof w === 'string' && ADDRESS.test(w) ? getAddress(w) : undefined
  return {
    current: () => presence,
    snapshot(online) {
      const here = new Set(online.flatMap((w) => addressOf(w) ?? []))
      const peers: Record<Address, PeerPresence> = {}
      for (const [w, p] of Object.entries(presence.peers) as [Address, PeerPresence][])
        if (!here.has(w)) peers[w] = p.online ? { online: false } : p
      for (const w of here) {
        const was = presence.peers[w]
        peers[w] = was?.online ? was : { online: true }
      }
      set({ available: true, peers })
    },
    change(wallet, online) {
      const w = addressOf(wallet)
      if (!w || presence.peers[w]?.online === online) return
      set({
        available: presence.available,
        peers: { ...presence.peers, [w]: { online, since: now() } },
      })
    },
    unavailable() {
      if (presence.available) set({ available: false, peers: presence.peers })
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

/**
 * Whether `address` is `'online'` or `'away'` in `presence`, or `'unknown'` when the transport
 * reports no presence or is not connected. `me` (this user's wallet) is online whenever presence
 * is available.
 *
 * @example
 * presenceOf(client.getPresence(), opponent) // 'online' | 'away' | 'unknown'
 */
export function presenceOf(
  presence: Presence,
  address: string,
  me?: string,
): 'online' | 'away' | 'unknown' {
  if (!presence.available) return 'unknown'
  if (me && address.toLowerCase() === me.toLowerCase()) return 'online'
  const w = ADDRESS.test(address) ? getAddress(address) : undefined
  return w && presence.peers[w]?.online ? 'online' : 'away'
}
