import type { UseQueryOptions } from '@tanstack/react-query'

/** TanStack options a query hook accepts in `query` (key and function come from core's factories). */
export type QueryParameter<TData> = Omit<
  UseQueryOptions<TData, Error, TData>,
  'queryKey' | 'queryFn'
>

/**
 * Core's query options with the caller's `query` options: the caller's `enabled` can only
 * narrow the factory's (which waits for a client and the required parameters).
 *
 * @internal
 */
export function mergeQueryOptions<TData>(
  options: { enabled: boolean; queryKey: readonly unknown[]; queryFn: () => Promise<TData> },
  query: QueryParameter<TData> | undefined,
): UseQueryOptions<TData, Error, TData> {
  return {
    ...query,
    ...options,
    enabled: options.enabled && (query?.enabled ?? true),
  } as UseQueryOptions<TData, Error, TData>
}
