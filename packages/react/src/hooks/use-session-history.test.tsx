import { KEYS } from '@nitrolite-kit/test-utils'
import { expect, it, vi } from 'vitest'
import { ALICE, BOB, connected, createSession, setupDevnode, slow } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useNitroliteClient } from './use-nitrolite-client.js'
import { useSessionHistory } from './use-session-history.js'

const node = setupDevnode()

it('default', async () => {
  const { result } = await renderWithNitrolite(
    () => ({ history: useSessionHistory(), client: useNitroliteClient() }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  const client = await connected(() => result.current.client)
  const { appSessionId } = await createSession(client)
  expect(result.current.history).toEqual([])
  const final = [
    { participant: ALICE, asset: 'usdc', amount: '4' },
    { participant: BOB, asset: 'usdc', amount: '6' },
  ]
  await client.closeAppSession({ appSessionId, allocations: final })
  const [closed] = await vi.waitUntil(
    () => result.current.history.length && result.current.history,
    slow,
  )
  expect(closed).toMatchObject({ appSessionId, status: 'closed' })
})
