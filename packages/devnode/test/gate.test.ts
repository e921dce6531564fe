// The request gate against a participant acting in bad faith: session keys that name another
// wallet, unbounded signature lists, invitation floods through pre-creation relay, and faucet
// amounts. Every refusal must be a clear error that changes nothing.
import {
  createApplicationMessage,
  createAppSessionMessage,
  createAuthRequestMessage,
  createAuthVerifyMessage,
  createEIP712AuthMessageSigner,
  createGetSessionKeysMessage,
  createPingMessageV2,
  createTransferMessage,
  parseAnyRPCResponse,
  RPCProtocolVersion,
} from '@erc7824/nitrolite'
import type { Hex } from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { afterEach, describe, expect, it } from 'vitest'
import { appSessionId, type Devnode, type DevnodeOptions } from '../src/index.js'
import {
  addr,
  authenticate,
  cosign,
  ecdsa,
  errorOf,
  type Frame,
  KEYS,
  nextNonce,
  TestClient,
  walletClient,
  withNode,
} from './helpers.js'

const A = addr(KEYS.A)
const B = addr(KEYS.B)
const C = addr(KEYS.C)

const open: { close(): unknown }[] = []
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close()
})

async function start(options: DevnodeOptions = {}): Promise<Devnode> {
  const node = await withNode(options)
  open.push(node)
  return node
}

async function connect(node: Devnode): Promise<TestClient> {
  const c = await TestClient.connect(node.url)
  open.push(c)
  return c
}

/** A connection authenticated as `wallet` with session key `key`; fails the test otherwise. */
async function client(node: Devnode, wallet: Hex, key: Hex): Promise<TestClient> {
  const c = await connect(node)
  const f = await authenticate(c, wallet, key, {
    allowances: [{ asset: 'usdc', amount: '1000' }],
  })
  expect(f.res?.[1], f.text).toBe('auth_verify')
  expect(f.res?.[2].success).toBe(true)
  return c
}

const POLICY = {
  application: 'chess',
  scope: 'app.create',
  allowances: [{ asset: 'usdc', amount: '100' }],
}

/** `auth_request` for `wallet` naming `sessionKey` (an address); resolves to the answer frame. */
async function authRequest(c: TestClient, wallet: Hex, sessionKey: string, expiresAt: bigint) {
  return c.send(
    await createAuthRequestMessage({
      address: addr(wallet),
      session_key: sessionKey as Hex,
      application: POLICY.application,
      allowances: POLICY.allowances,
      expires_at: expiresAt,
      scope: POLICY.scope,
    }),
  )
}

/** `auth_verify` of a challenge answered to {@link authRequest}, signed by `wallet`. */
async function authVerify(
  c: TestClient,
  challenge: Frame,
  wallet: Hex,
  sessionKey: string,
  expiresAt: bigint,
) {
  const signer = createEIP712AuthMessageSigner(
    walletClient(wallet),
    {
      scope: POLICY.scope,
      session_key: sessionKey as Hex,
      expires_at: expiresAt,
      allowances: POLICY.allowances,
    },
    { name: POLICY.application },
  )
  const parsed = parseAnyRPCResponse(challenge.text) as Parameters<
    typeof createAuthVerifyMessage
  >[1]
  return c.send(await createAuthVerifyMessage(signer, parsed))
}

/** A transfer of 1 usdc to `to`, signed by `signerKey`. */
async function transfer1(c: TestClient, signerKey: Hex, to: string): Promise<Frame> {
  return c.send(
    await createTransferMessage(ecdsa(signerKey), {
      destination: to as Hex,
      allocations: [{ asset: 'usdc', amount: '1' }],
    }),
  )
}

/** Pings and resolves to the `pong`: every frame sent to `c` before it has arrived. */
async function marker(c: TestClient): Promise<number> {
  const msg = createPingMessageV2()
  const pong = await c.send(msg)
  expect(pong.res?.[1]).toBe('pong')
  return c.frames.indexOf(pong)
}

function definition(participants: string[]) {
  return {
    application: 'chess',
    protocol: RPCProtocolVersion.NitroRPC_0_4,
    participants: participants as Hex[],
    weights: participants.map(() => 1),
    quorum: participants.length,
    challenge: 0,
    nonce: nextNonce(),
  }
}

/**
 * Sends a `message` frame and resolves to its outcome: the sender's echo (delivered) or the
 * error answered with its id.
 */
async function relay(c: TestClient, text: string): Promise<Frame> {
  const id = JSON.parse(text).req[0] as number
  const from = c.frames.length
  c.ws.send(text)
  return c.waitFor(
    (f) => f.req?.[0] === id || (f.res?.[0] === id && f.res[1] === 'error'),
    5000,
    from,
  )
}

/** A pre-creation invitation from `key` for a session of `participants`. */
async function invite(key: Hex, participants: string[], extra: Record<string, unknown> = {}) {
  const def = definition(participants)
  const sid = appSessionId(def)
  return {
    sid,
    text: await createApplicationMessage(ecdsa(key), sid as Hex, {
      type: 'sign-request',
      definition: def,
      ...extra,
    }),
  }
}

describe('hole 4: a session key must not be another wallet', () => {
  it('auth_request refuses a registered wallet or another wallet’s key; auth_verify cannot register one either', async () => {
    const node = await start()
    await node.fund(A, 'usdc', '10')
    const ca = await client(node, KEYS.A, KEYS.SK)
    const cc = await connect(node)
    const exp = BigInt(Math.floor(Date.now() / 1000) + 3600)

    // C names A's wallet (registered) as its session key.
    const asWallet = await authRequest(cc, KEYS.C, A, exp)
    expect(errorOf(asWallet)).toBe(`invalid session key: ${A} is a registered wallet`)
    // C names A's session key.
    const asKey = await authRequest(cc, KEYS.C, addr(KEYS.SK), exp)
    expect(errorOf(asKey)).toBe('signer is already in use for another wallet')
    // Also in another letter case (session keys are matched by exact string).
    const lower = await authRequest(cc, KEYS.C, A.toLowerCase(), exp)
    expect(errorOf(lower)).toBe(`invalid session key: ${A.toLowerCase()} is a registered wallet`)

    // A's wallet-signed request is still A's.
    const t = await transfer1(ca, KEYS.A, B)
    expect(t.res?.[1], t.text).toBe('transfer')

    // The race: C asks while B has not authenticated yet, B authenticates, C verifies.
    const challenge = await authRequest(cc, KEYS.C, B, exp)
    expect(challenge.res?.[1], challenge.text).toBe('auth_challenge')
    const cb = await client(node, KEYS.B, KEYS.SKB)
    const late = await authVerify(cc, challenge, KEYS.C, B, exp)
    expect(errorOf(late)).toBe(`invalid session key: ${B} is a registered wallet`)
    // Nothing was registered: B's own wallet signature is still B's.
    const tb = await transfer1(cb, KEYS.B, A)
    expect(tb.res?.[1], tb.text).toBe('transfer')
    // And C is not authenticated.
    const keys = await cc.send(await createGetSessionKeysMessage(ecdsa(KEYS.C)))
    expect(errorOf(keys)).toBe('authentication required')
  })

  it('a wallet that authenticates takes its address back from another wallet’s key registration', async () => {
    const node = await start()
    const D = generatePrivateKey()
    await node.fund(addr(D), 'usdc', '10')
    // C registers D's address (D never authenticated, so nobody can know yet).
    const cc = await client(node, KEYS.C, D)
    // D authenticates as a wallet: its own signatures must be D's, not C's.
    const cd = await client(node, D, generatePrivateKey())
    const t = await transfer1(cd, D, A)
    expect(t.res?.[1], t.text).toBe('transfer')
    expect(t.res?.[2].transactions[0].from_account).toBe(addr(D))
    // C's registration of D's address is gone.
    const keys = await cc.send(await createGetSessionKeysMessage(ecdsa(KEYS.C)))
    expect(keys.res?.[1], keys.text).toBe('get_session_keys')
    expect(keys.res?.[2].session_keys).toEqual([])
  })
})

describe('hole 6: the number of signatures is bounded before any is recovered', () => {
  it('refuses more signatures than possible signers, without recovering them, and keeps answering', async () => {
    const node = await start()
    await node.fund(A, 'usdc', '100')
    await node.fund(B, 'usdc', '100')
    const ca = await client(node, KEYS.A, KEYS.SK)
    const create = await createAppSessionMessage(ecdsa(KEYS.SK), {
      definition: definition([A, B]),
      allocations: [
        { participant: A, asset: 'usdc', amount: '1' },
        { participant: B, asset: 'usdc', amount: '1' },
      ],
    })
    const env = JSON.parse(create)
    const id = env.req[0] as number

    // 3000 copies of one signature: refused at once (recovering them would take seconds).
    const flood = JSON.stringify({ ...env, sig: Array(3000).fill(env.sig[0]) })
    const refused = await ca.sendRaw(flood, id)
    expect(errorOf(refused)).toBe(
      'too many signatures: 3000 given, create_app_session accepts at most 3 (one per participant, plus one)',
    )
    // 4 signatures for 2 participants: refused as well, and nothing changed.
    const four = await cosign(create, [KEYS.A, KEYS.B, KEYS.SKB])
    expect(errorOf(await ca.sendRaw(four, id))).toBe(
      'too many signatures: 4 given, create_app_session accepts at most 3 (one per participant, plus one)',
    )
    expect(node.totals()).toEqual({ usdc: '200' })
    // The node still answers.
    await marker(ca)
    // Exactly the bound (A's key, A, B) is processed.
    const three = await cosign(create, [KEYS.A, KEYS.B])
    const ok = await ca.sendRaw(three, id)
    expect(ok.res?.[1], ok.text).toBe('create_app_session')
    const sid = ok.res?.[2].app_session_id as string

    // submit/close: bounded by the stored session's participants.
    const submitId = nextNonce()
    const submitReq = [
      submitId,
      'submit_app_state',
      { app_session_id: sid, intent: 'operate', version: 2, allocations: [] },
      Date.now(),
    ]
    const tooMany = JSON.stringify({ req: submitReq, sig: Array(4).fill(env.sig[0]) })
    expect(errorOf(await ca.sendRaw(tooMany, submitId))).toBe(
      'too many signatures: 4 given, submit_app_state accepts at most 3 (one per participant, plus one)',
    )

    // A session that does not exist has no possible signer.
    const ghost = `0x${'ab'.repeat(32)}`
    const ghostReq = [
      nextNonce(),
      'close_app_session',
      { app_session_id: ghost, allocations: [] },
      Date.now(),
    ]
    const ghostFrame = JSON.stringify({ req: ghostReq, sig: [env.sig[0], env.sig[0]] })
    expect(errorOf(await ca.sendRaw(ghostFrame, ghostReq[0] as number))).toBe(
      `too many signatures: 2 given, close_app_session accepts at most 1 (app session ${ghost} not found)`,
    )

    // Every other method: one signature.
    const t = JSON.parse(
      await createTransferMessage(ecdsa(KEYS.SK), {
        destination: B,
        allocations: [{ asset: 'usdc', amount: '1' }],
      }),
    )
    const two = JSON.stringify({ ...t, sig: [t.sig[0], t.sig[0]] })
    expect(errorOf(await ca.sendRaw(two, t.req[0]))).toBe(
      'too many signatures: 2 given, transfer accepts at most 1',
    )
    expect(node.totals()).toEqual({ usdc: '200' })
    await marker(ca)
  })
})

describe('hole 7: pre-creation relay goes to the definition’s participants only, rate-limited', () => {
  it('delivers only to participants, refuses a sender outside the definition, and limits invitations per wallet', async () => {
    const node = await start({ relayInviteRatePerMinute: 3 })
    const ca = await client(node, KEYS.A, KEYS.SK)
    const cb = await client(node, KEYS.B, KEYS.SKB)
    const cc = await client(node, KEYS.C, KEYS.SKC)
    const markC = cc.frames.length

    // A invites B: B receives it, C (not a participant) does not.
    const first = await invite(KEYS.SK, [A, B])
    const echo = await relay(ca, first.text)
    expect(echo.req?.[1], echo.text).toBe('message')
    await cb.waitFor((f) => f.req?.[1] === 'message' && f.sid === first.sid)
    const pongC = await marker(cc)
    expect(cc.frames.slice(markC, pongC).some((f) => f.req)).toBe(false)

    // A sender outside its own definition is refused and nothing is delivered.
    const markB = cb.frames.length
    const outside = await invite(KEYS.SK, [B, C])
    expect(errorOf(await relay(ca, outside.text))).toBe(
      'unauthorized: invalid signature or sender is not a participant of this vApp',
    )
    // A speaking for B is refused too.
    const forged = await invite(KEYS.SK, [A, B], { from: B })
    expect(errorOf(await relay(ca, forged.text))).toBe(
      'unauthorized: invalid signature or sender is not a participant of this vApp',
    )

    // Two more invitations fit in the bucket of 3; the fourth is refused and not delivered.
    for (let i = 0; i < 2; i++) {
      const ok = await relay(ca, (await invite(KEYS.SK, [A, B])).text)
      expect(ok.req?.[1], ok.text).toBe('message')
    }
    const excess = await invite(KEYS.SK, [A, B])
    expect(errorOf(await relay(ca, excess.text))).toBe(
      `relay rate limit exceeded: ${A} may send at most 3 pre-creation messages per minute`,
    )
    const pongB = await marker(cb)
    const seen = cb.frames.slice(markB, pongB).filter((f) => f.req?.[1] === 'message')
    expect(seen).toHaveLength(2)
    expect(seen.map((f) => f.sid)).not.toContain(excess.sid)
    expect(seen.map((f) => f.sid)).not.toContain(outside.sid)
    expect(seen.map((f) => f.sid)).not.toContain(forged.sid)

    // The limit is per sender: B still invites A.
    const fromB = await relay(cb, (await invite(KEYS.SKB, [B, A])).text)
    expect(fromB.req?.[1], fromB.text).toBe('message')
  })

  it('defaults to 30 invitations per minute', async () => {
    const node = await start()
    const ca = await client(node, KEYS.A, KEYS.SK)
    const cb = await client(node, KEYS.B, KEYS.SKB)
    const markB = cb.frames.length
    for (let i = 0; i < 30; i++) {
      const ok = await relay(ca, (await invite(KEYS.SK, [A, B])).text)
      expect(ok.req?.[1], ok.text).toBe('message')
    }
    const excess = await invite(KEYS.SK, [A, B])
    expect(errorOf(await relay(ca, excess.text))).toBe(
      `relay rate limit exceeded: ${A} may send at most 30 pre-creation messages per minute`,
    )
    const pongB = await marker(cb)
    const seen = cb.frames.slice(markB, pongB).filter((f) => f.req?.[1] === 'message')
    expect(seen).toHaveLength(30)
    expect(seen.map((f) => f.sid)).not.toContain(excess.sid)
  })
})

describe('hole 9: the faucet takes plain decimals within the asset’s precision, capped', () => {
  async function post(node: Devnode, body: unknown) {
    const res = await fetch(`${node.httpUrl}/faucet`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    })
    return { status: res.status, body: (await res.json()) as { error?: string; rule?: string } }
  }

  it('refuses exponents, signs, spaces and excess precision with a 400 naming the rule', async () => {
    const node = await start()
    const cases: [string, string][] = [
      ['1e45', 'amount-format'],
      ['1E3', 'amount-format'],
      ['-5', 'amount-format'],
      ['+5', 'amount-format'],
      [' 5', 'amount-format'],
      ['5 ', 'amount-format'],
      ['.5', 'amount-format'],
      ['5.', 'amount-format'],
      ['0x10', 'amount-format'],
      ['1.0000001', 'amount-precision'],
      ['0', 'amount-positive'],
      ['0.000000', 'amount-positive'],
    ]
    for (const [amount, rule] of cases) {
      const r = await post(node, { address: A, asset: 'usdc', amount })
      expect(r.status, amount).toBe(400)
      expect(r.body.rule, amount).toBe(rule)
      expect(r.body.error, amount).toContain(JSON.stringify(amount))
    }
    // eth has 18 decimals: 18 fractional digits pass, 19 do not.
    expect(
      (await post(node, { address: A, asset: 'eth', amount: '0.000000000000000001' })).status,
    ).toBe(200)
    const eth19 = await post(node, { address: A, asset: 'eth', amount: '0.0000000000000000001' })
    expect(eth19).toEqual({
      status: 400,
      body: {
        error:
          'invalid amount: "0.0000000000000000001" has more fractional digits than eth allows (18)',
        rule: 'amount-precision',
      },
    })
    // Exactly 6 decimals for usdc pass.
    expect((await post(node, { address: A, asset: 'usdc', amount: '1.000001' })).status).toBe(200)
    // The default caps: 100000 per call.
    const big = await post(node, { address: B, asset: 'usdc', amount: '100000.000001' })
    expect(big).toEqual({
      status: 400,
      body: {
        error: 'amount 100000.000001 usdc exceeds the faucet limit of 100000 usdc per call',
        rule: 'max-per-call',
      },
    })
    expect(node.totals()).toEqual({ usdc: '1.000001', eth: '0.000000000000000001' })
    await expect(node.fund(A, 'usdc', '1e3')).rejects.toThrow('not a plain decimal')
  })

  it('caps each call and each address (options), for HTTP and node.fund alike', async () => {
    const node = await start({ faucetMaxPerCall: '100', faucetMaxPerAddress: '150' })
    expect((await post(node, { address: A, asset: 'usdc', amount: '100' })).status).toBe(200)
    expect(await post(node, { address: A, asset: 'usdc', amount: '100.5' })).toEqual({
      status: 400,
      body: {
        error: 'amount 100.5 usdc exceeds the faucet limit of 100 usdc per call',
        rule: 'max-per-call',
      },
    })
    expect(await post(node, { address: A, asset: 'usdc', amount: '50.000001' })).toEqual({
      status: 400,
      body: {
        error: `faucet limit reached: ${A} has received 100 usdc, at most 150 usdc per address`,
        rule: 'max-per-address',
      },
    })
    // The same address in another letter case is the same address.
    expect(
      await post(node, { address: A.toLowerCase(), asset: 'usdc', amount: '51' }),
    ).toMatchObject({
      status: 400,
      body: { rule: 'max-per-address' },
    })
    expect((await post(node, { address: A, asset: 'usdc', amount: '50' })).status).toBe(200)
    await expect(node.fund(A, 'usdc', '0.000001')).rejects.toThrow('faucet limit reached')
    // Another address and another asset have their own allowance.
    expect(await node.fund(B, 'usdc', '100')).toBe('100')
    expect(await node.fund(A, 'eth', '100')).toBe('100')
    expect(node.totals()).toEqual({ usdc: '250', eth: '100' })
  })
})
