'use client'
import type { Allocation, AppDefinition, AppSession } from '@nitrolite-kit/core'
import {
  type MutationParameter,
  type UseAppSessionMutationReturnType,
  useAppSessionMutation,
} from '../utils/app-session-mutation.js'

/** Variables of {@link useCreateAppSession}'s `mutate`. */
export interface CreateAppSessionVariables {
  definition: AppDefinition
  allocations: Allocation[]
  sessionData?: string
  /** Time to wait for co-signatures. Defaults to 120 000 ms. */
  timeoutMs?: number
}

/** Parameters of {@link useCreateAppSession}. */
export interface UseCreateAppSessionParameters {
  /** TanStack mutation options (`onSuccess`, `onError`, …). */
  mutation?: MutationParameter<AppSession, CreateAppSessionVariables> | undefined
}

/** Return type of {@link useCreateAppSession}: the `useMutation` result plus `progress`. */
export type UseCreateAppSessionReturnType =
  UseAppSessionMutationReturnType<CreateAppSessionVariables>

/**
 * Creates an app session: validates locally, signs, collects every funder's signature through
 * the transport, and sends. `progress` shows collected vs required signers.
 *
 * @example
 * const { mutate, progress, error } = useCreateAppSession()
 * mutate({ definition, allocations })
 */
export function useCreateAppSession(
  parameters: UseCreateAppSessionParameters = {},
): UseCreateAppSessionReturnType {
  return useAppSessionMutation<CreateAppSessionVariables>(
    'useCreateAppSession',
    (client, { timeoutMs, ...v }, onProgress) =>
      client.createAppSession(v, { timeoutMs, onProgress }),
    parameters.mutation,
  )
}
