import { createClearNodeClient } from '@nitrolite-kit/core'
import { standaloneRelay } from '@nitrolite-kit/core/relay'
import { KEYS, localWallet } from '@nitrolite-kit/test-utils'
import { expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { ALICE, BOB, connected, createSession, setupDevnode, slow } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useNitroliteClient } from './use-nitrolite-client.js'
import { usePresence } from './use-presence.js'

const node = setupDevnode()
const relay = () =>
  standaloneRelay({
    url: node.current.relayUrl,
    WebSocket: WebSocket as never,
    reconnect: { baseDelayMs: 20, maxDelayMs: 100 },
  })

it('default', async () => {
  const { result } = await renderWithNitrolite(
    () => ({ presence: usePresence(), client: useNitroliteClient() }),
    { url: node.current.url, privateKey: KEYS.alice, messageTransport: relay() },
  )
  await connected(() => result.current.client)
  await vi.waitUntil(() => result.current.presence.presence.available, slow)
  expect(result.current.presence.status).toBe('unknown')
  expect(result.current.presence.presence.peers).toEqual({})
})

it('parameters: address', async () => {
  const { result } = await renderWithNitrolite(
    () => ({
      bob: usePresence({ address: BOB }),
      me: usePresence({ address: ALICE }),
      client: useNitroliteClient(),
    }),
    { url: node.current.url, privateKey: KEYS.alice, messageTransport: relay() },
  )
  const alice = await connected(() => result.current.client)
  const bob = createClearNodeClient({
    url: node.current.url,
    application: 'chess',
    walletSigner: localWallet(KEYS.bob),
    WebSocket,
    keepAliveMs: 0,
    messageTransport: relay(),
  })
  await bob.connect()
  await vi.waitUntil(() => bob.getPresence().available, slow)
  expect(result.current.bob.status).toBe('away')
  // A message in a shared session makes them peers.
  const { appSessionId } = await createSession(alice)
  await alice.sendMessage(appSessionId, { hello: 'bob' })
  await vi.waitUntil(() => result.current.bob.status === 'online', slow)
  expect(result.current.me.status).toBe('online')
  const before = Date.now()
  await bob.disconnect()
  await vi.waitUntil(() => result.current.bob.status === 'away', slow)
  expect(result.current.bob.since).toBeGreaterThanOrEqual(before)
})

it('behavior: unknown on a transport without presence', async () => {
  const { result } = await renderWithNitrolite(
    () => ({ bob: usePresence({ address: BOB }), client: useNitroliteClient() }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  await connected(() => result.current.client)
  expect(result.current.bob).toMatchObject({ status: 'unknown', since: undefined })
})
