import { describe, expect, it } from 'vitest'
import type { ClearNodeClient } from '../connection/types.js'
import { appSessionsQueryKey, appSessionsQueryOptions } from './app-sessions.js'
import { assetsQueryKey, assetsQueryOptions } from './assets.js'
import { ClientNotConnectedError } from './errors.js'
import { ledgerBalancesQueryKey, ledgerBalancesQueryOptions } from './ledger-balances.js'

const url = 'ws://127.0.0.1:8000/ws'
const wallet = '0x0000000000000000000000000000000000000001'
const client = {
  getAssets: async () => [{ symbol: 'usdc', decimals: 6 }],
  getLedgerBalances: async () => [{ asset: 'usdc', amount: '1' }],
  getAppSessions: async (p: unknown) => [p],
} as unknown as ClearNodeClient

describe('query keys', () => {
  it('default: every key names the node', () => {
    expect(ledgerBalancesQueryKey({ url, wallet })).toEqual([
      'nitrolite',
      'ledgerBalances',
      { url, wallet },
    ])
    expect(assetsQueryKey({ url })).toEqual(['nitrolite', 'assets', { url }])
    expect(appSessionsQueryKey({ url, participant: wallet, status: 'open' })).toEqual([
      'nitrolite',
      'appSessions',
      { url, participant: wallet, status: 'open' },
    ])
  })

  it('parameters: enabled is not part of the key', () => {
    expect(assetsQueryKey({ url, enabled: false })).toEqual(assetsQueryKey({ url }))
  })
})

describe('query options', () => {
  it('default: fetch through the client', async () => {
    expect(await ledgerBalancesQueryOptions(client, { url, wallet }).queryFn()).toEqual([
      { asset: 'usdc', amount: '1' },
    ])
    expect(await assetsQueryOptions(client, { url }).queryFn()).toHaveLength(1)
    expect(
      await appSessionsQueryOptions(client, {
        url,
        participant: wallet,
        status: 'closed',
      }).queryFn(),
    ).toEqual([{ participant: wallet, status: 'closed' }])
  })

  it('parameters: idle without a client, a wallet or when disabled', () => {
    expect(ledgerBalancesQueryOptions(undefined, { url, wallet }).enabled).toBe(false)
    expect(ledgerBalancesQueryOptions(client, { url }).enabled).toBe(false)
    expect(appSessionsQueryOptions(client, { url }).enabled).toBe(false)
    expect(assetsQueryOptions(client, { url, enabled: false }).enabled).toBe(false)
    expect(assetsQueryOptions(client, { url }).enabled).toBe(true)
  })

  it('behavior: queryFn without a client throws ClientNotConnectedError', () => {
    expect(() => assetsQueryOptions(undefined, { url }).queryFn()).toThrow(ClientNotConnectedError)
    expect(() => ledgerBalancesQueryOptions(undefined, { url }).queryFn()).toThrow(
      ClientNotConnectedError,
    )
    expect(() => appSessionsQueryOptions(undefined, { url }).queryFn()).toThrow(
      ClientNotConnectedError,
    )
  })
})
