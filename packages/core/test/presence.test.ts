// Presence in the production topology (a devnode that does not relay on `/ws`, its durable relay
// through `standaloneRelay`) and in one browser (`broadcastChannelTransport`).
import type { Devnode } from '@nitrolite-kit/devnode'
import { ALICE, BOB, CAROL, KEYS, peersDefinition, until } from '@nitrolite-kit/test-utils'
import { startTestDevnode } from '@nitrolite-kit/test-utils/devnode'
import type { Hex } from 'viem'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  broadcastChannelTransport,
  type ClearNodeClient,
  createPresenceTracker,
  type Presence,
  presenceOf,
} from '../src/index.js'
import { standaloneRelay } from '../src/relay.js'
import { client as make } from './helpers.js'

let node: Devnode
const clients: ClearNodeClient[] = []

beforeEach(async () => {
  node = await startTestDevnode({ relay: false })
  for (const w of [ALICE, BOB]) await node.fund(w, 'usdc', '20')
})
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.disconnect()))
  await node.close()
})

async function open(key: Hex, transport: 'relay' | 'none' = 'relay') {
  const c = make(node.url, key, {
    messageTransport:
      transport === 'relay'
        ? standaloneRelay({
            url: node.relayUrl,
            WebSocket: WebSocket as never,
            reconnect: { baseDelayMs: 20, maxDelayMs: 100 },
          })
        : undefined,
  })
  clients.push(c)
  const seen: Presence[] = []
  c.on('presence', (p) => void seen.push(p))
  await c.connect()
  return Object.assign(c, { seen })
}

async function share(alice: ClearNodeClient, bob: ClearNodeClient) {
  const off = bob.on('signatureRequest', (r) => void r.approve())
  await alice.createAppSession({
    definition: peersDefinition([ALICE, BOB], { challenge: 3600 }),
    allocations: [
      { participant: ALICE, asset: 'usdc', amount: '1' },
      { participant: BOB, asset: 'usdc', amount: '1' },
    ],
  })
  off()
}

describe('presence through the durable relay', () => {
  it('shows a peer online once a session is shared, away when it leaves, online when it is back', async () => {
    const alice = await open(KEYS.alice)
    let bob = await open(KEYS.bob)
    await until(() => alice.getPresence().available && bob.getPresence().available)
    expect(alice.getPresence().peers).toEqual({})
    await share(alice, bob)
    await until(() => presenceOf(alice.getPresence(), BOB) === 'online')
    await until(() => presenceOf(bob.getPresence(), ALICE) === 'online')
    expect(presenceOf(alice.getPresence(), ALICE, ALICE)).toBe('online')

    const before = Date.now()
    await bob.disconnect()
    await until(() => presenceOf(alice.getPresence(), BOB) === 'away')
    const away = alice.getPresence().peers[BOB]
    expect(away?.online).toBe(false)
    expect(away?.since).toBeGreaterThanOrEqual(before)
    expect(alice.seen.at(-1)).toBe(alice.getPresence())

    bob = await open(KEYS.bob)
    // Bob's resume answer lists Alice; Alice is told Bob is back.
    await until(() => presenceOf(bob.getPresence(), ALICE) === 'online')
    await until(() => presenceOf(alice.getPresence(), BOB) === 'online')
    // Someone who shares no session with Alice is never listed.
    await node.fund(CAROL, 'usdc', '1')
    const carol = await open(KEYS.carol)
    await until(() => carol.getPresence().available)
    expect(carol.getPresence().peers).toEqual({})
    expect(presenceOf(carol.getPresence(), ALICE)).toBe('away')
    expect(alice.getPresence().peers[CAROL]).toBeUndefined()
  })

  it('is unknown on a transport without presence, and after disconnect', async () => {
    const alice = await open(KEYS.alice, 'none')
    expect(alice.getPresence().available).toBe(false)
    expect(presenceOf(alice.getPresence(), BOB)).toBe('unknown')
    const relayed = await open(KEYS.bob)
    await until(() => relayed.getPresence().available)
    await relayed.disconnect()
    expect(relayed.getPresence().available).toBe(false)
  })
})

describe('presence in one browser (BroadcastChannel)', () => {
  it('every other wallet with a tab on the channel is online until its tab closes', async () => {
    const name = `nk-presence-${Math.random()}`
    const tab = (key: Hex) => {
      const c = make(node.url, key, { messageTransport: broadcastChannelTransport({ name }) })
      clients.push(c)
      return c
    }
    const alice = tab(KEYS.alice)
    const bob = tab(KEYS.bob)
    const bob2 = tab(KEYS.bob)
    await alice.connect()
    await bob.connect()
    await until(() => presenceOf(alice.getPresence(), BOB) === 'online')
    await until(() => presenceOf(bob.getPresence(), ALICE) === 'online')
    await bob2.connect()
    // Away only once the last of Bob's tabs is gone.
    await bob.disconnect()
    await bob2.disconnect()
    await until(() => presenceOf(alice.getPresence(), BOB) === 'away')
  })
})

describe('createPresenceTracker', () => {
  it('ignores what is not an address, and a snapshot marks the absent away', () => {
    let t = 1000
    const tracker = createPresenceTracker(() => t)
    tracker.snapshot([BOB, 'nonsense', 42])
    expect(tracker.current()).toEqual({ available: true, peers: { [BOB]: { online: true } } })
    tracker.change('0xnot-an-address', true)
    tracker.change(CAROL.toLowerCase(), true)
    expect(tracker.current().peers[CAROL]).toEqual({ online: true, since: 1000 })
    t = 2000
    tracker.change(BOB, false)
    expect(tracker.current().peers[BOB]).toEqual({ online: false, since: 2000 })
    tracker.unavailable()
    expect(presenceOf(tracker.current(), CAROL)).toBe('unknown')
    // Reconnected: Carol left meanwhile (when is unknown), Bob is back.
    tracker.snapshot([BOB])
    expect(tracker.current().peers).toEqual({
      [BOB]: { online: true },
      [CAROL]: { online: false },
    })
  })
})
