import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createApplicationMessage,
  createAppSessionMessage,
  createCloseAppSessionMessage,
  createGetLedgerBalancesMessage,
  createTransferMessage,
  RPCProtocolVersion,
} from '@erc7824/nitrolite'
import { afterEach, describe, expect, it } from 'vitest'
import { appSessionId, type Devnode, type DevnodeOptions } from '../src/index.js'
import {
  addr,
  authenticate,
  cosign,
  ecdsa,
  errorOf,
  KEYS,
  nextNonce,
  TestClient,
  withNode,
} from './helpers.js'
import { assertLedgerInvariant } from './invariant.js'

const A = addr(KEYS.A)
const B = addr(KEYS.B)
const C = addr(KEYS.C)
const open: { close(): unknown }[] = []
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close()
})

/** A node on a fresh database file, so that the ledger invariant can read it. */
async function start(options: DevnodeOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'devnode-ledger-'))
  const dbPath = join(dir, 'db.sqlite')
  const node = await withNode({ dbPath, ...options })
  open.push({ close: () => rmSync(dir, { recursive: true, force: true }) })
  open.push(node)
  /** Asserts the ledger invariant, given what the test minted per asset. */
  const invariant = (minted: Record<string, string>) => assertLedgerInvariant(dbPath, minted)
  return Object.assign(node, { invariant })
}

async function client(
  node: Devnode,
  wallet: `0x${string}`,
  key: `0x${string}`,
  allowance = '1000000',
) {
  const c = await TestClient.connect(node.url)
  open.push(c)
  const f = await authenticate(c, wallet, key, {
    allowances: [{ asset: 'usdc', amount: allowance }],
  })
  expect(f.res?.[2].success).toBe(true)
  return c
}

async function post(node: Devnode, body: unknown) {
  const res = await fetch(`${node.httpUrl}/faucet`, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  })
  return { status: res.status, body: (await res.json()) as any }
}

describe('http endpoints', () => {
  it('health and info', async () => {
    const node = await start()
    expect(await (await fetch(`${node.httpUrl}/health`)).json()).toEqual({ status: 'ok' })
    const info = (await (await fetch(`${node.httpUrl}/info`)).json()) as any
    expect(info).toMatchObject({
      devnode: true,
      relay: true,
      relayUrl: node.relayUrl,
      brokerAddress: node.brokerAddress,
    })
  })

  it('faucet credits, pushes bu, and refuses bad input without a ledger change', async () => {
    const node = await start()
    const c = await client(node, KEYS.A, KEYS.SK)
    const mark = c.frames.length
    const ok = await post(node, { address: A, asset: 'usdc', amount: '100' })
    expect(ok).toEqual({ status: 200, body: { address: A, asset: 'usdc', balance: '100' } })
    const bu = await c.waitFor((f) => f.res?.[1] === 'bu', 5000, mark)
    expect(bu.res![2].balance_updates).toEqual([{ asset: 'usdc', amount: '100' }])
    for (const bad of [
      { address: '0x123', asset: 'usdc', amount: '1' },
      { address: A, asset: 'btc', amount: '1' },
      { address: A, asset: 'usdc', amount: '-1' },
      { address: A, asset: 'usdc', amount: 'abc' },
      { address: A, asset: 'usdc', amount: 5 },
      'not json',
    ]) {
      const r = await post(node, bad)
      expect(r.status).toBe(400)
      expect(typeof r.body.error).toBe('string')
    }
    expect(node.totals()).toEqual({ usdc: '100' })
    node.invariant({ usdc: '100' })
  })
})

describe('relay', () => {
  it('pre-creation relay: a sign request reaches the definition participants before the session exists', async () => {
    const node = await start()
    const ca = await client(node, KEYS.A, KEYS.SK)
    const cb = await client(node, KEYS.B, KEYS.SKB)
    const cc = await client(node, KEYS.C, KEYS.SKC)
    const definition = {
      application: 'chess',
      protocol: RPCProtocolVersion.NitroRPC_0_4,
      participants: [A, B],
      weights: [50, 50],
      quorum: 100,
      challenge: 0,
      nonce: nextNonce(),
    }
    const sid = appSessionId(definition)
    const marks = [cb.frames.length, cc.frames.length]
    ca.ws.send(
      await createApplicationMessage(ecdsa(KEYS.SK), sid, { type: 'sign-request', definition }),
    )
    await cb.waitFor((f) => f.req?.[1] === 'message', 5000, marks[0])
    await cc.barrier()
    expect(cc.since(marks[1]!).some((f) => f.req)).toBe(false)
    // a definition that does not hash to the sid is refused
    const wrong = await ca.send(
      await createApplicationMessage(ecdsa(KEYS.SK), sid, {
        definition: { ...definition, nonce: 1 },
      }),
    )
    expect(errorOf(wrong)).toContain('Failed to forward message')
    // unauthenticated senders are refused
    const anon = await TestClient.connect(node.url)
    open.push(anon)
    expect(
      errorOf(await anon.send(await createApplicationMessage(ecdsa(KEYS.SK), sid, { definition }))),
    ).toBe('authentication required')
  })
})

describe('persistence', () => {
  it('a restart on the same file keeps balances, sessions and keys', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devnode-'))
    const dbPath = join(dir, 'db.sqlite')
    try {
      const node = await withNode({ dbPath })
      await node.fund(A, 'usdc', '100')
      await node.fund(B, 'usdc', '100')
      const ca = await TestClient.connect(node.url)
      const auth = await authenticate(ca, KEYS.A, KEYS.SK)
      const jwt = auth.res![2].jwt_token
      const definition = {
        application: 'chess',
        protocol: RPCProtocolVersion.NitroRPC_0_4,
        participants: [A, B],
        weights: [50, 50],
        quorum: 100,
        challenge: 0,
        nonce: nextNonce(),
      }
      const created = await ca.send(
        await createAppSessionMessage(ecdsa(KEYS.SK), {
          definition,
          allocations: [{ participant: A, asset: 'usdc', amount: '40' }],
        }),
      )
      expect(created.res?.[1]).toBe('create_app_session')
      ca.close()
      await node.close()

      const again = await withNode({ dbPath })
      const cb = await TestClient.connect(again.url)
      const re = await cb.send(
        await (await import('@erc7824/nitrolite')).createAuthVerifyMessageWithJWT(jwt),
      )
      expect(re.res?.[2].success).toBe(true)
      const bal = await cb.send(await createGetLedgerBalancesMessage(ecdsa(KEYS.SK)))
      expect(bal.res?.[2].ledger_balances).toEqual([{ asset: 'usdc', amount: '60' }])
      // the session key still maps to A after the restart, so the session can close
      const close = await cosign(
        await createCloseAppSessionMessage(ecdsa(KEYS.SK), {
          app_session_id: appSessionId(definition),
          allocations: [
            { participant: A, asset: 'usdc', amount: '10' },
            { participant: B, asset: 'usdc', amount: '30' },
          ],
        }),
        [KEYS.B],
      )
      expect((await cb.send(close)).res?.[2].status).toBe('closed')
      expect(again.totals()).toEqual({ usdc: '200' })
      cb.close()
      await again.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('invariant', () => {
  it('100 concurrent transfers and session create/close cycles conserve the minted total', async () => {
    const node = await start()
    for (const w of [A, B, C]) await node.fund(w, 'usdc', '1000')
    const ca = await client(node, KEYS.A, KEYS.SK)
    const cb = await client(node, KEYS.B, KEYS.SKB)
    const cc = await client(node, KEYS.C, KEYS.SKC)
    const clients = [
      [ca, KEYS.SK],
      [cb, KEYS.SKB],
      [cc, KEYS.SKC],
    ] as const
    const wallets = [A, B, C]
    const ops: Promise<unknown>[] = []
    for (let i = 0; i < 100; i++) {
      const [c, key] = clients[i % 3]!
      const to = wallets[(i + 1) % 3]!
      // amounts include over-drafts that must be refused atomically
      const amount = i % 10 === 0 ? '5000' : `${(i % 7) + 0.5}`
      ops.push(
        createTransferMessage(
          ecdsa(key),
          {
            destination: to,
            allocations: [{ asset: 'usdc', amount }],
            // Unique request ids: the SDK's default (the clock) repeats within a millisecond.
          },
          nextNonce(),
        ).then((m) => c.send(m)),
      )
    }
    for (let i = 0; i < 20; i++) {
      ops.push(
        (async () => {
          const definition = {
            application: 'chess',
            protocol: RPCProtocolVersion.NitroRPC_0_4,
            participants: [A, B],
            weights: [50, 50],
            quorum: 100,
            challenge: 0,
            nonce: nextNonce(),
          }
          const created = await ca.send(
            await cosign(
              await createAppSessionMessage(
                ecdsa(KEYS.SK),
                {
                  definition,
                  allocations: [
                    { participant: A, asset: 'usdc', amount: '3' },
                    { participant: B, asset: 'usdc', amount: '2' },
                  ],
                },
                nextNonce(),
              ),
              [KEYS.SKB],
            ),
          )
          // A holds far more than the transfers can take: every create must succeed.
          expect(created.res?.[1], created.text).toBe('create_app_session')
          await cb.send(
            await cosign(
              await createCloseAppSessionMessage(
                ecdsa(KEYS.SKB),
                {
                  app_session_id: created.res?.[2].app_session_id,
                  allocations: [
                    { participant: A, asset: 'usdc', amount: '1.25' },
                    { participant: B, asset: 'usdc', amount: '3.75' },
                  ],
                },
                nextNonce(),
              ),
              [KEYS.SK],
            ),
          )
        })(),
      )
    }
    await Promise.all(ops)
    expect(node.totals()).toEqual({ usdc: '3000' })
    node.invariant({ usdc: '3000' })
  })
})

describe('oversized frames', () => {
  it('answer a precise error, keep the connection, change nothing', async () => {
    const node = await start({ maxFrameBytes: 1024 })
    await node.fund(A, 'usdc', '5')
    const c = await TestClient.connect(node.url)
    open.push(c)
    const f = await c.sendRaw(`{"req":[1,"ping",{"pad":"${'x'.repeat(2000)}"},${Date.now()}]}`)
    expect(errorOf(f)).toMatch(/^message too large: \d+ bytes \(limit 1024\)$/)
    const pong = await c.sendRaw(`{"req":[2,"ping",{},${Date.now()}]}`, 2)
    expect(pong.res?.[1]).toBe('pong')
    expect(node.totals()).toEqual({ usdc: '5' })
    node.invariant({ usdc: '5' })
  })
})
