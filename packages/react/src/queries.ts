import type { AppSession, Asset, Balance, ClearNodeClient } from '@nitrolite-kit/core'
import type { Address } from 'viem'

/** Query key of a wallet's ledger balances. */
export function balancesQueryKey(parameters: { wallet?: Address | undefined }) {
  return ['nitrolite', 'ledgerBalances', { wallet: parameters.wallet }] as const
}
/** Type of {@link balancesQueryKey}. */
export type BalancesQueryKey = ReturnType<typeof balancesQueryKey>

/** Query options for a wallet's unified ledger balances. */
export function balancesQueryOptions(
  client: ClearNodeClient | undefined,
  parameters: { wallet?: Address | undefined; enabled?: boolean },
) {
  return {
    queryKey: balancesQueryKey(parameters),
    queryFn: (): Promise<Balance[]> => {
      if (!client) throw new Error('Not connected.')
      return client.getLedgerBalances()
    },
    enabled: Boolean(client && parameters.wallet && (parameters.enabled ?? true)),
  }
}

/** Query key of the node's assets. */
export function assetsQueryKey(parameters: { url: string }) {
  return ['nitrolite', 'assets', { url: parameters.url }] as const
}

/** Query options for the node's assets. */
export function assetsQueryOptions(
  client: ClearNodeClient | undefined,
  parameters: { url: string; enabled?: boolean },
) {
  return {
    queryKey: assetsQueryKey(parameters),
    queryFn: (): Promise<Asset[]> => {
      if (!client) throw new Error('Not connected.')
      return client.getAssets()
    },
    enabled: Boolean(client && (parameters.enabled ?? true)),
    staleTime: Number.POSITIVE_INFINITY,
  }
}

/** Query key of a participant's app sessions. */
export function appSessionsQueryKey(parameters: {
  participant?: Address | undefined
  status?: 'open' | 'closed' | undefined
}) {
  return [
    'nitrolite',
    'appSessions',
    { participant: parameters.participant, status: parameters.status },
  ] as const
}

/** Query options for a participant's app sessions (newest first). */
export function appSessionsQueryOptions(
  client: ClearNodeClient | undefined,
  parameters: {
    participant?: Address | undefined
    status?: 'open' | 'closed' | undefined
    enabled?: boolean
  },
) {
  return {
    queryKey: appSessionsQueryKey(parameters),
    queryFn: (): Promise<AppSession[]> => {
      if (!client) throw new Error('Not connected.')
      return client.getAppSessions({
        participant: parameters.participant,
        status: parameters.status,
      })
    },
    enabled: Boolean(client && parameters.participant && (parameters.enabled ?? true)),
  }
}
