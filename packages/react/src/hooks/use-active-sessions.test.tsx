import { KEYS } from '@nitrolite-kit/test-utils'
import { expect, it, vi } from 'vitest'
import { ALICE, connected, createSession, setupDevnode, slow } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useActiveSessions } from './use-active-sessions.js'
import { useNitroliteClient } from './use-nitrolite-client.js'

const node = setupDevnode()

it('default', async () => {
  const { result } = await renderWithNitrolite(
    () => ({ active: useActiveSessions(), client: useNitroliteClient() }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  expect(result.current.active).toEqual([])
  const client = await connected(() => result.current.client)
  const first = await createSession(client)
  const second = await createSession(client)
  await vi.waitUntil(() => result.current.active.length === 2, slow)
  expect(result.current.active.map((s) => s.appSessionId).sort()).toEqual(
    [first.appSessionId, second.appSessionId].sort(),
  )
  await client.closeAppSession({
    appSessionId: first.appSessionId,
    allocations: [{ participant: ALICE, asset: 'usdc', amount: '10' }],
  })
  await vi.waitUntil(() => result.current.active.length === 1, slow)
})
