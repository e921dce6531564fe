'use client'
import type { SignatureRequest } from '@nitrolite-kit/core'
import { useStore } from 'zustand'
import { useNitroliteContext } from '../context.js'

/** Parameters of {@link useSignatureRequests}. None yet; reserved so every hook has one shape. */
export type UseSignatureRequestsParameters = Record<string, never>

/** Return type of {@link useSignatureRequests}. */
export type UseSignatureRequestsReturnType = SignatureRequest[]

/**
 * Co-signing requests waiting for this user's decision (live from the store), each with
 * `approve()` and `reject()`.
 *
 * @example
 * const requests = useSignatureRequests()
 * return requests.map((r) => <button key={r.id} onClick={() => r.approve()}>Sign {r.prepared.method}</button>)
 */
export function useSignatureRequests(
  _parameters: UseSignatureRequestsParameters = {},
): UseSignatureRequestsReturnType {
  const { store } = useNitroliteContext('useSignatureRequests')
  return useStore(store, (s) => s.signatureRequests)
}
