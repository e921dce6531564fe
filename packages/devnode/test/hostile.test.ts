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
  createSubmitAppStateMessage,
  createTransferMessage,
  RPCProtocolVersion,
} from '@erc7824/nitrolite'
import { keccak256, toBytes } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Devnode } from '../src/index.js'
import { runFuzz } from './fuzz/engine.js'
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

describe('fuzzing the WebSocket surface', () => {
  it('never crashes, always answers, and keeps the ledger invariant (fast slice of pnpm fuzz)', async () => {
    // Half unsigned garbage, half correctly signed hostile requests (random intents, rows,
    // versions, timestamps and signers) against sessions the engine keeps open.
    const report = await runFuzz({ frames: 1500, seed: 42, checkEvery: 250 })
    const out = fileURLToPath(new URL('../../../.test-results/', import.meta.url))
    mkdirSync(out, { recursive: true })
    writeFileSync(join(out, 'devnode-fuzz.json'), JSON.stringify(report, null, 2))
    expect(report.crashes).toBe(0)
    expect(report.violations).toEqual([])
    expect(report.frames).toBe(1500)
    // The signed requests got past the envelope: some were applied (so the rules were reached
    // with something to decide), and the state-changing methods were among them.
    expect(report.applied).toBeGreaterThan(10)
    expect(report.appliedByMethod.submit_app_state ?? 0).toBeGreaterThan(0)
    expect(report.appliedByMethod.close_app_session ?? 0).toBeGreaterThan(0)
  }, 120_000)
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
