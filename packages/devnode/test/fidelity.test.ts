// Issue #14: behaviours where the devnode differed from the Go ClearNode (c0f48e85), each
// checked against what the Go node does.
import {
  createAppSessionMessage,
  createCleanupSessionKeyCacheMessage,
  createCloseAppSessionMessage,
  createGetAssetsMessageV2,
  createGetLedgerEntriesMessageV2,
  createGetLedgerTransactionsMessageV2,
  createGetUserTagMessage,
  createSubmitAppStateMessage,
  createTransferMessage,
  parseAnyRPCResponse,
  parseCloseAppSessionResponse,
  parseCreateAppSessionResponse,
  parseGetAssetsResponse,
  parseGetLedgerTransactionsResponse,
  parseSubmitAppStateResponse,
  parseTransferResponse,
  RPCProtocolVersion,
} from '@erc7824/nitrolite'
import { getAddress, type Hex, keccak256, toBytes } from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { afterEach, describe, expect, it } from 'vitest'
import { type Devnode, type DevnodeOptions, parseAssets } from '../src/index.js'
import {
  addr,
  authenticate,
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

const open: { close(): unknown }[] = []
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close()
})

async function start(options: DevnodeOptions = {}): Promise<Devnode> {
  const node = await withNode(options)
  open.push(node)
  return node
}

async function client(node: Devnode, wallet: `0x${string}`, key: `0x${string}`) {
  const c = await TestClient.connect(node.url)
  open.push(c)
  const f = await authenticate(c, wallet, key, {
    allowances: [{ asset: 'usdc', amount: '1000000' }],
  })
  expect(f.res?.[2].success).toBe(true)
  return c
}

/** The params of a success response named `method` (or throws with the frame). */
function ok(f: Frame, method: string) {
  if (f.res?.[1] !== method) throw new Error(`expected ${method}, got ${f.text}`)
  return f.res[2]
}

describe('transfer replay cache', () => {
  it('a transfer refused for insufficient funds goes through when retried after funding', async () => {
    const node = await start()
    const ca = await client(node, KEYS.A, KEYS.SK)
    await client(node, KEYS.B, KEYS.SKB)
    await node.fund(A, 'usdc', '5')
    const msg = await createTransferMessage(ecdsa(KEYS.SK), {
      destination: B,
      allocations: [{ asset: 'usdc', amount: '10' }],
    })
    expect(errorOf(await ca.send(msg))).toBe(`insufficient funds: ${A} for asset usdc`)
    await node.fund(A, 'usdc', '5')
    const done = ok(await ca.send(msg), 'transfer')
    expect(done.transactions).toHaveLength(1)
    expect(done.transactions[0]).toMatchObject({ tx_type: 'transfer', amount: '10' })
    // Once applied, the same request is refused.
    expect(errorOf(await ca.send(msg))).toBe(
      'operation denied: the request has already been processed',
    )
    expect(node.totals()).toEqual({ usdc: '10' })
  })
})

/** Increasing request timestamps: each state change must be newer than the session's last. */
const stamp = (() => {
  let t = Date.now()
  return () => {
    t = Math.max(t + 1, Date.now())
    return t
  }
})()

type Row = { participant: Hex; asset: string; amount: string }
const usdc = (participant: Hex, amount: string): Row => ({ participant, asset: 'usdc', amount })

/** A funded two-party 0.4 session (A 100, B 50) on a fresh node; both wallets authenticated. */
async function session(options: DevnodeOptions = {}) {
  const node = await start(options)
  await node.fund(A, 'usdc', '1000')
  await node.fund(B, 'usdc', '1000')
  const ca = await client(node, KEYS.A, KEYS.SK)
  const cb = await client(node, KEYS.B, KEYS.SKB)
  const def = {
    application: 'chess',
    protocol: RPCProtocolVersion.NitroRPC_0_4,
    participants: [A, B],
    weights: [50, 50],
    quorum: 100,
    challenge: 0,
    nonce: nextNonce(),
  }
  const create = await signWith(
    await createAppSessionMessage(
      ecdsa(KEYS.A),
      { definition: def, allocations: [usdc(A, '100'), usdc(B, '50')] },
      undefined,
      stamp(),
    ),
    [KEYS.A, KEYS.B],
  )
  const created = await ca.send(create)
  const id = ok(created, 'create_app_session').app_session_id as Hex
  const submit = async (params: { intent: string; version: number; allocations: Row[] }) =>
    ca.send(
      await signWith(
        await createSubmitAppStateMessage<RPCProtocolVersion.NitroRPC_0_4>(
          ecdsa(KEYS.A),
          { app_session_id: id, ...params } as never,
          undefined,
          stamp(),
        ),
        [KEYS.A, KEYS.B],
      ),
    )
  const close = async (allocations: Row[]) =>
    ca.send(
      await signWith(
        await createCloseAppSessionMessage(
          ecdsa(KEYS.A),
          { app_session_id: id, allocations },
          undefined,
          stamp(),
        ),
        [KEYS.A, KEYS.B],
      ),
    )
  return { node, ca, cb, id, created, submit, close }
}

/** `get_ledger_transactions` of `account`, oldest first, as the wire shows them. */
async function transactionsOf(c: TestClient, account: string) {
  const f = await c.send(createGetLedgerTransactionsMessageV2(account, { sort: 'asc', limit: 100 }))
  return ok(f, 'get_ledger_transactions').ledger_transactions as Record<string, unknown>[]
}

describe('app-session ledger transactions', () => {
  it('operate records none; deposit, withdraw and close record app_deposit / app_withdrawal only', async () => {
    const { ca, id, submit, close } = await session()
    ok(
      await submit({ intent: 'operate', version: 2, allocations: [usdc(A, '70'), usdc(B, '80')] }),
      'submit_app_state',
    )
    ok(
      await submit({ intent: 'deposit', version: 3, allocations: [usdc(A, '70'), usdc(B, '90')] }),
      'submit_app_state',
    )
    ok(
      await submit({ intent: 'withdraw', version: 4, allocations: [usdc(A, '50'), usdc(B, '90')] }),
      'submit_app_state',
    )
    // A is paid everything; B's zero row is recorded too (Go records one per row).
    ok(await close([usdc(A, '140'), usdc(B, '0')]), 'close_app_session')
    const txs = await transactionsOf(ca, id)
    expect(txs.map((t) => [t.tx_type, t.from_account, t.to_account, t.amount])).toEqual([
      ['app_deposit', A, id, '100'],
      ['app_deposit', B, id, '50'],
      ['app_deposit', B, id, '10'],
      ['app_withdrawal', id, A, '20'],
      ['app_withdrawal', id, A, '140'],
      ['app_withdrawal', id, B, '0'],
    ])
    // Nothing else anywhere: no escrow rows under any filter.
    for (const tx_type of ['escrow_lock', 'escrow_unlock'] as const) {
      const f = await ca.send(
        createGetLedgerTransactionsMessageV2('', { tx_type: tx_type as never }),
      )
      expect(ok(f, 'get_ledger_transactions').ledger_transactions).toEqual([])
    }
    // The session's entries are its participants' own, as in Go (no escrow position).
    const entries = ok(await ca.send(createGetLedgerEntriesMessageV2(id)), 'get_ledger_entries')
      .ledger_entries as { participant: string }[]
    expect(new Set(entries.map((e) => e.participant))).toEqual(new Set([A, B]))
  })
})

describe('create/submit/close replies', () => {
  it('send participants and weights as null, as Go does, and the SDK still parses them', async () => {
    const { created, id, submit, close } = await session()
    const fields = (f: Frame) => f.res?.[2] as Record<string, unknown>
    expect(fields(created)).toMatchObject({ participants: null, weights: null })
    expect(created.text).toContain('"participants":null')
    expect(created.text).toContain('"weights":null')
    expect(parseCreateAppSessionResponse(created.text).params).toEqual({
      appSessionId: id,
      version: 1,
      status: 'open',
    })
    const submitted = await submit({
      intent: 'operate',
      version: 2,
      allocations: [usdc(A, '100'), usdc(B, '50')],
    })
    expect(fields(submitted)).toMatchObject({ participants: null, weights: null })
    expect(parseSubmitAppStateResponse(submitted.text).params.version).toBe(2)
    const closed = await close([usdc(A, '100'), usdc(B, '50')])
    expect(fields(closed)).toMatchObject({ participants: null, weights: null })
    expect(parseCloseAppSessionResponse(closed.text).params.status).toBe('closed')
    expect((parseAnyRPCResponse(closed.text) as { method: string }).method).toBe(
      'close_app_session',
    )
  })
})

describe('user tags in transactions', () => {
  it("transfer reply, tr pushes and get_ledger_transactions carry both wallets' tags", async () => {
    const node = await start()
    await node.fund(A, 'usdc', '100')
    const ca = await client(node, KEYS.A, KEYS.SK)
    const cb = await client(node, KEYS.B, KEYS.SKB)
    const tagOf = async (c: TestClient, key: Hex) =>
      ok(await c.send(await createGetUserTagMessage(ecdsa(key))), 'get_user_tag').tag as string
    const tagA = await tagOf(ca, KEYS.SK)
    const tagB = await tagOf(cb, KEYS.SKB)
    expect(tagA).toMatch(/^[0-9A-Z]{6}$/)
    expect(tagB).toMatch(/^[0-9A-Z]{6}$/)
    const tagged = { from_account: A, from_account_tag: tagA, to_account: B, to_account_tag: tagB }

    const markB = cb.frames.length
    // By tag, lower-cased: Go looks tags up upper-cased.
    const msg = await createTransferMessage(ecdsa(KEYS.SK), {
      destination_user_tag: tagB.toLowerCase(),
      allocations: [{ asset: 'usdc', amount: '10' }],
    })
    const res = await ca.send(msg)
    expect(ok(res, 'transfer').transactions[0]).toMatchObject(tagged)
    expect(parseTransferResponse(res.text).params.transactions[0]).toMatchObject({
      fromAccountTag: tagA,
      toAccountTag: tagB,
    })
    // The tr push to the receiver.
    const tr = await cb.waitFor((f) => f.res?.[1] === 'tr', 5000, markB)
    expect(tr.res?.[2].transactions[0]).toMatchObject(tagged)

    // The listing: the transfer has both tags; the faucet deposit (custody → A) has only A's.
    const list = await transactionsOf(ca, A)
    expect(list.map((t) => t.tx_type)).toEqual(['deposit', 'transfer'])
    expect(list[1]).toMatchObject(tagged)
    expect(list[0]).toMatchObject({ to_account: A, to_account_tag: tagA })
    expect(list[0]).not.toHaveProperty('from_account_tag')
    const parsed = parseGetLedgerTransactionsResponse(
      (await ca.send(createGetLedgerTransactionsMessageV2(A, { sort: 'asc' }))).text,
    )
    expect(parsed.params.ledgerTransactions[1]).toMatchObject({
      fromAccountTag: tagA,
      toAccountTag: tagB,
    })
  })

  it('app-session transactions carry no tag on the session side', async () => {
    const { ca, id } = await session()
    const tagA = ok(await ca.send(await createGetUserTagMessage(ecdsa(KEYS.SK))), 'get_user_tag')
      .tag as string
    const [deposit] = await transactionsOf(ca, id)
    expect(deposit).toMatchObject({
      tx_type: 'app_deposit',
      from_account: A,
      from_account_tag: tagA,
      to_account: id,
    })
    expect(deposit).not.toHaveProperty('to_account_tag')
  })
})

describe('test mode', () => {
  const cleanup = () => createCleanupSessionKeyCacheMessage(ecdsa(generatePrivateKey()))

  it('is off by default: cleanup_session_key_cache is refused', async () => {
    const node = await start()
    const c = await TestClient.connect(node.url)
    open.push(c)
    expect(errorOf(await c.send(await cleanup()))).toBe('test mode endpoints are disabled')
  })

  it('mode test: cleanup_session_key_cache answers null and session keys stop speaking for wallets', async () => {
    const node = await start({ mode: 'test' })
    await node.fund(A, 'usdc', '100')
    const ca = await client(node, KEYS.A, KEYS.SK)
    await client(node, KEYS.B, KEYS.SKB)
    const pay = async (key: Hex) =>
      ca.send(
        await createTransferMessage(ecdsa(key), {
          destination: B,
          allocations: [{ asset: 'usdc', amount: '1' }],
        }),
      )
    ok(await pay(KEYS.SK), 'transfer')

    // Public: any connection may call it, unauthenticated, signed by anyone (as Go).
    const anon = await TestClient.connect(node.url)
    open.push(anon)
    const res = await anon.send(await cleanup())
    expect(res.res?.[1]).toBe('cleanup_session_key_cache')
    expect(res.res?.[2]).toBeNull()
    expect(res.text).toContain('"cleanup_session_key_cache",null,')
    expect((parseAnyRPCResponse(res.text) as { method: string }).method).toBe(
      'cleanup_session_key_cache',
    )

    // The emptied cache no longer maps SK to A: its signature is not A's.
    expect(errorOf(await pay(KEYS.SK))).toBe('invalid signature')
    // The wallet's own signature still works, and nothing else was reset.
    ok(await pay(KEYS.A), 'transfer')
    expect(node.totals()).toEqual({ usdc: '100' })
    // A key registered after the cleanup is cached again.
    const again = await TestClient.connect(node.url)
    open.push(again)
    expect(
      (
        await authenticate(again, KEYS.A, KEYS.K3, {
          application: 'other',
          allowances: [{ asset: 'usdc', amount: '10' }],
        })
      ).res?.[2].success,
    ).toBe(true)
    ok(
      await again.send(
        await createTransferMessage(ecdsa(KEYS.K3), {
          destination: B,
          allocations: [{ asset: 'usdc', amount: '1' }],
        }),
      ),
      'transfer',
    )
  })

  it('startDevnode refuses an unknown mode', async () => {
    await expect(withNode({ mode: 'staging' as never })).rejects.toThrow(
      'mode must be production or test, got staging',
    )
  })
})

describe('configurable assets', () => {
  const USDC_POLYGON = '0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359'
  const fake = (symbol: string) =>
    getAddress(keccak256(toBytes(`nitrolite-devnode:${symbol}`)).slice(0, 42))

  async function assetsOf(node: Devnode, chainId?: number) {
    const c = await TestClient.connect(node.url)
    open.push(c)
    const pushed = c.frames.find((f) => f.res?.[1] === 'assets')?.res?.[2].assets
    const f = await c.send(createGetAssetsMessageV2(chainId))
    expect(parseGetAssetsResponse(f.text).params.assets).toHaveLength(f.res?.[2].assets.length)
    return { pushed, listed: ok(f, 'get_assets').assets }
  }

  it('defaults are unchanged: chain 1337 and derived token addresses', async () => {
    const { pushed, listed } = await assetsOf(await start())
    const expected = [
      { token: fake('usdc'), chain_id: 1337, symbol: 'usdc', decimals: 6 },
      { token: fake('eth'), chain_id: 1337, symbol: 'eth', decimals: 18 },
    ]
    expect(listed).toEqual(expected)
    expect(pushed).toEqual(expected)
  })

  it('`symbol:decimals:chainId:tokenAddress` sets both, in get_assets and the assets push', async () => {
    const node = await start({ assets: `usdc:6:137:${USDC_POLYGON},eth:18` })
    const { pushed, listed } = await assetsOf(node)
    const expected = [
      { token: USDC_POLYGON, chain_id: 137, symbol: 'usdc', decimals: 6 },
      { token: fake('eth'), chain_id: 1337, symbol: 'eth', decimals: 18 },
    ]
    expect(listed).toEqual(expected)
    expect(pushed).toEqual(expected)
    expect((await assetsOf(node, 137)).listed).toEqual([expected[0]])
    // The ledger still works by symbol.
    expect(await node.fund(A, 'usdc', '1.5')).toBe('1.5')
  })

  it('the assets option takes chainId and token per asset', async () => {
    const node = await start({
      assets: [{ symbol: 'usdc', decimals: 6, chainId: 8453, token: USDC_POLYGON }],
    })
    expect((await assetsOf(node)).listed).toEqual([
      { token: USDC_POLYGON, chain_id: 8453, symbol: 'usdc', decimals: 6 },
    ])
  })

  it('refuses malformed asset specs with a clear error', async () => {
    expect(parseAssets(`usdc:6:137:${USDC_POLYGON}`)).toEqual([
      { symbol: 'usdc', decimals: 6, chainId: 137, token: USDC_POLYGON },
    ])
    expect(() => parseAssets('usdc:6:137')).toThrow(/Invalid asset `usdc:6:137`/)
    expect(() => parseAssets('usdc:6:x:0x00')).toThrow(/chain id must be an integer/)
    expect(() => parseAssets('usdc:6:137:0x1234')).toThrow(/token address must be 0x and 40 hex/)
    expect(() => parseAssets('usdc:x')).toThrow(/decimals must be an integer/)
    await expect(
      withNode({ assets: `usdc:6:137:${USDC_POLYGON},usdc:6:137:${USDC_POLYGON}` }),
    ).rejects.toThrow('Asset `usdc` is listed twice for chain 137.')
    await expect(
      withNode({ assets: [{ symbol: 'usdc', decimals: 6, chainId: 0 }] }),
    ).rejects.toThrow(/chain id must be an integer from 1/)
  })
})
