import { ledgerBalancesQueryKey } from '@nitrolite-kit/core'
import { KEYS } from '@nitrolite-kit/test-utils'
import { useQueryClient } from '@tanstack/react-query'
import { expect, it, vi } from 'vitest'
import { ALICE, createSession, setupDevnode, slow, useSynced } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useLedgerBalances } from './use-ledger-balances.js'
import { useNitroliteClient } from './use-nitrolite-client.js'

const node = setupDevnode()

it('default', async () => {
  const { result } = await renderWithNitrolite(
    () => ({ balances: useLedgerBalances(), queryClient: useQueryClient() }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  await vi.waitUntil(() => result.current.balances.isSuccess, slow)
  expect(result.current.balances.data).toEqual([{ asset: 'usdc', amount: '100' }])
  // cached under a key that names the node
  const key = ledgerBalancesQueryKey({ url: node.current.url, wallet: ALICE })
  expect(key[2]).toEqual({ url: node.current.url, wallet: ALICE })
  expect(result.current.queryClient.getQueryData(key)).toEqual(result.current.balances.data)
})

it('parameters: query', async () => {
  const { result } = await renderWithNitrolite(
    () => useLedgerBalances({ query: { select: (b) => b.map((x) => x.amount) } }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  expect(await vi.waitUntil(() => result.current.data, slow)).toEqual(['100'])
})

it('behavior: a balance push updates the data', async () => {
  const { result } = await renderWithNitrolite(
    () => ({ balances: useLedgerBalances(), client: useNitroliteClient(), synced: useSynced() }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  // (reading `data` also subscribes: TanStack re-renders only for properties read)
  await vi.waitUntil(() => result.current.balances.data && result.current.synced, slow)
  await createSession(result.current.client!, '30')
  await vi.waitUntil(() => result.current.balances.data?.[0]?.amount === '70', slow)
})
