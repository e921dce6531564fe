import {
  type AppSession,
  type ClearNodeClient,
  ClientNotConnectedError,
  type PreparedRequest,
} from '@nitrolite-kit/core'
import { type UseMutationOptions, type UseMutationResult, useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import type { Hex } from 'viem'
import { useNitroliteContext } from '../context.js'

/** TanStack options a mutation hook accepts in `mutation` (key and function come from the hook). */
export type MutationParameter<TData, TVariables> = Omit<
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

/**
 * Return type of the state-changing hooks: the `useMutation` result plus signing progress
 * (`undefined` before a call, after success and after `reset()`; after a failure, the last
 * progress, so the UI can say who did not sign).
 */
export type UseAppSessionMutationReturnType<TVariables> = UseMutationResult<
  AppSession,
  Error,
  TVariables
> & {
  progress: SigningProgress | undefined
}

/**
 * The shared body of create/submit/close: the mutation plus co-signing progress.
 *
 * @internal
 */
export function useAppSessionMutation<TVariables>(
  name: string,
  run: (
    client: ClearNodeClient,
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
      const session = await run(client, variables, (p) =>
        setProgress(toProgress(p, client.signingProgress(p).collected)),
      )
      // Done: nothing is being signed any more (a failure keeps the last progress: who did not sign).
      setProgress(undefined)
      return session
    },
  })
  const reset = result.reset
  return Object.assign(result, {
    progress,
    reset: () => {
      setProgress(undefined)
      reset()
    },
  })
}
