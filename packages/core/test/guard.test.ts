import type { Devnode } from '@nitrolite-kit/devnode'
import { address, KEYS } from '@nitrolite-kit/test-utils'
import { startTestDevnode as node } from '@nitrolite-kit/test-utils/devnode'
import type { Address, Hex } from 'viem'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  type AppDefinition,
  type AppSession,
  type ClearNodeClient,
  computeAppSessionId as computeId,
  type PreparedRequest,
  SignatureCollectionError,
  type SignatureRequest,
} from '../src/index.js'
import { client } from './helpers.js'

const ALICE = address(KEYS.alice)
const BOB = address(KEYS.bob)
const CAROL = address(KEYS.carol)

let dn: Devnode
let alice: ClearNodeClient
let bob: ClearNodeClient
/** Every request that reached Bob's user (none of the hostile ones may). */
let asked: SignatureRequest[]
let refused: string[]

beforeEach(async () => {
  dn = await node()
  await dn.fund(ALICE, 'usdc', '100')
  await dn.fund(BOB, 'usdc', '100')
  alice = client(dn.url, KEYS.alice)
  bob = client(dn.url, KEYS.bob)
  await Promise.all([alice.connect(), bob.connect()])
  asked = []
  refused = []
  bob.on('signatureRequest', (r) => {
    asked.push(r)
    void r.approve()
  })
  bob.on('signatureRequestRefused', (r) => refused.push(r.reason))
})

afterEach(async () => {
  await alice?.disconnect()
  await bob?.disconnect()
  await dn?.close()
})

const definition = (over: Partial<AppDefinition> = {}): AppDefinition => ({
  application: 'chess',
  protocol: 'NitroRPC/0.4',
  participants: [ALICE, BOB],
  weights: [50, 50],
  quorum: 100,
  challenge: 0,
  nonce: Date.now() + Math.floor(Math.random() * 1e6),
  ...over,
})

async function open(): Promise<AppSession> {
  const session = await alice.createAppSession({
    definition: definition(),
    allocations: [
      { participant: ALICE, asset: 'usdc', amount: '10' },
      { participant: BOB, asset: 'usdc', amount: '10' },
    ],
  })
  asked = []
  return session
}

/**
 * What a participant in bad faith does: hand-builds a request (no local validation), signs it
 * and asks Bob through the transport, claiming Bob's signature alone completes it.
 */
async function ask(
  method: PreparedRequest['method'],
  params: Record<string, unknown>,
  appSessionId: Hex,
  options: { timestamp?: number; definition?: AppDefinition } = {},
) {
  const timestamp = options.timestamp ?? Date.now()
  const requestId = Date.now()
  const prepared: PreparedRequest = {
    method,
    params,
    payload: JSON.stringify([requestId, method, params, timestamp]),
    requestId,
    timestamp,
    requiredSigners: [{ wallet: BOB, weight: 100 }],
    quorum: 100,
    signatures: [],
    appSessionId,
    definition: options.definition,
  }
  return alice.collectSignatures(await alice.sign(prepared), { timeoutMs: 5000 })
}

async function expectRefused(promise: Promise<unknown>, reason: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SignatureCollectionError)
  expect((error as SignatureCollectionError).reason).toBe('refused')
  expect((error as SignatureCollectionError).shortMessage).toMatch(reason)
  expect(refused.at(-1)).toMatch(reason)
  expect(asked).toEqual([])
}

const rows = (...r: [Address, string][]) =>
  r.map(([participant, amount]) => ({ participant, asset: 'usdc', amount }))

describe('the co-signing guard', () => {
  it('default: an honest request reaches the user with its exact effect', async () => {
    const session = await open()
    await alice.submitAppState({
      appSessionId: session.appSessionId,
      allocations: rows([ALICE, '15'], [BOB, '5']),
    })
    expect(asked).toHaveLength(1)
    expect(asked[0]?.intent).toBe('operate')
    expect(asked[0]?.effects).toEqual([
      { participant: ALICE, asset: 'usdc', before: '10', after: '15', change: '+5' },
      { participant: BOB, asset: 'usdc', before: '10', after: '5', change: '-5' },
    ])
    expect(asked[0]?.prepared.requiredSigners).toEqual([
      { wallet: ALICE, weight: 50 },
      { wallet: BOB, weight: 50 },
    ])
  })

  it('behavior: refuses a withdraw with duplicated rows (one row per participant and asset)', async () => {
    const s = await open()
    const params = {
      app_session_id: s.appSessionId,
      intent: 'withdraw',
      version: s.version + 1,
      allocations: rows([BOB, '0'], [BOB, '0'], [ALICE, '10']),
    }
    await expectRefused(ask('submit_app_state', params, s.appSessionId), /more than one usdc row/)
  })

  it('behavior: refuses a withdraw that raises a holding and a deposit that lowers one', async () => {
    const s = await open()
    const base = { app_session_id: s.appSessionId, version: s.version + 1 }
    await expectRefused(
      ask(
        'submit_app_state',
        { ...base, intent: 'withdraw', allocations: rows([ALICE, '20'], [BOB, '0']) },
        s.appSessionId,
      ),
      /withdrawal cannot raise/,
    )
    await expectRefused(
      ask(
        'submit_app_state',
        { ...base, intent: 'deposit', allocations: rows([ALICE, '10'], [BOB, '1']) },
        s.appSessionId,
      ),
      /deposit cannot lower/,
    )
  })

  it('behavior: refuses an operate that does not conserve and a close that leaves out a holder', async () => {
    const s = await open()
    await expectRefused(
      ask(
        'submit_app_state',
        {
          app_session_id: s.appSessionId,
          intent: 'operate',
          version: s.version + 1,
          allocations: rows([ALICE, '20'], [BOB, '10']),
        },
        s.appSessionId,
      ),
      /not fully redistributed/,
    )
    await expectRefused(
      ask(
        'close_app_session',
        { app_session_id: s.appSessionId, allocations: rows([ALICE, '20']) },
        s.appSessionId,
      ),
      /List every holder/,
    )
  })

  it('behavior: refuses a version that does not follow, a stale and a future timestamp', async () => {
    const s = await open()
    const params = (version: number) => ({
      app_session_id: s.appSessionId,
      intent: 'operate',
      version,
      allocations: rows([ALICE, '15'], [BOB, '5']),
    })
    await expectRefused(
      ask('submit_app_state', params(s.version + 2), s.appSessionId),
      /does not follow/,
    )
    await expectRefused(
      ask('submit_app_state', params(s.version + 1), s.appSessionId, {
        timestamp: Date.now() - 5 * 60_000,
      }),
      /too old/,
    )
    await expectRefused(
      ask(
        'close_app_session',
        { app_session_id: s.appSessionId, allocations: rows([ALICE, '20'], [BOB, '0']) },
        s.appSessionId,
        {
          timestamp: Date.now() + 3600_000,
        },
      ),
      /in the future/,
    )
  })

  it('behavior: refuses a create with quorum 0, a non-participant funder, or more than Bob has', async () => {
    const create = (def: AppDefinition, allocations: ReturnType<typeof rows>) =>
      ask('create_app_session', { definition: def, allocations }, computeId(def), {
        definition: def,
      })
    const zero = definition({ quorum: 0 })
    await expectRefused(create(zero, rows([BOB, '1'])), /Quorum must be/)
    const outsider = definition()
    await expectRefused(create(outsider, rows([BOB, '1'], [CAROL, '1'])), /non-participant/)
    const greedy = definition()
    await expectRefused(create(greedy, rows([BOB, '500'])), /insufficient funds/)
  })

  it('behavior: refuses a payload for another session than the one it is sent for', async () => {
    const a = await open()
    const b = await open()
    await expectRefused(
      ask(
        'close_app_session',
        { app_session_id: b.appSessionId, allocations: rows([ALICE, '20'], [BOB, '0']) },
        a.appSessionId,
      ),
      /another session/,
    )
  })

  it('behavior: a refused request moves nothing', async () => {
    const s = await open()
    await ask(
      'close_app_session',
      { app_session_id: s.appSessionId, allocations: rows([ALICE, '20']) },
      s.appSessionId,
    ).catch(() => {})
    expect(await bob.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '90' }])
    const fresh = await bob.refreshAppSession(s.appSessionId)
    expect(fresh?.status).toBe('open')
    expect(fresh?.version).toBe(s.version)
  })
})
