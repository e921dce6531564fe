import type { UseQueryOptions } from '@tanstack/react-query'

/**
 * TanStack options a query hook accepts in `query`: everything but the key and function, which
 * come from core's factories. `select` maps the node's data to `TData`.
 */
export type QueryParameter<TQueryFnData, TData = TQueryFnData> = Omit<
  UseQueryOptions<TQueryFnData, Error, TData>,
  'queryKey' | 'queryFn'
>

/**
 * Core's query options with the caller's `query` options: the caller's `enabled` can only
 * narrow the factory's (which waits for a client and the required parameters).
 *
 * @internal
 */
export function mergeQueryOptions<TQueryFnData, TData>(
  options: { enabled: boolean; queryKey: readonly unknown[]; queryFn: () => Promise<TQueryFnData> },
  query: QueryParameter<TQueryFnData, TData> | undefined,
): UseQueryOptions<TQueryFnData, Error, TData> {
  return {
    ...query,
    ...options,
    enabled: options.enabled && (query?.enabled ?? true),
  } as UseQueryOptions<TQueryFnData, Error, TData>
}
