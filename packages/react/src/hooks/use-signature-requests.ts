'use client'
import type { SignatureRequest, SignatureRequestStatus } from '@nitrolite-kit/core'
import { useMemo } from 'react'
import { useStore } from 'zustand'
import { useNitroliteContext } from '../context.js'
import type { Hex } from '../core-types.js'

/** Parameters of {@link useSignatureRequests}. */
export interface UseSignatureRequestsParameters {
  /**
   * Which requests: `'awaiting'` (default) the pending ones waiting for this user's decision;
   * a status (`'pending'` includes the ones this user approved and that wait for others); or
   * `'all'`, every request kept (settled ones carry their `outcome`).
   */
  status?: 'awaiting' | 'all' | SignatureRequestStatus
  /** Only the requests of this session. */
  appSessionId?: Hex
}

/** Return type of {@link useSignatureRequests}. */
export type UseSignatureRequestsReturnType = SignatureRequest[]

/**
 * Co-signing requests other participants sent this user (live from the store), each with its
 * `status`, `outcome`, `signers` (who has signed), `expiresAt`, `approve()` and `reject()`.
 * Requests are durable: one sent while this user was away is offered when they return, and one
 * that left pending elsewhere (sent, cancelled, superseded, expired) leaves the default list by
 * itself, so a dialog showing it can close.
 *
 * @example
 * const requests = useSignatureRequests()
 * return requests.map((r) => <button key={r.intentId} onClick={() => r.approve()}>Sign {r.prepared.method}</button>)
 */
export function useSignatureRequests(
  parameters: UseSignatureRequestsParameters = {},
): UseSignatureRequestsReturnType {
  const { store } = useNitroliteContext('useSignatureRequests')
  const { status = 'awaiting', appSessionId } = parameters
  const awaiting = useStore(store, (s) => s.signatureRequests)
  const incoming = useStore(store, (s) => s.requests.incoming)
  return useMemo(() => {
    const list =
      status === 'awaiting'
        ? awaiting
        : status === 'all'
          ? incoming
          : incoming.filter((r) => r.status === status)
    return appSessionId ? list.filter((r) => r.appSessionId === appSessionId) : list
  }, [status, appSessionId, awaiting, incoming])
}
