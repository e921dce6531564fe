import type { Address } from 'viem'
import type { ClearNodeClient } from '../connection/types.js'
import type { AppSession } from '../types.js'
import { ClientNotConnectedError } from './errors.js'

/** Parameters of {@link appSessionsQueryKey} and {@link appSessionsQueryOptions}. */
export interface AppSessionsQueryParameters {
  /** ClearNode WebSocket URL: part of every key, so two nodes never share a cache entry. */
  url: string
  /** Whose sessions to list. The query stays idle without one. */
  participant?: Address | undefined
  /** Only sessions in this status. Defaults to all. */
  status?: 'open' | 'closed' | undefined
  /** Set to `false` to keep the query idle. Not part of the key. Defaults to `true`. */
  enabled?: boolean | undefined
}

/**
 * Query key of a participant's app sessions on one node.
 *
 * @example
 * queryClient.invalidateQueries({ queryKey: appSessionsQueryKey({ url, participant }) })
 */
export function appSessionsQueryKey(parameters: AppSessionsQueryParameters) {
  const { url, participant, status } = parameters
  return ['nitrolite', 'appSessions', { url, participant, status }] as const
}

/** Type of {@link appSessionsQueryKey}. */
export type AppSessionsQueryKey = ReturnType<typeof appSessionsQueryKey>

/**
 * TanStack Query options for a participant's app sessions as the node lists them (newest
 * first, without holdings). `queryFn` throws {@link ClientNotConnectedError} without a client.
 *
 * @example
 * const open = await queryClient.fetchQuery(
 *   appSessionsQueryOptions(client, { url: client.url, participant: wallet, status: 'open' }),
 * )
 */
export function appSessionsQueryOptions(
  client: ClearNodeClient | undefined,
  parameters: AppSessionsQueryParameters,
) {
  return {
    queryKey: appSessionsQueryKey(parameters),
    queryFn: (): Promise<AppSession[]> => {
      if (!client) throw new ClientNotConnectedError()
      return client.getAppSessions({
        participant: parameters.participant,
        status: parameters.status,
      })
    },
    enabled: Boolean(client && parameters.participant && (parameters.enabled ?? true)),
  }
}
