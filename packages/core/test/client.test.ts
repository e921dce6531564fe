import type { Devnode } from '@nitrolite-kit/devnode'
import { address, KEYS, until } from '@nitrolite-kit/test-utils'
import { startTestDevnode as node } from '@nitrolite-kit/test-utils/devnode'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  type AppDefinition,
  type ClearNodeClient,
  ConnectionLostError,
  equalPeers,
  NodeRejectedError,
  RelayUnsupportedError,
  type SessionMessage,
  SignatureCollectionError,
  TimeoutError,
  ValidationError,
} from '../src/index.js'
import { client } from './helpers.js'

const ALICE = address(KEYS.alice)
const BOB = address(KEYS.bob)

let dn: Devnode
let alice: ClearNodeClient
let bob: ClearNodeClient

beforeEach(async () => {
  dn = await node()
  await dn.fund(ALICE, 'usdc', '100')
  await dn.fund(BOB, 'usdc', '100')
  alice = client(dn.url, KEYS.alice)
  bob = client(dn.url, KEYS.bob)
  await Promise.all([alice.connect(), bob.connect()])
})

afterEach(async () => {
  await alice?.disconnect()
  await bob?.disconnect()
  await dn?.close()
})

const definition = (): AppDefinition => ({
  application: 'chess',
  protocol: 'NitroRPC/0.4',
  participants: [ALICE, BOB],
  weights: [50, 50],
  quorum: 100,
  challenge: 0,
  nonce: Date.now() + Math.floor(Math.random() * 1e6),
})

async function open(a = '10', b = '10') {
  bob.on('signatureRequest', (r) => void r.approve())
  return alice.createAppSession({
    definition: definition(),
    allocations: [
      { participant: ALICE, asset: 'usdc', amount: a },
      { participant: BOB, asset: 'usdc', amount: b },
    ],
  })
}

describe('createClearNodeClient', () => {
  it('default: connects and authenticates with a session key', async () => {
    expect(alice.getStatus()).toBe('connected')
    expect(alice.getAccount()?.wallet).toBe(ALICE)
    expect(await alice.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '100' }])
  })

  it('behavior: full lifecycle with co-signing, messages, an intermediate state and a split close', async () => {
    const requests: string[] = []
    bob.on('signatureRequest', (r) => {
      requests.push(r.prepared.method)
      void r.approve()
    })
    const progress: number[] = []
    const session = await alice.createAppSession(
      {
        definition: definition(),
        allocations: [
          { participant: ALICE, asset: 'usdc', amount: '20' },
          { participant: BOB, asset: 'usdc', amount: '30' },
        ],
      },
      { onProgress: (p) => progress.push(alice.signingProgress(p).collected) },
    )
    expect(requests).toEqual(['create_app_session'])
    expect(progress.at(-1)).toBe(2)
    expect(session.version).toBe(1)
    expect(await alice.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '80' }])
    expect(await bob.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '70' }])
    // bob learns of the session (state hint → refresh from the node)
    await until(() => bob.getKnownSessions().some((s) => s.appSessionId === session.appSessionId))

    const atAlice: SessionMessage[] = []
    const atBob: SessionMessage[] = []
    alice.on('message', (m) => atAlice.push(m))
    bob.on('message', (m) => atBob.push(m))
    await alice.sendMessage(session.appSessionId, { text: 'hi bob' })
    await bob.sendMessage(session.appSessionId, { text: 'hi alice' })
    await until(() => atAlice.length === 2 && atBob.length === 2)
    expect(atBob.map((m) => [m.payload, m.own, m.sender])).toEqual([
      [{ text: 'hi bob' }, false, ALICE],
      [{ text: 'hi alice' }, true, BOB],
    ])

    const operated = await alice.submitAppState({
      appSessionId: session.appSessionId,
      allocations: [
        { participant: ALICE, asset: 'usdc', amount: '35' },
        { participant: BOB, asset: 'usdc', amount: '15' },
      ],
    })
    expect(operated.version).toBe(2)
    await until(
      () =>
        bob.getKnownSessions().find((s) => s.appSessionId === session.appSessionId)?.version === 2,
    )

    alice.on('signatureRequest', (r) => {
      requests.push(`alice:${r.prepared.method}`)
      void r.approve()
    })
    const closed = await bob.closeAppSession(
      {
        appSessionId: session.appSessionId,
        allocations: [
          { participant: ALICE, asset: 'usdc', amount: '40' },
          { participant: BOB, asset: 'usdc', amount: '10' },
        ],
      },
      {},
    )
    expect(closed.status).toBe('closed')
    expect(requests).toEqual(['create_app_session', 'submit_app_state', 'alice:close_app_session'])
    expect(await alice.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '120' }])
    expect(await bob.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '80' }])
    await until(
      () =>
        alice.getKnownSessions().find((s) => s.appSessionId === session.appSessionId)?.status ===
        'closed',
    )
  })

  it('behavior: equalPeers gives a staked two-player session the node accepts and settles', async () => {
    bob.on('signatureRequest', (r) => void r.approve())
    const session = await alice.createAppSession(
      equalPeers({
        application: 'chess',
        participants: [ALICE, BOB],
        stake: { asset: 'usdc', amount: '10' },
      }),
    )
    expect(session).toMatchObject({ status: 'open', weights: [1, 1], quorum: 2 })
    expect(await bob.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '90' }])
    const closed = await alice.closeAppSession({
      appSessionId: session.appSessionId,
      allocations: [
        { participant: ALICE, asset: 'usdc', amount: '20' },
        { participant: BOB, asset: 'usdc', amount: '0' },
      ],
    })
    expect(closed.status).toBe('closed')
    expect(await alice.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '110' }])
  })

  it('behavior: invalid allocations are rejected before anything is sent', async () => {
    let asked = 0
    bob.on('signatureRequest', () => asked++)
    const err = await alice
      .createAppSession({
        definition: definition(),
        allocations: [{ participant: ALICE, asset: 'usdc', amount: '1.0000001' }],
      })
      .catch((e) => e)
    expect(err).toBeInstanceOf(ValidationError)
    expect(err.issues[0].path).toBe('allocations.0.amount')
    expect(asked).toBe(0)
    const session = await open()
    const bad = await alice
      .closeAppSession({
        appSessionId: session.appSessionId,
        allocations: [
          { participant: ALICE, asset: 'usdc', amount: '25' },
          { participant: BOB, asset: 'usdc', amount: '0' },
        ],
      })
      .catch((e) => e)
    expect(bad).toBeInstanceOf(ValidationError)
    expect(bad.issues.map((i: { code: string }) => i.code)).toContain('not_conserved')
  })

  it('behavior: node rejection surfaces as NodeRejectedError with the node message', async () => {
    const p = await alice.prepareCreateAppSession({
      definition: definition(),
      allocations: [{ participant: BOB, asset: 'usdc', amount: '1' }],
    })
    const err = await alice.send(await alice.sign(p)).catch((e) => e)
    expect(err).toBeInstanceOf(NodeRejectedError)
    expect(err.nodeMessage).toBe(`missing signature for participant ${BOB}`)
  })

  it('behavior: a rejected co-signing request fails with SignatureCollectionError', async () => {
    bob.on('signatureRequest', (r) => void r.reject('not now'))
    const err = await alice
      .createAppSession({
        definition: definition(),
        allocations: [
          { participant: ALICE, asset: 'usdc', amount: '1' },
          { participant: BOB, asset: 'usdc', amount: '1' },
        ],
      })
      .catch((e) => e)
    expect(err).toBeInstanceOf(SignatureCollectionError)
    expect(err.reason).toBe('rejected')
    expect(await alice.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '100' }])
  })

  it('behavior: co-signing times out when nobody answers', async () => {
    const err = await alice
      .createAppSession(
        {
          definition: definition(),
          allocations: [
            { participant: ALICE, asset: 'usdc', amount: '1' },
            { participant: BOB, asset: 'usdc', amount: '1' },
          ],
        },
        { timeoutMs: 200 },
      )
      .catch((e) => e)
    expect(err).toBeInstanceOf(SignatureCollectionError)
    expect(err.reason).toBe('timeout')
  })

  it('behavior: a dropped socket rejects in-flight requests, then reconnects and re-authenticates', async () => {
    const statuses: string[] = []
    alice.on('status', (s) => statuses.push(s))
    const inflight = alice.getAppSessions()
    alice as any // the socket is private: drop it from the server side
    await dn.close()
    const err = await inflight.catch((e) => e)
    expect(err).toBeInstanceOf(ConnectionLostError)
    expect(statuses).toContain('reconnecting')
  })

  it('behavior: reconnect restores the connection and JWT re-auth', async () => {
    const dir = await import('node:fs').then((fs) =>
      fs.mkdtempSync(`${(globalThis as any).process.env.TMPDIR ?? '/tmp'}/core-`),
    )
    const dbPath = `${dir}/db.sqlite`
    const first = await node({ dbPath })
    const port = first.port
    await first.fund(ALICE, 'usdc', '5')
    const c = client(first.url, KEYS.alice)
    await c.connect()
    const statuses: string[] = []
    c.on('status', (s) => statuses.push(s))
    await first.close()
    await until(() => statuses.includes('reconnecting'))
    const second = await node({ dbPath, port })
    await until(() => c.getStatus() === 'connected', 8000)
    expect(await c.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '5' }])
    await c.disconnect()
    await second.close()
  })

  it('behavior: request timeout rejects with TimeoutError', async () => {
    const slow = client(dn.url, KEYS.alice, { requestTimeoutMs: 1 })
    const err = await slow.connect().catch((e) => e)
    expect(err).toBeInstanceOf(TimeoutError)
    await slow.disconnect()
  })

  it('behavior: a node that does not relay gives RelayUnsupportedError', async () => {
    const off = await node({ relay: false })
    await off.fund(ALICE, 'usdc', '10')
    const c = client(off.url, KEYS.alice)
    await c.connect()
    const err = await c.sendMessage(`0x${'ab'.repeat(32)}`, { hi: 1 }).catch((e) => e)
    expect(err).toBeInstanceOf(RelayUnsupportedError)
    expect(err.message).toContain('messageTransport')
    await c.disconnect()
    await off.close()
  })

  it('behavior: disconnect removes every listener', async () => {
    alice.on('message', () => {})
    alice.on('balances', () => {})
    expect(alice.listenerCount()).toBeGreaterThan(0)
    await alice.disconnect()
    expect(alice.listenerCount()).toBe(0)
    expect(alice.getStatus()).toBe('disconnected')
  })
})
