// Hostile input: property-based fuzzing of the WebSocket surface, and targeted attacks that
// the Go ClearNode refuses. The node must never crash, always answer (or close cleanly), and
// the ledger invariant must hold afterwards.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  createAppSessionMessage,
  createAuthVerifyMessageWithJWT,
  createGetLedgerBalancesMessage,
  createPingMessageV2,
  createSubmitAppStateMessage,
  createTransferMessage,
  RPCProtocolVersion,
} from '@erc7824/nitrolite'
import fc from 'fast-check'
import { keccak256, toBytes } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Devnode } from '../src/index.js'
import {
  addr,
  authenticate,
  cosign,
  ecdsa,
  errorOf,
  KEYS,
  nextNonce,
  signWith,
  TestClient,
  withNode,
} from './helpers.js'

const A = addr(KEYS.A)
const B = addr(KEYS.B)
const C = addr(KEYS.C)
let node: Devnode
let ca: TestClient
let cb: TestClient
const MINTED = { usdc: '3000' }

beforeAll(async () => {
  node = await withNode({ maxFrameBytes: 64 * 1024 })
  for (const w of [A, B, C]) await node.fund(w, 'usdc', '1000')
  ca = await TestClient.connect(node.url)
  cb = await TestClient.connect(node.url)
  expect((await authenticate(ca, KEYS.A, KEYS.SK)).res?.[2].success).toBe(true)
  expect((await authenticate(cb, KEYS.B, KEYS.SKB)).res?.[2].success).toBe(true)
})

afterAll(async () => {
  ca?.close()
  cb?.close()
  await node?.close()
})

/** Sends `text` and resolves once the node answered anything (or the socket closed). */
async function answered(c: TestClient, text: string): Promise<'answered' | 'closed'> {
  const from = c.frames.length
  c.ws.send(text)
  try {
    await c.waitFor(() => true, 3000, from)
    return 'answered'
  } catch (e) {
    if (c.closed) return 'closed'
    throw new Error(`no answer to frame: ${text.slice(0, 200)} (${(e as Error).message})`)
  }
}

describe('fuzzing the WebSocket surface', () => {
  it('never crashes, always answers, and conserves the ledger', async () => {
    const ts = Date.now()
    const valid = [
      await createTransferMessage(ecdsa(KEYS.SK), {
        destination: B,
        allocations: [{ asset: 'usdc', amount: '1' }],
      }),
      await createAppSessionMessage(ecdsa(KEYS.SK), {
        definition: {
          application: 'chess',
          protocol: RPCProtocolVersion.NitroRPC_0_4,
          participants: [A, B],
          weights: [50, 50],
          quorum: 100,
          challenge: 0,
          nonce: 1,
        },
        allocations: [{ participant: A, asset: 'usdc', amount: '1' }],
      }),
      await createGetLedgerBalancesMessage(ecdsa(KEYS.SK)),
      createPingMessageV2(),
    ]
    const amount = fc.oneof(
      fc.constantFrom(
        '-1',
        '1e400',
        '0.0000000000000000001',
        '1'.repeat(80),
        'NaN',
        '',
        '0x10',
        '1.2.3',
        '١٢٣',
      ),
      fc.double().map(String),
      fc.bigInt().map(String),
      fc.string(),
    )
    const method = fc.constantFrom(
      'transfer',
      'create_app_session',
      'submit_app_state',
      'close_app_session',
      'auth_request',
      'auth_verify',
      'message',
      'get_app_sessions',
      'get_ledger_entries',
      'revoke_session_key',
      'ping',
      'x'.repeat(300),
    )
    const deep = fc.integer({ min: 1, max: 3000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`)
    const frame = fc.oneof(
      fc.string({ minLength: 1 }),
      fc.string({ unit: 'grapheme', minLength: 1 }),
      fc.json(),
      deep.map((d) => `{"req":[1,"ping",${d},${ts}]}`),
      fc
        .record({
          m: method,
          p: fc.anything(),
          id: fc.oneof(fc.nat(), fc.double(), fc.string()),
          t: fc.oneof(fc.constant(ts), fc.nat()),
        })
        .map((r) => JSON.stringify({ req: [r.id, r.m, r.p, r.t], sig: [] })),
      fc
        .record({ m: method, a: amount, who: fc.constantFrom(A, B, C, A.toLowerCase(), 'nobody') })
        .map((r) =>
          JSON.stringify({
            req: [
              Date.now(),
              r.m,
              {
                destination: r.who,
                allocations: [{ participant: r.who, asset: 'usdc', amount: r.a }],
                app_session_id: `0x${'1'.repeat(64)}`,
              },
              Date.now(),
            ],
            sig: [],
          }),
        ),
      fc
        .tuple(fc.constantFrom(...valid), fc.nat(), fc.string({ maxLength: 3 }))
        .map(([v, i, s]) => {
          const at = i % v.length
          return v.slice(0, at) + s + v.slice(at + 1)
        }),
      fc
        .integer({ min: 64 * 1024 + 1, max: 200 * 1024 })
        .map((n) => `{"req":[1,"ping",{"pad":"${'x'.repeat(n)}"},${ts}]}`),
    )
    let tried = 0
    let closes = 0
    let conn = await TestClient.connect(node.url)
    await authenticate(conn, KEYS.A, KEYS.SK)
    await fc.assert(
      fc.asyncProperty(frame, async (text) => {
        if (conn.closed) {
          conn = await TestClient.connect(node.url)
          await authenticate(conn, KEYS.A, KEYS.SK)
        }
        tried++
        const result = await answered(conn, text)
        if (result === 'closed') closes++
      }),
      { numRuns: 2000, seed: 42 },
    )
    // Still alive and consistent.
    const alive = await TestClient.connect(node.url)
    expect((await alive.send(createPingMessageV2())).res?.[1]).toBe('pong')
    alive.close()
    conn.close()
    expect(node.totals()).toEqual(MINTED)
    const out = fileURLToPath(new URL('../../../.test-results/', import.meta.url))
    mkdirSync(out, { recursive: true })
    writeFileSync(
      join(out, 'devnode-fuzz.json'),
      JSON.stringify({ framesTried: tried, cleanCloses: closes }, null, 2),
    )
    expect(tried).toBe(2000)
  })
})

describe('targeted attacks', () => {
  const def = () => ({
    application: 'chess',
    protocol: RPCProtocolVersion.NitroRPC_0_4,
    participants: [A, B],
    weights: [50, 50],
    quorum: 100,
    challenge: 0,
    nonce: nextNonce(),
  })

  it('a replayed signed transfer is refused and moves nothing', async () => {
    const before = node.totals()
    const msg = await createTransferMessage(ecdsa(KEYS.SK), {
      destination: B,
      allocations: [{ asset: 'usdc', amount: '1' }],
    })
    expect((await ca.send(msg)).res?.[1]).toBe('transfer')
    const bal = (await ca.send(await createGetLedgerBalancesMessage(ecdsa(KEYS.SK)))).res![2]
    expect(errorOf(await ca.send(msg))).toBe(
      'operation denied: the request has already been processed',
    )
    expect((await ca.send(await createGetLedgerBalancesMessage(ecdsa(KEYS.SK)))).res![2]).toEqual(
      bal,
    )
    expect(node.totals()).toEqual(before)
  })

  it('quorum cannot be reached by counting one signer twice', async () => {
    const created = await ca.send(
      await cosign(
        await createAppSessionMessage(ecdsa(KEYS.SK), {
          definition: def(),
          allocations: [{ participant: A, asset: 'usdc', amount: '10' }],
        }),
        [],
      ),
    )
    const id = created.res![2].app_session_id
    const op = await createSubmitAppStateMessage<RPCProtocolVersion.NitroRPC_0_4>(ecdsa(KEYS.SK), {
      app_session_id: id,
      intent: 'operate' as never,
      version: 2,
      allocations: [
        { participant: A, asset: 'usdc', amount: '0' },
        { participant: B, asset: 'usdc', amount: '10' },
      ],
    })
    // the same session key twice, then the wallet and its own session key
    expect(errorOf(await ca.send(await signWith(op, [KEYS.SK, KEYS.SK])))).toBe(
      'incorrect submit_state request: quorum not reached: 50 / 100',
    )
    expect(errorOf(await ca.send(await signWith(op, [KEYS.A, KEYS.SK])))).toBe(
      'incorrect submit_state request: quorum not reached: 50 / 100',
    )
    expect(errorOf(await ca.send(await signWith(op, [KEYS.SK, KEYS.C])))).toBe(
      `signature from unknown participant wallet ${C}`,
    )
    expect(node.totals()).toEqual(MINTED)
  })

  it('a session key past its expiry no longer signs for its wallet', async () => {
    const K = '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356' as const
    const c = await TestClient.connect(node.url)
    const exp = BigInt(Math.floor(Date.now() / 1000) + 2)
    expect((await authenticate(c, KEYS.C, K, { expiresAt: exp })).res?.[2].success).toBe(true)
    await new Promise((r) => setTimeout(r, 2200))
    const before = node.totals()
    const f = await c.send(
      await createAppSessionMessage(ecdsa(K), {
        definition: def(),
        allocations: [{ participant: C, asset: 'usdc', amount: '1' }],
      }),
    )
    expect(errorOf(f)).toBe(`missing signature for participant ${C}`)
    expect(
      errorOf(
        await c.send(
          await createTransferMessage(ecdsa(K), {
            destination: A,
            allocations: [{ asset: 'usdc', amount: '1' }],
          }),
        ),
      ),
    ).toBe('invalid signature')
    expect(node.totals()).toEqual(before)
    c.close()
  })

  it('an expired JWT and a JWT with a forged payload are refused', async () => {
    const c = await TestClient.connect(node.url)
    const jwt = (await authenticate(c, KEYS.A, KEYS.SK)).res![2].jwt_token as string
    const [h, p, s] = jwt.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString())
    claims.policy.wallet = B
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`
    const d = await TestClient.connect(node.url)
    expect(errorOf(await d.send(await createAuthVerifyMessageWithJWT(forged)))).toBe(
      'invalid JWT token',
    )
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 25 * 3600_000 })
    try {
      expect(errorOf(await d.send(await createAuthVerifyMessageWithJWT(jwt, 1, Date.now())))).toBe(
        'invalid JWT token',
      )
    } finally {
      vi.useRealTimers()
    }
    c.close()
    d.close()
  })

  it('a request whose signature covers different bytes does not authorize anything', async () => {
    const before = node.totals()
    const msg = await createTransferMessage(ecdsa(KEYS.SK), {
      destination: B,
      allocations: [{ asset: 'usdc', amount: '1' }],
    })
    const tampered = msg.replace('"amount":"1"', '"amount":"900"')
    expect(errorOf(await ca.send(tampered))).toBe('invalid signature')
    // a signature made over a re-serialized req (extra space) recovers another address
    const env = JSON.parse(msg)
    const spaced = JSON.stringify(env.req).replace(',', ', ')
    const sig = await privateKeyToAccount(KEYS.SK).sign({
      hash: keccak256(toBytes(JSON.stringify(env.req))),
    })
    expect(errorOf(await ca.sendRaw(`{"req":${spaced},"sig":["${sig}"]}`, env.req[0]))).toBe(
      'invalid signature',
    )
    expect(node.totals()).toEqual(before)
  })
})
