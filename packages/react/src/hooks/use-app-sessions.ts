'use client'
import { type AppSession, appSessionsQueryOptions } from '@nitrolite-kit/core'
import { type UseQueryResult, useQuery } from '@tanstack/react-query'
import type { Address } from 'viem'
import { useStore } from 'zustand'
import { useNitroliteContext } from '../context.js'
import { mergeQueryOptions, type QueryParameter } from '../utils/query.js'

/** Parameters of {@link useAppSessions}. */
export interface UseAppSessionsParameters<TData = AppSession[]> {
  /** Whose sessions. Defaults to the connected wallet. */
  participant?: Address | undefined
  /** Only sessions in this status. Defaults to all. */
  status?: 'open' | 'closed' | undefined
  /** TanStack Query options (`select`, `enabled`, `refetchInterval`, …). */
  query?: QueryParameter<AppSession[], TData> | undefined
}

/** Return type of {@link useAppSessions}. */
export type UseAppSessionsReturnType<TData = AppSession[]> = UseQueryResult<TData, Error>

/**
 * A participant's app sessions as the node lists them, newest first (TanStack query over
 * core's `appSessionsQueryOptions`; fetched, not live — use {@link useActiveSessions} for that).
 *
 * @example
 * const { data: closed } = useAppSessions({ status: 'closed' })
 */
export function useAppSessions<TData = AppSession[]>(
  parameters: UseAppSessionsParameters<TData> = {},
): UseAppSessionsReturnType<TData> {
  const { client, store, url } = useNitroliteContext('useAppSessions')
  const wallet = useStore(store, (s) => s.account?.wallet)
  const connected = useStore(store, (s) => s.status === 'connected')
  const options = appSessionsQueryOptions(client, {
    url,
    participant: parameters.participant ?? wallet,
    status: parameters.status,
    enabled: connected,
  })
  return useQuery(mergeQueryOptions(options, parameters.query))
}
