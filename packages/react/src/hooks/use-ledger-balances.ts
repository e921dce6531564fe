'use client'
import { type Balance, ledgerBalancesQueryOptions } from '@nitrolite-kit/core'
import { type UseQueryResult, useQuery } from '@tanstack/react-query'
import { useStore } from 'zustand'
import { useNitroliteContext } from '../context.js'
import { mergeQueryOptions, type QueryParameter } from '../utils/query.js'

/** Parameters of {@link useLedgerBalances}. */
export interface UseLedgerBalancesParameters<TData = Balance[]> {
  /** TanStack Query options (`select`, `enabled`, `staleTime`, …). */
  query?: QueryParameter<Balance[], TData> | undefined
}

/** Return type of {@link useLedgerBalances}. */
export type UseLedgerBalancesReturnType<TData = Balance[]> = UseQueryResult<TData, Error>

/**
 * The connected wallet's unified ledger balances (TanStack query over core's
 * `ledgerBalancesQueryOptions`), kept live by the node's `bu` pushes.
 *
 * @example
 * const { data: balances = [] } = useLedgerBalances()
 */
export function useLedgerBalances<TData = Balance[]>(
  parameters: UseLedgerBalancesParameters<TData> = {},
): UseLedgerBalancesReturnType<TData> {
  const { client, store, url } = useNitroliteContext('useLedgerBalances')
  const wallet = useStore(store, (s) => s.account?.wallet)
  const connected = useStore(store, (s) => s.status === 'connected')
  const options = ledgerBalancesQueryOptions(client, { url, wallet, enabled: connected })
  return useQuery(mergeQueryOptions(options, parameters.query))
}
