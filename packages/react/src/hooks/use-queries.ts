'use client'
import type { AppSession, Asset, Balance } from '@nitrolite-kit/core'
import { type UseQueryOptions, type UseQueryResult, useQuery } from '@tanstack/react-query'
import type { Address } from 'viem'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { appSessionsQueryOptions, assetsQueryOptions, balancesQueryOptions } from '../queries.js'
import { useNitroliteContext } from './use-nitrolite.js'

type QueryParameter<T> = Omit<UseQueryOptions<T, Error, T>, 'queryKey' | 'queryFn'>

/** Parameters of {@link useLedgerBalances}. */
export interface UseLedgerBalancesParameters {
  query?: QueryParameter<Balance[]>
}
/** Return type of {@link useLedgerBalances}. */
export type UseLedgerBalancesReturnType = UseQueryResult<Balance[], Error>

/** The connected wallet's unified ledger balances, kept live by `bu` pushes. */
export function useLedgerBalances(
  parameters: UseLedgerBalancesParameters = {},
): UseLedgerBalancesReturnType {
  const { client, store } = useNitroliteContext('useLedgerBalances')
  const wallet = useStore(store, (s) => s.account?.wallet) as Address | undefined
  const status = useStore(store, (s) => s.status)
  const options = balancesQueryOptions(client, { wallet, enabled: status === 'connected' })
  return useQuery({
    ...parameters.query,
    ...options,
    enabled: options.enabled && (parameters.query?.enabled ?? true),
  } as UseQueryOptions<Balance[], Error, Balance[]>)
}

/** Parameters of {@link useAssets}. */
export interface UseAssetsParameters {
  query?: QueryParameter<Asset[]>
}

/** The assets the node serves (symbol, decimals). */
export function useAssets(parameters: UseAssetsParameters = {}): UseQueryResult<Asset[], Error> {
  const { client, store, url } = useNitroliteContext('useAssets')
  const status = useStore(store, (s) => s.status)
  const options = assetsQueryOptions(client, { url, enabled: status === 'connected' })
  return useQuery({
    ...parameters.query,
    ...options,
    enabled: options.enabled && (parameters.query?.enabled ?? true),
  } as UseQueryOptions<Asset[], Error, Asset[]>)
}

/** Parameters of {@link useAppSessions}. */
export interface UseAppSessionsParameters {
  /** Defaults to the connected wallet. */
  participant?: Address
  status?: 'open' | 'closed'
  query?: QueryParameter<AppSession[]>
}

/** A participant's app sessions from the node (newest first). */
export function useAppSessions(
  parameters: UseAppSessionsParameters = {},
): UseQueryResult<AppSession[], Error> {
  const { client, store } = useNitroliteContext('useAppSessions')
  const wallet = useStore(store, (s) => s.account?.wallet) as Address | undefined
  const status = useStore(store, (s) => s.status)
  const options = appSessionsQueryOptions(client, {
    participant: parameters.participant ?? wallet,
    status: parameters.status,
    enabled: status === 'connected',
  })
  return useQuery({
    ...parameters.query,
    ...options,
    enabled: options.enabled && (parameters.query?.enabled ?? true),
  } as UseQueryOptions<AppSession[], Error, AppSession[]>)
}

/** Open sessions I take part in, newest first, live (store-backed; survive a reload). */
export function useActiveSessions(): AppSession[] {
  const { store } = useNitroliteContext('useActiveSessions')
  return useStore(
    store,
    useShallow((s) =>
      s.activeSessionIds.map((id) => s.sessions[id]).filter((x): x is AppSession => Boolean(x)),
    ),
  )
}

/** Closed sessions I took part in, most recently updated first. */
export function useSessionHistory(): AppSession[] {
  const { store } = useNitroliteContext('useSessionHistory')
  return useStore(
    store,
    useShallow((s) =>
      Object.values(s.sessions)
        .filter((x) => x.status === 'closed')
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)),
    ),
  )
}

/** One session from the store (live: `asu`, create, close), or `undefined`. */
export function useAppSession(appSessionId: `0x${string}` | undefined): AppSession | undefined {
  const { store } = useNitroliteContext('useAppSession')
  return useStore(store, (s) => (appSessionId ? s.sessions[appSessionId] : undefined))
}
