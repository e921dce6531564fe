// Durable signature requests in the production topology: a devnode that does not relay on `/ws`
// (`relay: false`) and the durable relay it embeds, reached with `standaloneRelay`. Each scenario
// is one a user hit with two tabs: a request sent while the co-signer was away, a proposer who
// reloads while the co-signer reviews, the third participant of a 2-of-3 session, a cancel, an
// expiry, a request the session moved past. A "reload" is a new client over the same storage.
import type { Devnode } from '@nitrolite-kit/devnode'
import { ALICE, BOB, CAROL, KEYS, until } from '@nitrolite-kit/test-utils'
import { startTestDevnode } from '@nitrolite-kit/test-utils/devnode'
import type { Hex } from 'viem'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import {
  type AppDefinition,
  type ClearNodeClient,
  type KeyValueStorage,
  localStorageSessionKeyStore,
  SignatureCollectionError,
  type SignatureRequest,
  SignatureRequestSettledError,
} from '../src/index.js'
import { standaloneRelay } from '../src/relay.js'
import { client as make } from './helpers.js'

let node: Devnode
const clients: ClearNodeClient[] = []

function memoryStorage(): KeyValueStorage & { removeItem(k: string): void } {
  const map = new Map<string, string>()
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  }
}

/** One "browser profile": what survives a reload. */
type Profile = { key: Hex; storage: ReturnType<typeof memoryStorage> }
const profile = (key: Hex): Profile => ({ key, storage: memoryStorage() })

/** A page load of `p`: a client over its storage (relay cursors and signature requests). */
async function open(p: Profile, extra: { restampAfterMs?: number } = {}) {
  const c = make(node.url, p.key, {
    requestTimeoutMs: 5000,
    requestStorage: p.storage,
    // Like `localStorage`: a reload (and a second tab) reuses the session key.
    sessionKeyStore: localStorageSessionKeyStore(undefined, p.storage),
    restampAfterMs: extra.restampAfterMs,
    messageTransport: standaloneRelay({
      url: node.relayUrl,
      WebSocket: WebSocket as never,
      storage: p.storage,
      timeoutMs: 5000,
      reconnect: { baseDelayMs: 20, maxDelayMs: 100 },
    }),
  })
  clients.push(c)
  const asked: SignatureRequest[] = []
  c.on('signatureRequest', (r) => void asked.push(r))
  await c.connect()
  return Object.assign(c, { asked })
}

const rows = (...r: [Hex, string][]) =>
  r.map(([participant, amount]) => ({ participant, asset: 'usdc', amount }))

function definition(participants: Hex[], weights: number[], quorum: number): AppDefinition {
  return {
    application: 'chess',
    protocol: 'NitroRPC/0.4',
    participants,
    weights,
    quorum,
    challenge: 3600,
    nonce: Date.now() + Math.floor(Math.random() * 1e6),
  }
}

/** Alice and Bob each stake 10 in an Alice–Bob session (Bob's current page approves the create). */
async function twoPlayer(alice: ClearNodeClient, bob: ClearNodeClient & { asked: unknown[] }) {
  const off = bob.on('signatureRequest', (r) => void r.approve())
  const s = await alice.createAppSession({
    definition: definition([ALICE, BOB], [50, 50], 100),
    allocations: rows([ALICE, '10'], [BOB, '10']),
  })
  off()
  bob.asked.length = 0
  return s.appSessionId
}

const error = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  )

beforeEach(async () => {
  node = await startTestDevnode({ relay: false })
  for (const w of [ALICE, BOB, CAROL]) await node.fund(w, 'usdc', '100')
})

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.disconnect()))
  await node.close()
})

describe('durable signature requests', () => {
  it('behavior: a close sent while the co-signer was away reaches them when they return, is re-stamped, and lands', async () => {
    const [a, b] = [profile(KEYS.alice), profile(KEYS.bob)]
    const alice = await open(a, { restampAfterMs: 300 })
    let bob = await open(b)
    const id = await twoPlayer(alice, bob)
    await bob.disconnect() // Bob's tab is closed
    const closing = alice.closeAppSession(
      { appSessionId: id, allocations: rows([ALICE, '15'], [BOB, '5']) },
      { timeoutMs: 60_000 },
    )
    const closeOut = () =>
      alice.getSignatureRequests().outgoing.find((r) => r.method === 'close_app_session')
    await until(() => closeOut() !== undefined)
    const out = closeOut()
    expect(out?.status).toBe('pending')
    expect(out?.signers.filter((s) => !s.signed).map((s) => s.wallet)).toEqual([BOB])
    const firstStamp = out?.id
    // Longer than the re-stamp threshold: the stamp Bob will see is stale.
    await new Promise((r) => setTimeout(r, 400))
    bob = await open(b)
    await until(() => bob.asked.length === 1, 5000)
    const request = bob.asked[0] as SignatureRequest
    expect(request.status).toBe('pending')
    expect(request.prepared.method).toBe('close_app_session')
    await request.approve()
    const closed = await closing
    expect(closed.status).toBe('closed')
    // Asked once: the fresh stamp was signed without a second prompt.
    expect(bob.asked).toHaveLength(1)
    expect(await alice.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '105' }])
    expect(await bob.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '95' }])
    await until(() => bob.getSignatureRequests().incoming[0]?.status === 'sent')
    expect(closeOut()?.status).toBe('sent')
    // What landed is a later stamp of the same content than the one Bob was first offered.
    expect(request.id).toBe(firstStamp)
    expect(closeOut()?.id).not.toBe(firstStamp)
    expect(closeOut()?.intentId).toBe(request.intentId)
  })

  it('behavior: the proposer reloads while the co-signer reviews; the approval still lands after the reload', async () => {
    const [a, b] = [profile(KEYS.alice), profile(KEYS.bob)]
    let alice = await open(a, { restampAfterMs: 300 })
    const bob = await open(b)
    const id = await twoPlayer(alice, bob)
    const first = alice
      .closeAppSession(
        { appSessionId: id, allocations: rows([ALICE, '12'], [BOB, '8']) },
        { timeoutMs: 60_000 },
      )
      .catch((e) => e)
    await until(() => bob.asked.length === 1)
    await alice.disconnect() // Alice reloads …
    await first
    await bob.asked[0]?.approve() // … while Bob approves
    alice = await open(a, { restampAfterMs: 300 })
    await until(() => alice.getSignatureRequests().outgoing[0]?.status === 'sent', 8000)
    expect((await alice.refreshAppSession(id))?.status).toBe('closed')
    expect(await alice.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '102' }])
    expect(await bob.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '98' }])
    await until(() => bob.getSignatureRequests().incoming[0]?.status === 'sent')
    expect(bob.asked).toHaveLength(1)
  })

  it('behavior: in a 2-of-3 session the third participant sees the request end as sent, and cannot sign it any more', async () => {
    const alice = await open(profile(KEYS.alice))
    const bob = await open(profile(KEYS.bob))
    const carol = await open(profile(KEYS.carol))
    const approveCreate = (c: typeof bob) => c.on('signatureRequest', (r) => void r.approve())
    const offs = [approveCreate(bob), approveCreate(carol)]
    const s = await alice.createAppSession({
      definition: definition([ALICE, BOB, CAROL], [1, 1, 1], 2),
      allocations: rows([ALICE, '10'], [BOB, '10'], [CAROL, '10']),
    })
    for (const off of offs) off()
    bob.asked.length = carol.asked.length = 0
    const settledAtCarol: string[] = []
    carol.on('signatureRequestSettled', (e) => void settledAtCarol.push(e.outcome))
    const closing = alice.closeAppSession({
      appSessionId: s.appSessionId,
      allocations: rows([ALICE, '20'], [BOB, '5'], [CAROL, '5']),
    })
    await until(() => bob.asked.length === 1 && carol.asked.length === 1)
    await bob.asked[0]?.approve()
    expect((await closing).status).toBe('closed')
    await until(() => carol.getSignatureRequests().incoming[0]?.status === 'sent')
    expect(settledAtCarol.length).toBeGreaterThan(0)
    const late = await error(carol.asked[0]!.approve())
    expect(late).toBeInstanceOf(SignatureRequestSettledError)
    expect((late as SignatureRequestSettledError).status).toBe('sent')
    expect(await carol.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '95' }])
  })

  it('behavior: the proposer cancels; the co-signer sees it cancelled and its approve refuses', async () => {
    const alice = await open(profile(KEYS.alice))
    const bob = await open(profile(KEYS.bob))
    const id = await twoPlayer(alice, bob)
    const closing = error(
      alice.closeAppSession({ appSessionId: id, allocations: rows([ALICE, '20'], [BOB, '0']) }),
    )
    await until(() => bob.asked.length === 1)
    const [out] = alice.getSignatureRequests().outgoing
    await out?.cancel('changed my mind')
    const e = await closing
    expect(e).toBeInstanceOf(SignatureCollectionError)
    expect((e as SignatureCollectionError).reason).toBe('cancelled')
    await until(() => bob.getSignatureRequests().incoming[0]?.status === 'cancelled')
    expect(bob.getSignatureRequests().incoming[0]?.outcome?.reason).toBe('changed my mind')
    expect(await error(bob.asked[0]!.approve())).toBeInstanceOf(SignatureRequestSettledError)
    expect((await alice.refreshAppSession(id))?.status).toBe('open')
    expect(await alice.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '90' }])
  })

  it('behavior: a request that expired while the co-signer was away is not offered when they return', async () => {
    const [a, b] = [profile(KEYS.alice), profile(KEYS.bob)]
    const alice = await open(a)
    let bob = await open(b)
    const id = await twoPlayer(alice, bob)
    await bob.disconnect()
    const e = await error(
      alice.closeAppSession(
        { appSessionId: id, allocations: rows([ALICE, '20'], [BOB, '0']) },
        { timeoutMs: 300 },
      ),
    )
    expect((e as SignatureCollectionError).reason).toBe('timeout')
    expect(alice.getSignatureRequests().outgoing[0]?.status).toBe('expired')
    bob = await open(b)
    // The resume has delivered everything once the relay answered a ping after it.
    await bob.sendMessage(id, 'barrier')
    expect(bob.getSignatureRequests().incoming.map((r) => r.prepared.method)).toEqual([
      'create_app_session',
    ])
    expect(bob.asked).toEqual([])
    expect((await bob.refreshAppSession(id))?.status).toBe('open')
  })

  it('behavior: a request the session moved past is superseded for both sides', async () => {
    const alice = await open(profile(KEYS.alice))
    const bob = await open(profile(KEYS.bob))
    const id = await twoPlayer(alice, bob)
    const submit = error(
      alice.submitAppState({
        appSessionId: id,
        intent: 'operate',
        allocations: rows([ALICE, '11'], [BOB, '9']),
      }),
    )
    await until(() => bob.asked.length === 1)
    // Instead of answering, Bob proposes a close and Alice signs it.
    const offAlice = alice.on('signatureRequest', (r) => void r.approve())
    await bob.closeAppSession({ appSessionId: id, allocations: rows([ALICE, '10'], [BOB, '10']) })
    offAlice()
    const e = await submit
    expect(e).toBeInstanceOf(Error)
    expect((e as Error).name).toMatch(/AppSessionClosedError|SignatureCollectionError/)
    await until(() => bob.getSignatureRequests().incoming.some((r) => r.status === 'superseded'))
    await until(() => alice.getSignatureRequests().outgoing.some((r) => r.status === 'superseded'))
    expect(await error(bob.asked[0]!.approve())).toBeInstanceOf(SignatureRequestSettledError)
  })

  it('behavior: approved in one tab, the request is answered in the other tab of the same wallet too', async () => {
    const alice = await open(profile(KEYS.alice))
    const b = profile(KEYS.bob)
    const bob = await open(b)
    const id = await twoPlayer(alice, bob)
    const bob2 = await open(b) // a second tab of the same browser
    const settled: string[] = []
    bob2.on('signatureRequestSettled', (e) => void settled.push(e.outcome))
    const closing = alice.closeAppSession({
      appSessionId: id,
      allocations: rows([ALICE, '14'], [BOB, '6']),
    })
    await until(() => bob.asked.length === 1, 5000, 'first tab asked')
    await until(() => bob2.asked.length === 1, 5000, 'second tab asked')
    await bob.asked[0]?.approve()
    expect((await closing).status).toBe('closed')
    await until(() => settled.includes('approved'))
    const there = bob2
      .getSignatureRequests()
      .incoming.find((r) => r.intentId === bob.asked[0]?.intentId)
    expect(there?.decision).toBe('approved')
  })
})
