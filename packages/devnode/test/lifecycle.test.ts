import {
  createApplicationMessage,
  createAppSessionMessage,
  createCloseAppSessionMessage,
  createGetAppSessionsMessageV2,
  createGetLedgerBalancesMessage,
  createSubmitAppStateMessage,
  parseAnyRPCResponse,
  RPCProtocolVersion,
} from '@erc7824/nitrolite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
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
let cc: TestClient

beforeEach(async () => {
  node = await withNode()
  await node.fund(A, 'usdc', '200')
  await node.fund(B, 'usdc', '200')
  await node.fund(C, 'usdc', '200')
  ca = await TestClient.connect(node.url)
  cb = await TestClient.connect(node.url)
  cc = await TestClient.connect(node.url)
  expect((await authenticate(ca, KEYS.A, KEYS.SK)).res?.[2].success).toBe(true)
  expect((await authenticate(cb, KEYS.B, KEYS.SKB)).res?.[2].success).toBe(true)
  expect((await authenticate(cc, KEYS.C, KEYS.SKC)).res?.[2].success).toBe(true)
})

afterEach(async () => {
  for (const c of [ca, cb, cc]) c?.close()
  await node.close()
})

async function balances(c: TestClient, key: `0x${string}`, accountId?: string) {
  const f = await c.send(await createGetLedgerBalancesMessage(ecdsa(key), accountId))
  const parsed = parseAnyRPCResponse(f.text) as any
  return Object.fromEntries(parsed.params.ledgerBalances.map((b: any) => [b.asset, b.amount]))
}

describe('app-session lifecycle', () => {
  it('two participants: create → operate → deposit → withdraw → close, with pushes', async () => {
    const definition = {
      application: 'chess',
      protocol: RPCProtocolVersion.NitroRPC_0_4,
      participants: [A, B],
      weights: [50, 50],
      quorum: 100,
      challenge: 86400,
      nonce: nextNonce(),
    }
    const create = await cosign(
      await createAppSessionMessage(ecdsa(KEYS.SK), {
        definition,
        allocations: [
          { participant: A, asset: 'usdc', amount: '100' },
          { participant: B, asset: 'usdc', amount: '50' },
        ],
      }),
      [KEYS.SKB],
    )
    const mark = ca.frames.length
    const created = await ca.send(create)
    const parsed = parseAnyRPCResponse(created.text) as any
    expect(parsed.params.version).toBe(1)
    expect(parsed.params.status).toBe('open')
    const id = parsed.params.appSessionId as `0x${string}`
    // bu precedes the response; no asu on create
    const before = ca.since(mark)
    expect(before.findIndex((f) => f.res?.[1] === 'bu')).toBeLessThan(before.indexOf(created))
    expect(before.some((f) => f.res?.[1] === 'asu')).toBe(false)
    expect(await balances(ca, KEYS.SK)).toEqual({ usdc: '100' })
    expect(await balances(cb, KEYS.SKB)).toEqual({ usdc: '150' })
    expect(await balances(ca, KEYS.SK, id)).toEqual({ usdc: '100' })

    // operate: A=60, B=90 signed by both → asu to both
    const bMark = cb.frames.length
    const op = await cosign(
      await createSubmitAppStateMessage<RPCProtocolVersion.NitroRPC_0_4>(ecdsa(KEYS.SK), {
        app_session_id: id,
        intent: 'operate' as any,
        version: 2,
        allocations: [
          { participant: A, asset: 'usdc', amount: '60' },
          { participant: B, asset: 'usdc', amount: '90' },
        ],
      }),
      [KEYS.SKB],
    )
    const opRes = parseAnyRPCResponse((await ca.send(op)).text) as any
    expect(opRes.params.version).toBe(2)
    const asu = await cb.waitFor((f) => f.res?.[1] === 'asu', 5000, bMark)
    const asuParsed = parseAnyRPCResponse(asu.text) as any
    expect(asuParsed.params.version).toBe(2)
    expect(
      Object.fromEntries(
        asuParsed.params.participantAllocations.map((a: any) => [a.participant, a.amount]),
      ),
    ).toEqual({ [A]: '60', [B]: '90' })

    // deposit: B adds 10
    const dep = await cosign(
      await createSubmitAppStateMessage<RPCProtocolVersion.NitroRPC_0_4>(ecdsa(KEYS.SK), {
        app_session_id: id,
        intent: 'deposit' as any,
        version: 3,
        allocations: [
          { participant: A, asset: 'usdc', amount: '60' },
          { participant: B, asset: 'usdc', amount: '100' },
        ],
      }),
      [KEYS.SKB],
    )
    expect((parseAnyRPCResponse((await ca.send(dep)).text) as any).params.version).toBe(3)
    expect(await balances(cb, KEYS.SKB)).toEqual({ usdc: '140' })

    // withdraw: A takes 20 out
    const wd = await cosign(
      await createSubmitAppStateMessage<RPCProtocolVersion.NitroRPC_0_4>(ecdsa(KEYS.SK), {
        app_session_id: id,
        intent: 'withdraw' as any,
        version: 4,
        allocations: [
          { participant: A, asset: 'usdc', amount: '40' },
          { participant: B, asset: 'usdc', amount: '100' },
        ],
      }),
      [KEYS.SKB],
    )
    expect((parseAnyRPCResponse((await ca.send(wd)).text) as any).params.version).toBe(4)
    expect(await balances(ca, KEYS.SK)).toEqual({ usdc: '120' })

    // close: A=70, B=70
    const close = await cosign(
      await createCloseAppSessionMessage(ecdsa(KEYS.SK), {
        app_session_id: id,
        allocations: [
          { participant: A, asset: 'usdc', amount: '70' },
          { participant: B, asset: 'usdc', amount: '70' },
        ],
      }),
      [KEYS.SKB],
    )
    const closed = parseAnyRPCResponse((await ca.send(close)).text) as any
    expect(closed.params.status).toBe('closed')
    expect(closed.params.version).toBe(5)
    expect(await balances(ca, KEYS.SK)).toEqual({ usdc: '190' })
    expect(await balances(cb, KEYS.SKB)).toEqual({ usdc: '210' })
    expect(node.totals()).toEqual({ usdc: '600' })

    const late = await ca.send(
      await signWith(
        await createCloseAppSessionMessage(ecdsa(KEYS.SK), {
          app_session_id: id,
          allocations: [{ participant: A, asset: 'usdc', amount: '0' }],
        }),
        [KEYS.SK, KEYS.SKB],
      ),
    )
    expect(errorOf(late)).toContain('an open app session not found')

    const list = parseAnyRPCResponse((await ca.send(createGetAppSessionsMessageV2(A))).text) as any
    expect(list.params.appSessions[0].status).toBe('closed')
  })

  it('three participants with majority quorum', async () => {
    const definition = {
      application: 'chess',
      protocol: RPCProtocolVersion.NitroRPC_0_4,
      participants: [A, B, C],
      weights: [1, 1, 1],
      quorum: 2,
      challenge: 0,
      nonce: nextNonce(),
    }
    const create = await cosign(
      await createAppSessionMessage(ecdsa(KEYS.SK), {
        definition,
        allocations: [
          { participant: A, asset: 'usdc', amount: '30' },
          { participant: B, asset: 'usdc', amount: '30' },
          { participant: C, asset: 'usdc', amount: '30' },
        ],
      }),
      [KEYS.SKB, KEYS.SKC],
    )
    const id = (parseAnyRPCResponse((await cb.send(create)).text) as any).params.appSessionId
    const close = await cosign(
      await createCloseAppSessionMessage(ecdsa(KEYS.SK), {
        app_session_id: id,
        allocations: [
          { participant: A, asset: 'usdc', amount: '90' },
          { participant: B, asset: 'usdc', amount: '0' },
          { participant: C, asset: 'usdc', amount: '0' },
        ],
      }),
      [KEYS.SKC],
    )
    const closed = parseAnyRPCResponse((await cc.send(close)).text) as any
    expect(closed.params.status).toBe('closed')
    expect(await balances(ca, KEYS.SK)).toEqual({ usdc: '260' })
    expect(await balances(cc, KEYS.SKC)).toEqual({ usdc: '170' })
  })

  it('relays session messages to participants only, echo included', async () => {
    const definition = {
      application: 'chess',
      protocol: RPCProtocolVersion.NitroRPC_0_4,
      participants: [A, B],
      weights: [50, 50],
      quorum: 100,
      challenge: 0,
      nonce: nextNonce(),
    }
    const id = (
      parseAnyRPCResponse(
        (
          await ca.send(
            await createAppSessionMessage(ecdsa(KEYS.SK), { definition, allocations: [] }),
          )
        ).text,
      ) as any
    ).params.appSessionId
    const marks = [ca.frames.length, cb.frames.length, cc.frames.length]
    const msg = await createApplicationMessage(ecdsa(KEYS.SK), id, { move: 'e4' })
    ca.ws.send(msg)
    const atB = await cb.waitFor((f) => f.req?.[1] === 'message', 5000, marks[1])
    const echo = await ca.waitFor((f) => f.req?.[1] === 'message', 5000, marks[0])
    expect(atB.text).toBe(msg)
    expect(echo.text).toBe(msg)
    expect(atB.sid).toBe(id)
    // C is not a participant: receives nothing, and may not send
    await cc.barrier()
    expect(cc.since(marks[2]!).some((f) => f.req)).toBe(false)
    // B may not send in A's name
    const spoof = await cb.send(
      await createApplicationMessage(ecdsa(KEYS.SKB), id, { from: A, data: 'hi' }),
    )
    expect(errorOf(spoof)).toBe(
      'unauthorized: invalid signature or sender is not a participant of this vApp',
    )
    const fromC = await cc.send(await createApplicationMessage(ecdsa(KEYS.SKC), id, { hi: 1 }))
    expect(errorOf(fromC)).toBe(
      'unauthorized: invalid signature or sender is not a participant of this vApp',
    )
  })
})
