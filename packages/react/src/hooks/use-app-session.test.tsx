import { KEYS } from '@nitrolite-kit/test-utils'
import { expect, it, vi } from 'vitest'
import { ALICE, connected, createSession, setupDevnode, slow } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useAppSession } from './use-app-session.js'
import { useNitroliteClient } from './use-nitrolite-client.js'

const node = setupDevnode()

it('default', async () => {
  const { result } = await renderWithNitrolite(() => useAppSession(), {
    url: node.current.url,
    privateKey: KEYS.alice,
  })
  expect(result.current).toBeUndefined()
})

it('parameters: appSessionId', async () => {
  const { result, rerender } = await renderWithNitrolite(
    ({ appSessionId }: { appSessionId?: `0x${string}` } = {}) => ({
      session: useAppSession({ appSessionId }),
      client: useNitroliteClient(),
    }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  const client = await connected(() => result.current.client)
  const { appSessionId } = await createSession(client)
  rerender({ appSessionId })
  await vi.waitUntil(() => result.current.session, slow)
  expect(result.current.session).toMatchObject({ appSessionId, status: 'open', version: 1 })
  expect(result.current.session?.allocations).toEqual([
    { participant: ALICE, asset: 'usdc', amount: '10' },
  ])
})

it('behavior: follows the session live', async () => {
  const { result, rerender } = await renderWithNitrolite(
    ({ appSessionId }: { appSessionId?: `0x${string}` } = {}) => ({
      session: useAppSession({ appSessionId }),
      client: useNitroliteClient(),
    }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  const client = await connected(() => result.current.client)
  const { appSessionId } = await createSession(client)
  rerender({ appSessionId })
  await client.submitAppState({
    appSessionId,
    allocations: [{ participant: ALICE, asset: 'usdc', amount: '10' }],
  })
  await vi.waitUntil(() => result.current.session?.version === 2, slow)
})
