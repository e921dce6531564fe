'use client'
import type { OutgoingSignatureRequest, SignatureRequestStatus } from '@nitrolite-kit/core'
import { useMemo } from 'react'
import { useStore } from 'zustand'
import { useNitroliteContext } from '../context.js'
import type { Hex } from '../core-types.js'

/** Parameters of {@link useOutgoingSignatureRequests}. */
export interface UseOutgoingSignatureRequestsParameters {
  /** Which requests: `'pending'` (default), another status, or `'all'`. */
  status?: 'all' | SignatureRequestStatus
  /** Only the requests of this session. */
  appSessionId?: Hex
}

/** Return type of {@link useOutgoingSignatureRequests}. */
export type UseOutgoingSignatureRequestsReturnType = OutgoingSignatureRequest[]

/**
 * The co-signing requests this user proposed, newest first: who has not signed yet
 * (`signers[].signed`), until when it waits (`expiresAt`, for a countdown) and `cancel()`.
 * A request survives a reload: the client keeps collecting it and sends it once complete.
 *
 * @example
 * const [waiting] = useOutgoingSignatureRequests({ appSessionId })
 * waiting && <p>Waiting for {waiting.signers.filter((s) => !s.signed).length} · <button onClick={() => waiting.cancel()}>Cancel</button></p>
 */
export function useOutgoingSignatureRequests(
  parameters: UseOutgoingSignatureRequestsParameters = {},
): UseOutgoingSignatureRequestsReturnType {
  const { store } = useNitroliteContext('useOutgoingSignatureRequests')
  const { status = 'pending', appSessionId } = parameters
  const outgoing = useStore(store, (s) => s.requests.outgoing)
  return useMemo(
    () =>
      outgoing.filter(
        (r) =>
          (status === 'all' || r.status === status) &&
          (!appSessionId || r.appSessionId === appSessionId),
      ),
    [status, appSessionId, outgoing],
  )
}
