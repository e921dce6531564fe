// The pluggable transport: against a node that does not relay (`relay: false`, like the 0.5.3
// production node), two clients co-sign and exchange messages through a BroadcastChannel.
import type { Devnode } from '@nitrolite-kit/devnode'
import { address, KEYS, until } from '@nitrolite-kit/test-utils'
import { startTestDevnode as node } from '@nitrolite-kit/test-utils/devnode'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  broadcastChannelTransport,
  type ClearNodeClient,
  type SessionMessage,
} from '../src/index.js'
import { client } from './helpers.js'

const ALICE = address(KEYS.alice)
const BOB = address(KEYS.bob)
let dn: Devnode
let alice: ClearNodeClient
let bob: ClearNodeClient

beforeEach(async () => {
  dn = await node({ relay: false })
  await dn.fund(ALICE, 'usdc', '20')
  await dn.fund(BOB, 'usdc', '20')
  const name = `nk-test-${Math.random()}`
  alice = client(dn.url, KEYS.alice, { messageTransport: broadcastChannelTransport({ name }) })
  bob = client(dn.url, KEYS.bob, { messageTransport: broadcastChannelTransport({ name }) })
  await Promise.all([alice.connect(), bob.connect()])
})

afterEach(async () => {
  await alice.disconnect()
  await bob.disconnect()
  await dn.close()
})

describe('broadcastChannelTransport', () => {
  it('behavior: co-signing and messages work without a relaying node', async () => {
    bob.on('signatureRequest', (r) => void r.approve())
    const session = await alice.createAppSession({
      definition: {
        application: 'chess',
        protocol: 'NitroRPC/0.4',
        participants: [ALICE, BOB],
        weights: [50, 50],
        quorum: 100,
        challenge: 0,
        nonce: Date.now(),
      },
      allocations: [
        { participant: ALICE, asset: 'usdc', amount: '5' },
        { participant: BOB, asset: 'usdc', amount: '5' },
      ],
    })
    expect(await bob.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '15' }])
    const atBob: SessionMessage[] = []
    const atAlice: SessionMessage[] = []
    bob.on('message', (m) => atBob.push(m))
    alice.on('message', (m) => atAlice.push(m))
    await alice.sendMessage(session.appSessionId, { hi: 'bob' })
    await until(() => atBob.length === 1 && atAlice.length === 1)
    expect(atBob[0]).toMatchObject({ sender: ALICE, own: false, payload: { hi: 'bob' } })
    expect(atAlice[0]).toMatchObject({ own: true })
  })
})

describe('broadcastChannelTransport with storage (durable)', () => {
  it('behavior: what was sent while a tab was closed is delivered when it comes back, in order and once; a pending request too', async () => {
    const map = new Map<string, string>()
    const storage = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
    }
    const name = `nk-durable-${Math.random()}`
    const durable = () => broadcastChannelTransport({ name, storage })
    await alice.disconnect()
    await bob.disconnect()
    alice = client(dn.url, KEYS.alice, { messageTransport: durable() })
    let bobTab = client(dn.url, KEYS.bob, { messageTransport: durable() })
    await Promise.all([alice.connect(), bobTab.connect()])
    bobTab.on('signatureRequest', (r) => void r.approve())
    const session = await alice.createAppSession({
      definition: {
        application: 'chess',
        protocol: 'NitroRPC/0.4',
        participants: [ALICE, BOB],
        weights: [50, 50],
        quorum: 100,
        challenge: 0,
        nonce: Date.now(),
      },
      allocations: [
        { participant: ALICE, asset: 'usdc', amount: '5' },
        { participant: BOB, asset: 'usdc', amount: '5' },
      ],
    })
    await bobTab.disconnect() // Bob closes his tab
    await alice.sendMessage(session.appSessionId, { n: 1 })
    await alice.sendMessage(session.appSessionId, { n: 2 })
    const closing = alice.closeAppSession({
      appSessionId: session.appSessionId,
      allocations: [
        { participant: ALICE, asset: 'usdc', amount: '7' },
        { participant: BOB, asset: 'usdc', amount: '3' },
      ],
    })
    bobTab = client(dn.url, KEYS.bob, { messageTransport: durable() })
    bob = bobTab
    const atBob: SessionMessage[] = []
    bobTab.on('message', (m) => void atBob.push(m))
    bobTab.on('signatureRequest', (r) => void r.approve())
    await bobTab.connect()
    expect((await closing).status).toBe('closed')
    await until(() => atBob.filter((m) => !m.own).length >= 2)
    expect(atBob.filter((m) => !m.own).map((m) => m.payload)).toEqual([{ n: 1 }, { n: 2 }])
    expect(await bobTab.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '18' }])
  })
})
