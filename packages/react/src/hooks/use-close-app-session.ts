'use client'
import type { Allocation, AppSession } from '@nitrolite-kit/core'
import type { Hex } from 'viem'
import {
  type MutationParameter,
  type UseAppSessionMutationReturnType,
  useAppSessionMutation,
} from '../utils/app-session-mutation.js'

/** Variables of {@link useCloseAppSession}'s `mutate`. */
export interface CloseAppSessionVariables {
  appSessionId: Hex
  /** Final allocations: must conserve every asset's total. */
  allocations: Allocation[]
  sessionData?: string
  /** Time to wait for co-signatures. Defaults to 120 000 ms. */
  timeoutMs?: number
}

/** Parameters of {@link useCloseAppSession}. */
export interface UseCloseAppSessionParameters {
  /** TanStack mutation options (`onSuccess`, `onError`, …). */
  mutation?: MutationParameter<AppSession, CloseAppSessionVariables> | undefined
}

/** Return type of {@link useCloseAppSession}: the `useMutation` result plus `progress`. */
export type UseCloseAppSessionReturnType = UseAppSessionMutationReturnType<CloseAppSessionVariables>

/**
 * Closes a session with final allocations once the quorum has signed; funds return to ledgers.
 *
 * @example
 * const close = useCloseAppSession()
 * close.mutate({ appSessionId, allocations: finalSplit })
 */
export function useCloseAppSession(
  parameters: UseCloseAppSessionParameters = {},
): UseCloseAppSessionReturnType {
  return useAppSessionMutation<CloseAppSessionVariables>(
    'useCloseAppSession',
    (client, { timeoutMs, ...v }, onProgress) =>
      client.closeAppSession(v, { timeoutMs, onProgress }),
    parameters.mutation,
  )
}
