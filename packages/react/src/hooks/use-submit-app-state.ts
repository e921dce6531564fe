'use client'
import type { Allocation, AppSession, Intent } from '@nitrolite-kit/core'
import type { Hex } from 'viem'
import {
  type MutationParameter,
  type UseAppSessionMutationReturnType,
  useAppSessionMutation,
} from '../utils/app-session-mutation.js'

/** Variables of {@link useSubmitAppState}'s `mutate`. */
export interface SubmitAppStateVariables {
  appSessionId: Hex
  allocations: Allocation[]
  /** NitroRPC/0.4 intent. Defaults to `operate`. */
  intent?: Intent
  sessionData?: string
  /** Time to wait for co-signatures. Defaults to 120 000 ms. */
  timeoutMs?: number
}

/** Parameters of {@link useSubmitAppState}. */
export interface UseSubmitAppStateParameters {
  /** TanStack mutation options (`onSuccess`, `onError`, …). */
  mutation?: MutationParameter<AppSession, SubmitAppStateVariables> | undefined
}

/** Return type of {@link useSubmitAppState}: the `useMutation` result plus `progress`. */
export type UseSubmitAppStateReturnType = UseAppSessionMutationReturnType<SubmitAppStateVariables>

/**
 * Submits an intermediate state (next version) once the quorum has signed.
 *
 * @example
 * const submit = useSubmitAppState()
 * submit.mutate({ appSessionId, allocations })
 */
export function useSubmitAppState(
  parameters: UseSubmitAppStateParameters = {},
): UseSubmitAppStateReturnType {
  return useAppSessionMutation<SubmitAppStateVariables>(
    'useSubmitAppState',
    (client, { timeoutMs, ...v }, onProgress) =>
      client.submitAppState(v, { timeoutMs, onProgress }),
    parameters.mutation,
  )
}
