'use client'
import { type Asset, assetsQueryOptions } from '@nitrolite-kit/core'
import { type UseQueryResult, useQuery } from '@tanstack/react-query'
import { useStore } from 'zustand'
import { useNitroliteContext } from '../context.js'
import { mergeQueryOptions, type QueryParameter } from '../utils/query.js'

/** Parameters of {@link useAssets}. */
export interface UseAssetsParameters<TData = Asset[]> {
  /** TanStack Query options (`select`, `enabled`, …). */
  query?: QueryParameter<Asset[], TData> | undefined
}

/** Return type of {@link useAssets}. */
export type UseAssetsReturnType<TData = Asset[]> = UseQueryResult<TData, Error>

/**
 * The assets the node serves (symbol, decimals): a TanStack query over core's
 * `assetsQueryOptions`, fetched once per node.
 *
 * @example
 * const { data: assets = [] } = useAssets()
 */
export function useAssets<TData = Asset[]>(
  parameters: UseAssetsParameters<TData> = {},
): UseAssetsReturnType<TData> {
  const { client, store, url } = useNitroliteContext('useAssets')
  const connected = useStore(store, (s) => s.status === 'connected')
  const options = assetsQueryOptions(client, { url, enabled: connected })
  return useQuery(mergeQueryOptions(options, parameters.query))
}
