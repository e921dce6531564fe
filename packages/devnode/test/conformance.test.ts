// protocol.md §9: conformance against the Go ClearNode's behaviour, driven through the SDK.
import {
  createApplicationMessage,
  createAppSessionMessage,
  createAuthRequestMessage,
  createAuthVerifyMessageWithJWT,
  createCloseAppSessionMessage,
  createGetAppDefinitionMessageV2,
  createGetConfigMessageV2,
  createGetLedgerBalancesMessage,
  createGetSessionKeysMessage,
  createPingMessageV2,
  createRevokeSessionKeyMessage,
  createSubmitAppStateMessage,
  createTransferMessage,
  parseAnyRPCResponse,
  RPCProtocolVersion,
} from '@erc7824/nitrolite'
import { keccak256, recoverAddress, toBytes } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appSessionId, type Devnode } from '../src/index.js'
import { recoverSigners } from '../src/util/crypto.js'
import {
  addr,
  authenticate,
  cosign,
  ecdsa,
  errorOf,
  type Frame,
  KEYS,
  nextNonce,
  signWith,
  TestClient,
  withNode,
} from './helpers.js'

const A = addr(KEYS.A)
const B = addr(KEYS.B)
const SK = addr(KEYS.SK)
const P04 = RPCProtocolVersion.NitroRPC_0_4

let node: Devnode
let ca: TestClient
let cb: TestClient
const allFrames: Frame[] = []

beforeAll(async () => {
  node = await withNode()
  await node.fund(A, 'usdc', '10000')
  await node.fund(B, 'usdc', '10000')
  ca = await TestClient.connect(node.url)
  cb = await TestClient.connect(node.url)
  expect((await authenticate(ca, KEYS.A, KEYS.SK)).res?.[2].success).toBe(true)
  expect((await authenticate(cb, KEYS.B, KEYS.SKB)).res?.[2].success).toBe(true)
})

afterAll(async () => {
  allFrames.push(...ca.frames, ...cb.frames)
  ca.close()
  cb.close()
  await node.close()
})

function def(overrides: Record<string, unknown> = {}) {
  return {
    application: 'chess',
    protocol: P04,
    participants: [A, B],
    weights: [50, 50],
    quorum: 100,
    challenge: 86400,
    nonce: nextNonce(),
    ...overrides,
  } as any
}

async function createS1(
  allocs: { participant: `0x${string}`; amount: string }[] = [{ participant: A, amount: '100' }],
  keys = [KEYS.SK],
) {
  const msg = await signWith(
    await createAppSessionMessage(ecdsa(KEYS.SK), {
      definition: def(),
      allocations: allocs.map((a) => ({ ...a, asset: 'usdc' })),
    }),
    keys,
  )
  const f = await ca.send(msg)
  return (parseAnyRPCResponse(f.text) as any).params.appSessionId as `0x${string}`
}

async function balance(c: TestClient, key: `0x${string}`, account?: string) {
  const f = await c.send(await createGetLedgerBalancesMessage(ecdsa(key), account))
  return Object.fromEntries(f.res![2].ledger_balances.map((b: any) => [b.asset, b.amount]))
}

const ts = () => Date.now()

describe('envelope and signing', () => {
  it('1: first frame is a broker-signed assets notification', async () => {
    const c = await TestClient.connect(node.url)
    const first = c.frames[0]!
    expect(first.res?.[0]).toBe(0)
    expect(first.res?.[1]).toBe('assets')
    const resBytes = JSON.stringify(first.res)
    const signer = await recoverAddress({
      hash: keccak256(toBytes(resBytes)),
      signature: first.sig![0] as `0x${string}`,
    })
    const config = await c.send(createGetConfigMessageV2())
    expect(signer).toBe(config.res![2].broker_address)
    expect(signer).toBe(node.brokerAddress)
    c.close()
  })

  it('2–4: malformed frames', async () => {
    const bad = await ca.sendRaw('not json')
    expect(errorOf(bad)).toBe('invalid message format')
    expect(String(bad.res![0])).toMatch(/^\d{13}$/)
    expect(errorOf(await ca.sendRaw(`{"req":[0,"ping",{},${ts()}]}`))).toBe(
      'message validation failed',
    )
    expect(errorOf(await ca.sendRaw(`{"req":[5,"ping",null,${ts()}]}`, 5))).toBe(
      'message validation failed',
    )
    expect(errorOf(await ca.sendRaw(`{"req":[5,"ping",{},${ts()},1]}`))).toBe(
      'invalid message format',
    )
    expect(errorOf(await ca.sendRaw(`{"req":[1.5,"ping",{},${ts()}]}`))).toBe(
      'invalid message format',
    )
    expect(errorOf(await ca.sendRaw(`{"req":[6,"ping",{},${ts()}],"sig":["nothex"]}`))).toBe(
      'invalid message format',
    )
  })

  it('5–6: routing precedes auth; ping needs no auth or fresh timestamp', async () => {
    const c = await TestClient.connect(node.url)
    const f = await c.sendRaw(`{"req":[7,"foo",{},${ts()}]}`, 7)
    expect(f.res?.[1]).toBe('error')
    expect(errorOf(f)).toBe('unknown method: foo')
    const pong = await c.sendRaw(`{"req":[8,"ping",{},${ts() - 365 * 86400_000}]}`, 8)
    expect(pong.res?.[1]).toBe('pong')
    c.close()
  })

  it('7: recovery over the exact req bytes (TV1)', async () => {
    const frame =
      '{"req":[1,"get_ledger_balances",{},1700000000000],"sig":["0x5c81ebe3638547161240741bb841ad5ab4aa93db2489ac88dcd1b649ebd56c1c220385b9fe12b8a86efcafd510acad9d3b7c0f21eb0282d2284cf51b92005e901b"]}'
    const env = JSON.parse(frame)
    expect(await recoverSigners('[1,"get_ledger_balances",{},1700000000000]', env.sig)).toEqual([
      '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    ])
    const spaced = await recoverSigners('[1, "get_ledger_balances",{},1700000000000]', env.sig)
    expect(spaced[0]).not.toBe('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')
  })

  it('8: a client-sent res frame is refused and not forwarded', async () => {
    const mark = cb.frames.length
    const f = await ca.sendRaw(`{"res":[1,"message",{},${ts()}],"sid":"0x${'ab'.repeat(32)}"}`)
    expect(errorOf(f)).toBe('message validation failed')
    await cb.barrier()
    expect(cb.since(mark).filter((f) => f.res?.[1] !== 'pong')).toEqual([])
  })

  it('TV3/TV4: app_session_id over Go JSON', () => {
    const participants = [
      '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
    ]
    expect(
      appSessionId({
        application: 'chess',
        protocol: 'NitroRPC/0.4',
        participants,
        weights: [50, 50],
        quorum: 100,
        challenge: 86400,
        nonce: 1,
      }),
    ).toBe('0x4b1e7acde82b2f2b1f2f0d8747f9ccecfe54843aff583beaaf14f0d3ef5d603d')
    expect(
      appSessionId({
        application: 'a<b&c>',
        protocol: 'NitroRPC/0.2',
        participants,
        weights: [1, 1],
        quorum: 2,
        challenge: 0,
        nonce: 7,
      }),
    ).toBe('0x9caed3500d6cdbecdbb789afa60478d532e4a87215eb82b8c57a34647e05e2aa')
  })
})

describe('auth', () => {
  it('9: private methods need auth', async () => {
    const c = await TestClient.connect(node.url)
    expect(errorOf(await c.send(await createGetLedgerBalancesMessage(ecdsa(KEYS.SK))))).toBe(
      'authentication required',
    )
    c.close()
  })

  it('10: the SDK flow succeeds, then channels and bu', async () => {
    const c = await TestClient.connect(node.url)
    const mark = c.frames.length
    const f = await authenticate(c, KEYS.A, KEYS.SK)
    expect(f.res?.[2]).toMatchObject({ success: true, session_key: SK, address: A })
    expect(typeof f.res?.[2].jwt_token).toBe('string')
    const after = c.since(mark).map((x) => x.res?.[1])
    await c.waitFor((x) => x.res?.[1] === 'bu')
    const order = c.since(mark).map((x) => x.res?.[1])
    expect(order.slice(order.indexOf('auth_verify'))).toEqual(['auth_verify', 'channels', 'bu'])
    void after
    c.close()
  })

  it('11: signature by the session key, or a lowercased address, is refused', async () => {
    const c = await TestClient.connect(node.url)
    const { createEIP712AuthMessageSigner, createAuthVerifyMessageFromChallenge } = await import(
      '@erc7824/nitrolite'
    )
    const { walletClient } = await import('./helpers.js')
    const exp = BigInt(Math.floor(ts() / 1000) + 3600)
    const c2 = await c.send(
      await createAuthRequestMessage({
        address: A,
        session_key: SK,
        application: 'chess',
        allowances: [],
        expires_at: exp,
        scope: 's',
      }),
    )
    const signerSK = createEIP712AuthMessageSigner(
      walletClient(KEYS.SK),
      { scope: 's', session_key: SK, expires_at: exp, allowances: [] },
      { name: 'chess' },
    )
    expect(
      errorOf(
        await c.send(
          await createAuthVerifyMessageFromChallenge(signerSK, c2.res![2].challenge_message),
        ),
      ),
    ).toBe('invalid challenge or signature')
    const lower = await c.send(
      await createAuthRequestMessage({
        address: A.toLowerCase() as `0x${string}`,
        session_key: SK,
        application: 'chess',
        allowances: [],
        expires_at: exp,
        scope: 's',
      }),
    )
    const signerA = createEIP712AuthMessageSigner(
      walletClient(KEYS.A),
      { scope: 's', session_key: SK, expires_at: exp, allowances: [] },
      { name: 'chess' },
    )
    expect(
      errorOf(
        await c.send(
          await createAuthVerifyMessageFromChallenge(signerA, lower.res![2].challenge_message),
        ),
      ),
    ).toBe('invalid challenge or signature')
    c.close()
  })

  it('12: replayed or unknown challenges, and no credentials', async () => {
    const c = await TestClient.connect(node.url)
    const { createEIP712AuthMessageSigner, createAuthVerifyMessageFromChallenge } = await import(
      '@erc7824/nitrolite'
    )
    const { walletClient } = await import('./helpers.js')
    const exp = BigInt(Math.floor(ts() / 1000) + 3600)
    const allowances = [{ asset: 'usdc', amount: '100' }]
    const ch = await c.send(
      await createAuthRequestMessage({
        address: A,
        session_key: SK,
        application: 'chess',
        allowances,
        expires_at: exp,
        scope: 'app.create',
      }),
    )
    const signer = createEIP712AuthMessageSigner(
      walletClient(KEYS.A),
      { scope: 'app.create', session_key: SK, expires_at: exp, allowances },
      { name: 'chess' },
    )
    const msg = await createAuthVerifyMessageFromChallenge(signer, ch.res![2].challenge_message)
    expect((await c.send(msg)).res?.[2].success).toBe(true)
    const again = await c.send(
      await createAuthVerifyMessageFromChallenge(signer, ch.res![2].challenge_message),
    )
    expect(errorOf(again)).toContain('invalid challenge')
    const random = await c.send(
      await createAuthVerifyMessageFromChallenge(signer, crypto.randomUUID()),
    )
    expect(errorOf(random)).toBe('invalid challenge')
    expect(errorOf(await c.sendRaw(`{"req":[9,"auth_verify",{},${ts()}],"sig":[]}`, 9))).toBe(
      'invalid authentication method: expected JWT or signature',
    )
    c.close()
  })

  it('13: unsupported allowance asset; expiry in the past', async () => {
    const c = await TestClient.connect(node.url)
    const f = await authenticate(c, KEYS.A, KEYS.K3, {
      allowances: [{ asset: 'btc', amount: '1' }],
    })
    expect(errorOf(f)).toBe("unsupported token: asset 'btc' is not supported")
    const g = await authenticate(c, KEYS.A, KEYS.K3, {
      expiresAt: BigInt(Math.floor(ts() / 1000) - 10),
    })
    expect(errorOf(g)).toBe('expiration time must be set and in the future')
    c.close()
  })

  it('14: JWT re-auth on a new connection; garbage JWT refused', async () => {
    const c = await TestClient.connect(node.url)
    const f = await authenticate(c, KEYS.A, KEYS.SK)
    const jwt = f.res![2].jwt_token as string
    c.close()
    const d = await TestClient.connect(node.url)
    const ok = await d.send(await createAuthVerifyMessageWithJWT(jwt))
    expect(ok.res?.[2]).toMatchObject({ success: true, address: A, session_key: SK })
    expect(ok.res?.[2].jwt_token).toBeUndefined()
    expect(Object.keys(await balance(d, KEYS.SK))).toContain('usdc')
    expect(errorOf(await d.send(await createAuthVerifyMessageWithJWT('garbage')))).toBe(
      'invalid JWT token',
    )
    const [h, p] = jwt.split('.')
    expect(errorOf(await d.send(await createAuthVerifyMessageWithJWT(`${h}.${p}.AAAA`)))).toBe(
      'invalid JWT token',
    )
    d.close()
  })

  it('15: private calls with a stale timestamp are refused', async () => {
    const f = await ca.send(
      await createGetLedgerBalancesMessage(ecdsa(KEYS.SK), undefined, 99, ts() - 61_000),
    )
    expect(errorOf(f)).toBe('invalid message timestamp')
  })
})

describe('session keys', () => {
  it('16: get_session_keys lists SK with usage', async () => {
    const f = await ca.send(await createGetSessionKeysMessage(ecdsa(KEYS.SK)))
    const parsed = parseAnyRPCResponse(f.text) as any
    const sk = parsed.params.sessionKeys.find((k: any) => k.sessionKey === SK)
    expect(sk.allowances[0]).toMatchObject({ asset: 'usdc', allowance: '100' })
    expect(sk.application).toBe('chess')
  })

  it('17–18: revoke rules', async () => {
    const c = await TestClient.connect(node.url)
    // a fresh wallet (#7) with its own keys
    const W = '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356' as const
    const K1 = '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97' as const
    const K2 = '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6' as const
    expect((await authenticate(c, W, K1, { application: 'chess' })).res?.[2].success).toBe(true)
    const d = await TestClient.connect(node.url)
    expect((await authenticate(d, W, K2, { application: 'poker' })).res?.[2].success).toBe(true)
    const random = '0x000000000000000000000000000000000000dEaD'
    expect(errorOf(await c.send(await createRevokeSessionKeyMessage(ecdsa(W), random)))).toBe(
      'operation denied: provided address is not an active session key of this user',
    )
    expect(errorOf(await c.send(await createRevokeSessionKeyMessage(ecdsa(W), '' as any)))).toBe(
      'session_key parameter is required',
    )
    expect(errorOf(await c.send(await createRevokeSessionKeyMessage(ecdsa(K1), addr(K2))))).toBe(
      'operation denied: insufficient permissions for the active session key',
    )
    const self = await c.send(await createRevokeSessionKeyMessage(ecdsa(K1), addr(K1)))
    expect(self.res?.[2]).toEqual({ session_key: addr(K1) })
    const again = await TestClient.connect(node.url)
    expect(errorOf(await authenticate(again, W, K1, { application: 'chess' }))).toBe(
      'session key already exists but is expired',
    )
    for (const x of [c, d, again]) x.close()
  })
})

describe('create_app_session', () => {
  it('19–21: definition rules', async () => {
    const send = async (d: any, allocations: any[] = []) =>
      errorOf(
        await ca.send(
          await createAppSessionMessage(ecdsa(KEYS.SK), { definition: d, allocations }),
        ),
      )
    expect(await send(def({ protocol: 'NitroRPC/0.3' }))).toBe('unsupported protocol: NitroRPC/0.3')
    expect(await send(def({ participants: [A], weights: [100] }))).toBe(
      'invalid number of participants',
    )
    expect(await send(def({ weights: [50] }))).toBe(
      'number of weights must be equal to participants',
    )
    expect(await send(def({ nonce: 0 }))).toBe('nonce is zero or not provided')
    expect(await send(def({ weights: [5, 3], quorum: 10 }))).toBe(
      'target quorum (10) cannot be greater than total sum of weights (8)',
    )
    expect(await send(def({ weights: [-1, 3], quorum: 1 }))).toBe(
      `participant ${A} weight cannot be negative`,
    )
  })

  it('22: signatures, negatives and funds', async () => {
    const before = node.totals()
    const send = async (allocations: any[]) =>
      errorOf(
        await ca.send(
          await createAppSessionMessage(ecdsa(KEYS.SK), { definition: def(), allocations }),
        ),
      )
    expect(await send([{ participant: B, asset: 'usdc', amount: '10' }])).toBe(
      `missing signature for participant ${B}`,
    )
    expect(await send([{ participant: A, asset: 'usdc', amount: '-1' }])).toBe(
      'negative allocation: -1 for asset usdc',
    )
    const big = await signWith(
      await createAppSessionMessage(ecdsa(KEYS.A), {
        definition: def(),
        allocations: [{ participant: A, asset: 'usdc', amount: '100000' }],
      }),
      [KEYS.A],
    )
    expect(errorOf(await ca.send(big))).toBe(`insufficient funds: ${A} for asset usdc`)
    expect(node.totals()).toEqual(before)
  })

  it('23: a valid create; the same definition twice fails with no change', async () => {
    const d = def()
    const msg = await createAppSessionMessage(ecdsa(KEYS.SK), {
      definition: d,
      allocations: [{ participant: A, asset: 'usdc', amount: '10' }],
    })
    const mark = ca.frames.length
    const f = await ca.send(msg)
    expect(f.res?.[2]).toMatchObject({ version: 1, status: 'open' })
    expect(f.res?.[2].app_session_id).toBe(appSessionId(d))
    const seen = ca.since(mark).map((x) => x.res?.[1])
    expect(seen.indexOf('bu')).toBeLessThan(seen.indexOf('create_app_session'))
    expect(seen).not.toContain('asu')
    const bal = await balance(ca, KEYS.SK)
    const dup = await ca.send(
      await createAppSessionMessage(ecdsa(KEYS.SK), {
        definition: d,
        allocations: [{ participant: A, asset: 'usdc', amount: '10' }],
      }),
    )
    expect(errorOf(dup)).toBe('failed to create application session')
    expect(await balance(ca, KEYS.SK)).toEqual(bal)
  })

  it('24: session key scope and spending cap', async () => {
    const poker = await ca.send(
      await createAppSessionMessage(ecdsa(KEYS.SK), {
        definition: def({ application: 'poker' }),
        allocations: [{ participant: A, asset: 'usdc', amount: '10' }],
      }),
    )
    expect(errorOf(poker)).toBe(
      "session key application validation failed: session key application mismatch: session key is for 'chess', but app session is for 'poker'",
    )
    const used = (
      await ca.send(await createGetSessionKeysMessage(ecdsa(KEYS.SK)))
    ).res![2].session_keys.find((k: any) => k.session_key === SK).allowances[0].used
    const over = await ca.send(
      await createAppSessionMessage(ecdsa(KEYS.SK), {
        definition: def(),
        allocations: [{ participant: A, asset: 'usdc', amount: '150' }],
      }),
    )
    const available = 100 - Number(used)
    expect(errorOf(over)).toBe(
      `session key spending validation failed: operation denied: insufficient session key allowance: 150 required, ${available} available`,
    )
  })
})

describe('submit_app_state and close_app_session', () => {
  it('25–28: version, quorum, conservation, success with asu to both', async () => {
    const id = await createS1([{ participant: A, amount: '100' }], [KEYS.A])
    const op = async (version: number, a: string, b: string, keys: `0x${string}`[]) =>
      ca.send(
        await signWith(
          await createSubmitAppStateMessage<typeof P04>(ecdsa(KEYS.SK), {
            app_session_id: id,
            intent: 'operate' as any,
            version,
            allocations: [
              { participant: A, asset: 'usdc', amount: a },
              { participant: B, asset: 'usdc', amount: b },
            ],
          }),
          keys,
        ),
      )
    expect(errorOf(await op(3, '60', '40', [KEYS.SK, KEYS.SKB]))).toBe(
      'incorrect app state: incorrect version: expected 2, got 3',
    )
    expect(errorOf(await op(2, '60', '40', [KEYS.SK]))).toBe(
      'incorrect submit_state request: quorum not reached: 50 / 100',
    )
    const C = addr(KEYS.C)
    expect(errorOf(await op(2, '60', '40', [KEYS.SK, KEYS.C]))).toBe(
      `signature from unknown participant wallet ${C}`,
    )
    expect(errorOf(await op(2, '60', '50', [KEYS.SK, KEYS.SKB]))).toBe(
      'incorrect operate request: non-zero allocations sum delta: asset usdc not fully redistributed',
    )
    const markB = cb.frames.length
    const markA = ca.frames.length
    const ok = await op(2, '60', '40', [KEYS.SK, KEYS.SKB])
    expect(ok.res?.[2]).toMatchObject({ version: 2, status: 'open' })
    for (const [c, m] of [
      [ca, markA],
      [cb, markB],
    ] as const) {
      const asu = await c.waitFor((f) => f.res?.[1] === 'asu', 5000, m)
      expect(asu.res![2].app_session.version).toBe(2)
      const amounts = Object.fromEntries(
        asu.res![2].participant_allocations.map((x: any) => [x.participant, x.amount]),
      )
      expect(amounts).toEqual({ [A]: '60', [B]: '40' })
    }
  })

  it('29: 0.2 sessions reject intents', async () => {
    const d = def({ protocol: 'NitroRPC/0.2' })
    const created = await ca.send(
      await createAppSessionMessage(ecdsa(KEYS.SK), { definition: d, allocations: [] }),
    )
    const id = created.res![2].app_session_id
    const f = await ca.send(
      await signWith(
        await createSubmitAppStateMessage<typeof P04>(ecdsa(KEYS.SK), {
          app_session_id: id,
          intent: 'operate' as any,
          version: 2,
          allocations: [],
        }),
        [KEYS.SK, KEYS.SKB],
      ),
    )
    expect(errorOf(f)).toBe(
      'incorrect request: specified parameters are not supported in this protocol',
    )
  })

  it('30–31: deposit and withdraw rules', async () => {
    const id = await createS1([{ participant: A, amount: '50' }], [KEYS.A])
    const sub = async (intent: string, a: string, b: string, keys: `0x${string}`[]) =>
      ca.send(
        await signWith(
          await createSubmitAppStateMessage<typeof P04>(ecdsa(KEYS.SK), {
            app_session_id: id,
            intent: intent as any,
            version: 2,
            allocations: [
              { participant: A, asset: 'usdc', amount: a },
              { participant: B, asset: 'usdc', amount: b },
            ],
          }),
          keys,
        ),
      )
    expect(errorOf(await sub('deposit', '50', '10', [KEYS.SK]))).toBe(
      'incorrect deposit request: quorum not reached: 50 / 100',
    )
    expect(errorOf(await sub('deposit', '40', '10', [KEYS.SK, KEYS.SKB]))).toBe(
      `incorrect deposit request: decreased allocation for participant ${A}`,
    )
    expect(errorOf(await sub('withdraw', '50', '0', [KEYS.SK, KEYS.SKB]))).toBe(
      'incorrect withdrawal request: non-negative allocations sum delta',
    )
    expect(errorOf(await sub('burn', '50', '0', [KEYS.SK, KEYS.SKB]))).toBe(
      'incorrect app state: unsupported intent: burn',
    )
  })

  it('32: close rules', async () => {
    const id = await createS1([{ participant: A, amount: '100' }], [KEYS.A])
    const close = async (allocations: any[]) =>
      ca.send(
        await signWith(
          await createCloseAppSessionMessage(ecdsa(KEYS.SK), { app_session_id: id, allocations }),
          [KEYS.SK, KEYS.SKB],
        ),
      )
    expect(
      errorOf(
        await close([
          { participant: A, asset: 'usdc', amount: '70' },
          { participant: B, asset: 'usdc', amount: '20' },
        ]),
      ),
    ).toBe('asset usdc not fully redistributed')
    expect(errorOf(await close([]))).toBe('missing required parameters: app_id or allocations')
    const markB = cb.frames.length
    const ok = await close([
      { participant: A, asset: 'usdc', amount: '70' },
      { participant: B, asset: 'usdc', amount: '30' },
    ])
    expect(ok.res?.[2]).toMatchObject({ status: 'closed', version: 2 })
    await cb.waitFor((f) => f.res?.[1] === 'bu', 5000, markB)
    expect(cb.since(markB).some((f) => f.res?.[1] === 'asu')).toBe(false)
    expect(errorOf(await close([{ participant: A, asset: 'usdc', amount: '100' }]))).toContain(
      'an open app session not found',
    )
  })

  it('refuses operate that omits a funded holder (Go quirk that creates value)', async () => {
    const id = await createS1([{ participant: A, amount: '100' }], [KEYS.A])
    const f = await ca.send(
      await signWith(
        await createSubmitAppStateMessage<typeof P04>(ecdsa(KEYS.SK), {
          app_session_id: id,
          intent: 'operate' as any,
          version: 2,
          allocations: [{ participant: B, asset: 'usdc', amount: '100' }],
        }),
        [KEYS.SK, KEYS.SKB],
      ),
    )
    expect(errorOf(f)).toContain('not fully redistributed')
  })
})

describe('queries, messaging, SDK compatibility', () => {
  it('33: get_app_definition', async () => {
    expect(errorOf(await ca.send(createGetAppDefinitionMessageV2('' as any)))).toBe(
      'missing account ID',
    )
    expect(errorOf(await ca.send(createGetAppDefinitionMessageV2(`0x${'12'.repeat(32)}`)))).toBe(
      'failed to get application session',
    )
  })

  it('34: get_app_sessions caps, sorting and shape', async () => {
    const f = await ca.sendRaw(
      `{"req":[77,"get_app_sessions",{"participant":"${A}","limit":500},${ts()}],"sig":[]}`,
      77,
    )
    const list = f.res![2].app_sessions as any[]
    expect(list.length).toBeGreaterThan(0)
    expect(list.length).toBeLessThanOrEqual(100)
    expect(f.res![2]).not.toHaveProperty('metadata')
    const times = list.map((s) => s.updated_at)
    expect([...times].sort().reverse()).toEqual(times)
    expect(() => parseAnyRPCResponse(f.text)).not.toThrow()
  })

  it('35: get_config passes the strict parser', async () => {
    const f = await ca.send(createGetConfigMessageV2())
    expect(() => parseAnyRPCResponse(f.text)).not.toThrow()
  })

  it('36: relay off behaves as the 0.5.3 node', async () => {
    const off = await withNode({ relay: false })
    const c = await TestClient.connect(off.url)
    const f = await c.send(
      await createApplicationMessage(ecdsa(KEYS.SK), `0x${'ab'.repeat(32)}`, { hello: 1 }),
    )
    expect(errorOf(f)).toBe('unknown method: message')
    c.close()
    await off.close()
  })

  it('transfer: rules and notifications', async () => {
    const markB = cb.frames.length
    const f = await ca.send(
      await createTransferMessage(ecdsa(KEYS.SK), {
        destination: B,
        allocations: [{ asset: 'usdc', amount: '1' }],
      }),
    )
    expect(f.res?.[1]).toBe('transfer')
    expect(typeof f.res?.[2].transactions[0].id).toBe('number')
    await cb.waitFor((x) => x.res?.[1] === 'tr', 5000, markB)
    expect(
      errorOf(
        await ca.send(
          await createTransferMessage(ecdsa(KEYS.SK), {
            destination: A,
            allocations: [{ asset: 'usdc', amount: '1' }],
          }),
        ),
      ),
    ).toBe('cannot transfer to self')
    expect(
      errorOf(
        await ca.send(
          await createTransferMessage(ecdsa(KEYS.SK), {
            destination: B,
            allocations: [{ asset: 'usdc', amount: '0' }],
          }),
        ),
      ),
    ).toBe('invalid allocation: 0 for asset usdc')
    const msg = await createTransferMessage(ecdsa(KEYS.A), {
      destination: B,
      allocations: [{ asset: 'usdc', amount: '100000' }],
    })
    expect(errorOf(await ca.send(msg))).toBe(`insufficient funds: ${A} for asset usdc`)
    // Go caches a transfer only once it succeeds: the failed request may be sent again.
    expect(errorOf(await ca.send(msg))).toBe(`insufficient funds: ${A} for asset usdc`)
    expect(
      errorOf(
        await ca.send(
          await createTransferMessage(ecdsa(KEYS.SKB), {
            destination: B,
            allocations: [{ asset: 'usdc', amount: '1' }],
          }),
        ),
      ),
    ).toBe('invalid signature')
  })

  it('channel methods say the devnode does not support them', async () => {
    for (const method of ['create_channel', 'resize_channel', 'close_channel']) {
      const id = 900 + method.length
      const f = await ca.sendRaw(`{"req":[${id},"${method}",{},${ts()}],"sig":[]}`, id)
      expect(errorOf(f)).toBe(
        `${method} is not supported by the devnode: it has no blockchain; fund wallets with POST /faucet`,
      )
    }
  })

  it('37: every server frame parses with parseAnyRPCResponse', async () => {
    await ca.send(createPingMessageV2())
    for (const f of [...ca.frames, ...cb.frames]) {
      if (f.req) continue
      expect(() => parseAnyRPCResponse(f.text), f.text).not.toThrow()
    }
  })

  it('survives garbage without a crash or ledger change', async () => {
    const before = node.totals()
    const junk = [
      '{',
      '[]',
      '"x"',
      '{"req":"x"}',
      `{"req":[1,"create_app_session",[{}],${ts()}]}`,
      `{"req":[2,"transfer",{"allocations":"x"},${ts()}]}`,
      '{"req":[3,4,5,6]}',
    ]
    for (const j of junk) {
      const f = await ca.sendRaw(
        j,
        j.includes('"create_app_session"') ? 1 : j.includes('"transfer"') ? 2 : undefined,
      )
      expect(f.res?.[1]).toBe('error')
    }
    expect((await ca.send(createPingMessageV2())).res?.[1]).toBe('pong')
    expect(node.totals()).toEqual(before)
  })
})

void cosign
