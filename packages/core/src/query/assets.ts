import type { ClearNodeClient } from '../connection/types.js'
import type { Asset } from '../types.js'
import { ClientNotConnectedError } from './errors.js'

/** Parameters of {@link assetsQueryKey} and {@link assetsQueryOptions}. */
export interface AssetsQueryParameters {
  /** ClearNode WebSocket URL: part of every key, so two nodes never share a cache entry. */
  url: string
  /** Set to `false` to keep the query idle. Not part of the key. Defaults to `true`. */
  enabled?: boolean | undefined
}

/**
 * Query key of the assets one node serves.
 *
 * @example
 * queryClient.getQueryData(assetsQueryKey({ url }))
 */
export function assetsQueryKey(parameters: AssetsQueryParameters) {
  const { url } = parameters
  return ['nitrolite', 'assets', { url }] as const
}

/** Type of {@link assetsQueryKey}. */
export type AssetsQueryKey = ReturnType<typeof assetsQueryKey>

/**
 * TanStack Query options for the node's assets (symbol, decimals). Never stale: a node's asset
 * list does not change while connected. `queryFn` throws {@link ClientNotConnectedError} without a client.
 *
 * @example
 * const assets = await queryClient.fetchQuery(assetsQueryOptions(client, { url: client.url }))
 */
export function assetsQueryOptions(
  client: ClearNodeClient | undefined,
  parameters: AssetsQueryParameters,
) {
  return {
    queryKey: assetsQueryKey(parameters),
    queryFn: (): Promise<Asset[]> => {
      if (!client) throw new ClientNotConnectedError()
      return client.getAssets()
    },
    enabled: Boolean(client && (parameters.enabled ?? true)),
    staleTime: Number.POSITIVE_INFINITY,
  }
}
