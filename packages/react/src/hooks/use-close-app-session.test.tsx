import { KEYS } from '@nitrolite-kit/test-utils'
import { act } from '@testing-library/react'
import { expect, it, vi } from 'vitest'
import {
  ALICE,
  BOB,
  connected,
  createSession,
  setupDevnode,
  slow,
  useSynced,
} from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useCloseAppSession } from './use-close-app-session.js'
import { useLedgerBalances } from './use-ledger-balances.js'
import { useNitroliteClient } from './use-nitrolite-client.js'

const node = setupDevnode()

it('default', async () => {
  const { result } = await renderWithNitrolite(
    () => ({ close: useCloseAppSession(), client: useNitroliteClient() }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  const { appSessionId } = await createSession(await connected(() => result.current.client))
  act(() => {
    result.current.close.mutate({
      appSessionId,
      allocations: [{ participant: ALICE, asset: 'usdc', amount: '10' }],
    })
  })
  await vi.waitUntil(() => result.current.close.isSuccess, slow)
  expect(result.current.close.data).toMatchObject({ appSessionId, status: 'closed' })
})

it('behavior: funds return to the ledgers', async () => {
  const { result } = await renderWithNitrolite(
    () => ({
      close: useCloseAppSession(),
      client: useNitroliteClient(),
      balances: useLedgerBalances(),
      synced: useSynced(),
    }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  await vi.waitUntil(() => result.current.balances.data && result.current.synced, slow)
  const { appSessionId } = await createSession(await connected(() => result.current.client))
  act(() => {
    result.current.close.mutate({
      appSessionId,
      allocations: [
        { participant: ALICE, asset: 'usdc', amount: '4' },
        { participant: BOB, asset: 'usdc', amount: '6' },
      ],
    })
  })
  await vi.waitUntil(() => result.current.balances.data?.[0]?.amount === '94', slow)
})
