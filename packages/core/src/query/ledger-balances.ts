import type { Address } from 'viem'
import type { ClearNodeClient } from '../connection/types.js'
import type { Balance } from '../types.js'
import { ClientNotConnectedError } from './errors.js'

/** Parameters of {@link ledgerBalancesQueryKey} and {@link ledgerBalancesQueryOptions}. */
export interface LedgerBalancesQueryParameters {
  /** ClearNode WebSocket URL: part of every key, so two nodes never share a cache entry. */
  url: string
  /** The authenticated wallet; part of the key so accounts never share a cache entry. */
  wallet?: Address | undefined
  /** Set to `false` to keep the query idle. Not part of the key. Defaults to `true`. */
  enabled?: boolean | undefined
}

/**
 * Query key of the authenticated wallet's unified ledger balances on one node.
 *
 * @example
 * queryClient.invalidateQueries({ queryKey: ledgerBalancesQueryKey({ url, wallet }) })
 */
export function ledgerBalancesQueryKey(parameters: LedgerBalancesQueryParameters) {
  const { url, wallet } = parameters
  return ['nitrolite', 'ledgerBalances', { url, wallet }] as const
}

/** Type of {@link ledgerBalancesQueryKey}. */
export type LedgerBalancesQueryKey = ReturnType<typeof ledgerBalancesQueryKey>

/**
 * TanStack Query options for the authenticated wallet's unified ledger balances. Enabled once
 * there is a client and a wallet; `queryFn` throws {@link ClientNotConnectedError} without a client.
 *
 * @example
 * const balances = await queryClient.fetchQuery(ledgerBalancesQueryOptions(client, { url: client.url, wallet }))
 */
export function ledgerBalancesQueryOptions(
  client: ClearNodeClient | undefined,
  parameters: LedgerBalancesQueryParameters,
) {
  return {
    queryKey: ledgerBalancesQueryKey(parameters),
    queryFn: (): Promise<Balance[]> => {
      if (!client) throw new ClientNotConnectedError()
      return client.getLedgerBalances()
    },
    enabled: Boolean(client && parameters.wallet && (parameters.enabled ?? true)),
  }
}
