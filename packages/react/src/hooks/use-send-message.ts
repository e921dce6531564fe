'use client'
import { ClientNotConnectedError } from '@nitrolite-kit/core'
import { type UseMutationResult, useMutation } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { Hex } from 'viem'
import { useNitroliteContext } from '../context.js'
import type { MutationParameter } from '../utils/app-session-mutation.js'

/** Variables of {@link useSendMessage}'s `mutate`. */
export interface SendMessageVariables<TPayload = unknown> {
  appSessionId: Hex
  payload: TPayload
}

/** Parameters of {@link useSendMessage}. */
export interface UseSendMessageParameters<TPayload = unknown> {
  /** TanStack mutation options (`onSuccess`, `onError`, …). */
  mutation?: MutationParameter<void, SendMessageVariables<TPayload>> | undefined
}

/** Return type of {@link useSendMessage}. */
export type UseSendMessageReturnType<TPayload = unknown> = UseMutationResult<
  void,
  Error,
  SendMessageVariables<TPayload>
>

/**
 * Sends a session message to every participant (you receive the echo). For one session's
 * stream with a typed `send`, see {@link useSessionMessages}.
 *
 * @example
 * const { mutate: send } = useSendMessage<Move>()
 * send({ appSessionId, payload: { kind: 'move', square: 'e4' } })
 */
export function useSendMessage<TPayload = unknown>(
  parameters: UseSendMessageParameters<TPayload> = {},
): UseSendMessageReturnType<TPayload> {
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
