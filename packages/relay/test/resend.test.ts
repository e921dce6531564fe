// A message whose connection to the relay is lost before its acknowledgement is delivered
// exactly once: core's `standaloneRelay` keeps it, and after it resumes either finds it in the
// replay (the relay stored it) or sends the same bytes again (the relay never got it). The
// network is a proxy between the client and a real relay that loses what the test says.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ClearNodeClient } from '@nitrolite-kit/core'
import type { Devnode } from '@nitrolite-kit/devnode'
import { ALICE, KEYS, until } from '@nitrolite-kit/test-utils'
import { startTestDevnode } from '@nitrolite-kit/test-utils/devnode'
import type { Hex } from 'viem'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket, { WebSocketServer } from 'ws'
import { type Relay, startRelay } from '../src/index.js'
import { aliceAndBob, relayedClient } from './clients.js'

/** What the proxy does to the next `message` on the armed path, then it cuts the connection. */
type Loss = 'request' | 'answer' | undefined

/**
 * A WebSocket proxy to `target`: every socket pair forwards both ways until a loss is armed.
 * `request`: the next `message` request never reaches the relay. `answer`: it does (the relay
 * stores it), its answer never comes back. Either way both sockets are then closed.
 */
async function lossyProxy(target: string) {
  const state = { loss: undefined as Loss, cuts: 0 }
  const http: Server = createServer()
  const wss = new WebSocketServer({ server: http })
  wss.on('connection', (client) => {
    const upstream = new WebSocket(target)
    const early: string[] = []
    const cut = () => {
      state.loss = undefined
      state.cuts++
      client.terminate()
      upstream.terminate()
    }
    upstream.on('open', () => {
      for (const t of early.splice(0)) upstream.send(t)
    })
    client.on('message', (data) => {
      const text = String(data)
      if (state.loss === 'request' && text.includes('"message"')) return cut()
      if (upstream.readyState === WebSocket.OPEN) upstream.send(text)
      else early.push(text)
    })
    upstream.on('message', (data) => {
      const text = String(data)
      if (state.loss === 'answer' && text.startsWith('{"res":[') && text.includes('"message"'))
        return cut()
      client.send(text)
    })
    client.on('close', () => upstream.close())
    upstream.on('close', () => client.close())
    client.on('error', () => {})
    upstream.on('error', () => {})
  })
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  return {
    url: `ws://127.0.0.1:${(http.address() as AddressInfo).port}`,
    state,
    close: async () => {
      for (const c of wss.clients) c.terminate()
      await new Promise<void>((resolve) => wss.close(() => http.close(() => resolve())))
    },
  }
}

let node: Devnode
let relay: Relay
let proxy: Awaited<ReturnType<typeof lossyProxy>>
const clients: ClearNodeClient[] = []

function client(key: Hex, relayUrl: string): ClearNodeClient {
  const c = relayedClient(node.url, key, relayUrl)
  clients.push(c)
  return c
}

beforeEach(async () => {
  node = await startTestDevnode({ relay: false })
  await node.fund(ALICE, 'usdc', '20')
  relay = await startRelay({ clearnode: node.url })
  proxy = await lossyProxy(relay.url)
})

afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect()
  await proxy.close()
  await relay.close()
  await node.close()
})

describe('a send whose connection is lost before the answer', () => {
  it('stored but unanswered, or never received: delivered exactly once after the reconnect', async () => {
    // Alice goes through the proxy; Bob is connected to the relay directly.
    const alice = client(KEYS.alice, proxy.url)
    const bob = client(KEYS.bob, relay.url)
    const session = await aliceAndBob(alice, bob, [
      { participant: ALICE, asset: 'usdc', amount: '1' },
    ])
    const atBob: unknown[] = []
    const atAlice: unknown[] = []
    bob.on('message', (m) => atBob.push(m.payload))
    alice.on('message', (m) => atAlice.push(m.payload))
    await alice.sendMessage(session.appSessionId, 1)

    // The relay stores 2, the answer is lost with the connection: the send still resolves, from
    // the replay after Alice resumes, and nothing is sent twice.
    proxy.state.loss = 'answer'
    await alice.sendMessage(session.appSessionId, 2)
    expect(proxy.state.cuts).toBe(1)

    // 3 never reaches the relay: sent again after the resume.
    proxy.state.loss = 'request'
    await alice.sendMessage(session.appSessionId, 3)
    expect(proxy.state.cuts).toBe(2)

    await bob.sendMessage(session.appSessionId, 'barrier')
    await until(() => atBob.length === 4 && atAlice.length === 4)
    expect(atBob).toEqual([1, 2, 3, 'barrier'])
    expect(atAlice).toEqual([1, 2, 3, 'barrier'])
  })
})
