'use client'
import { presenceOf } from '@nitrolite-kit/core'
import { useMemo } from 'react'
import { useStore } from 'zustand'
import { useNitroliteContext } from '../context.js'
import type { Hex, Presence } from '../core-types.js'

/** Parameters of {@link usePresence}. */
export interface UsePresenceParameters {
  /** The participant to read (e.g. the opponent). Without it only `presence` is filled in. */
  address?: Hex | undefined
}

/** Return type of {@link usePresence}. */
export interface UsePresenceReturnType {
  /**
   * `address`'s state: `'online'` (a live connection to the relay), `'away'`, or `'unknown'`
   * (no `address`, a transport without presence such as the default `clearNodeRelay`, or the
   * relay connection is down right now). This user's own wallet is `'online'` when presence is
   * available.
   */
  status: 'online' | 'away' | 'unknown'
  /** When this client saw `address` come online or go away (ms); `undefined` when not seen. */
  since: number | undefined
  /** Every peer's presence, as the transport reports it. */
  presence: Presence
}

/**
 * Whether a participant is online, from the message transport's relay connection
 * (`standaloneRelay`, `broadcastChannelTransport`). A hint for people ("Bob is away"), never a
 * condition for money: it says a connection is open, not that someone is looking.
 *
 * @example
 * const { status, since } = usePresence({ address: opponent })
 * status === 'away' && <p>Bob is away{since ? ` since ${new Date(since).toLocaleTimeString()}` : ''}</p>
 */
export function usePresence(parameters: UsePresenceParameters = {}): UsePresenceReturnType {
  const { store } = useNitroliteContext('usePresence')
  const { address } = parameters
  const presence = useStore(store, (s) => s.presence)
  const wallet = useStore(store, (s) => s.account?.wallet)
  return useMemo(() => {
    const peer = address
      ? Object.entries(presence.peers).find(([w]) => w.toLowerCase() === address.toLowerCase())?.[1]
      : undefined
    return {
      status: address ? presenceOf(presence, address, wallet) : 'unknown',
      since: peer?.since,
      presence,
    }
  }, [address, presence, wallet])
}
