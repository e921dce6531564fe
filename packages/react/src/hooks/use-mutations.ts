'use client'
import type {
  Allocation,
  AppDefinition,
  AppSession,
  Intent,
  PreparedRequest,
} from '@nitrolite-kit/core'
import { type UseMutationOptions, type UseMutationResult, useMutation } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import type { Hex } from 'viem'
import { ClientNotConnectedError } from '../errors.js'
import { useNitroliteContext } from './use-nitrolite.js'

type MutationParameter<TData, TVariables> = Omit<
  UseMutationOptions<TData, Error, TVariables>,
  'mutationFn' | 'mutationKey'
>

/** Co-signing progress of the latest call: collected weight vs the weight the node needs. */
export interface SigningProgress {
  collected: number
  required: number
  /** Wallets that have signed. */
  signed: Hex[]
  /** Wallets whose signature could still count. */
  pending: Hex[]
}

function toProgress(p: PreparedRequest, collected: number): SigningProgress {
  const signed = p.signatures.map((s) => s.wallet)
  return {
    collected,
    required: p.quorum,
    signed,
    pending: p.requiredSigners.map((s) => s.wallet).filter((w) => !signed.includes(w)),
  }
}

/** Return type of the state-changing hooks: the `useMutation` result plus signing progress. */
export type UseAppSessionMutationReturnType<TVariables> = UseMutationResult<
  AppSession,
  Error,
  TVariables
> & {
  progress: SigningProgress | undefined
}

function useAppSessionMutation<TVariables>(
  name: string,
  run: (
    client: NonNullable<ReturnType<typeof useNitroliteContext>['client']>,
    v: TVariables,
    onProgress: (p: PreparedRequest) => void,
  ) => Promise<AppSession>,
  mutation: MutationParameter<AppSession, TVariables> | undefined,
): UseAppSessionMutationReturnType<TVariables> {
  const { client } = useNitroliteContext(name)
  const [progress, setProgress] = useState<SigningProgress>()
  const result = useMutation<AppSession, Error, TVariables>({
    ...mutation,
    mutationKey: ['nitrolite', name],
    mutationFn: async (variables) => {
      if (!client) throw new ClientNotConnectedError()
      setProgress(undefined)
      return run(client, variables, (p) =>
        setProgress(toProgress(p, client.signingProgress(p).collected)),
      )
    },
  })
  return Object.assign(result, { progress })
}

/** Variables of {@link useCreateAppSession}. */
export interface CreateAppSessionVariables {
  definition: AppDefinition
  allocations: Allocation[]
  sessionData?: string
  /** Time to wait for co-signatures. Defaults to 120 000 ms. */
  timeoutMs?: number
}

/** Parameters of {@link useCreateAppSession}. */
export interface UseCreateAppSessionParameters {
  mutation?: MutationParameter<AppSession, CreateAppSessionVariables>
}

/**
 * Creates an app session: validates locally, signs, collects every funder's signature through
 * the transport, and sends. `progress` shows collected vs required signers.
 *
 * @example
 * const { mutate, progress, error } = useCreateAppSession()
 * mutate({ definition, allocations })
 */
export function useCreateAppSession(parameters: UseCreateAppSessionParameters = {}) {
  return useAppSessionMutation<CreateAppSessionVariables>(
    'useCreateAppSession',
    (client, { timeoutMs, ...v }, onProgress) =>
      client.createAppSession(v, { timeoutMs, onProgress }),
    parameters.mutation,
  )
}

/** Variables of {@link useSubmitAppState}. */
export interface SubmitAppStateVariables {
  appSessionId: Hex
  allocations: Allocation[]
  /** NitroRPC/0.4 intent. Defaults to `operate`. */
  intent?: Intent
  sessionData?: string
  timeoutMs?: number
}

/** Parameters of {@link useSubmitAppState}. */
export interface UseSubmitAppStateParameters {
  mutation?: MutationParameter<AppSession, SubmitAppStateVariables>
}

/** Submits an intermediate state (next version) once the quorum has signed. */
export function useSubmitAppState(parameters: UseSubmitAppStateParameters = {}) {
  return useAppSessionMutation<SubmitAppStateVariables>(
    'useSubmitAppState',
    (client, { timeoutMs, ...v }, onProgress) =>
      client.submitAppState(v, { timeoutMs, onProgress }),
    parameters.mutation,
  )
}

/** Variables of {@link useCloseAppSession}. */
export interface CloseAppSessionVariables {
  appSessionId: Hex
  /** Final allocations: must conserve every asset's total. */
  allocations: Allocation[]
  sessionData?: string
  timeoutMs?: number
}

/** Parameters of {@link useCloseAppSession}. */
export interface UseCloseAppSessionParameters {
  mutation?: MutationParameter<AppSession, CloseAppSessionVariables>
}

/** Closes a session with final allocations once the quorum has signed; funds return to ledgers. */
export function useCloseAppSession(parameters: UseCloseAppSessionParameters = {}) {
  return useAppSessionMutation<CloseAppSessionVariables>(
    'useCloseAppSession',
    (client, { timeoutMs, ...v }, onProgress) =>
      client.closeAppSession(v, { timeoutMs, onProgress }),
    parameters.mutation,
  )
}

/** Variables of {@link useSendMessage}. */
export interface SendMessageVariables<TPayload = unknown> {
  appSessionId: Hex
  payload: TPayload
}

/** Parameters of {@link useSendMessage}. */
export interface UseSendMessageParameters<TPayload = unknown> {
  mutation?: MutationParameter<void, SendMessageVariables<TPayload>>
}

/** Sends a session message to every participant (you receive the echo). */
export function useSendMessage<TPayload = unknown>(
  parameters: UseSendMessageParameters<TPayload> = {},
): UseMutationResult<void, Error, SendMessageVariables<TPayload>> {
  const { client } = useNitroliteContext('useSendMessage')
  const mutationFn = useCallback(
    async ({ appSessionId, payload }: SendMessageVariables<TPayload>) => {
      if (!client) throw new ClientNotConnectedError()
      await client.sendMessage(appSessionId, payload)
    },
    [client],
  )
  return useMutation({
    ...parameters.mutation,
    mutationKey: ['nitrolite', 'useSendMessage'],
    mutationFn,
  })
}
