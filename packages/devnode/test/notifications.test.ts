// How many `bu` a call pushes, as the Go node does (clearnode/ at c0f48e85): the handler's
// service notifies every wallet whose balance it changed (app_session_service.go,
// HandleTransfer), then BalanceUpdateMiddleware (rpc_router_private.go) pushes the caller's
// balances once more after every transfer / create / submit / close, success or not, and only
// then is the response written (rpc_node.go). A caller whose balance changed therefore gets
// two identical `bu` before its response; that is the Go behaviour, kept.
import {
  createAppSessionMessage,
  createTransferMessage,
  RPCProtocolVersion,
} from '@erc7824/nitrolite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Devnode } from '../src/index.js'
import {
  addr,
  authenticate,
  cosign,
  ecdsa,
  type Frame,
  KEYS,
  nextNonce,
  TestClient,
  withNode,
} from './helpers.js'

const A = addr(KEYS.A)
const B = addr(KEYS.B)

let node: Devnode
let ca: TestClient
let cb: TestClient

beforeEach(async () => {
  node = await withNode()
  await node.fund(A, 'usdc', '200')
  await node.fund(B, 'usdc', '200')
  ca = await TestClient.connect(node.url)
  cb = await TestClient.connect(node.url)
  await authenticate(ca, KEYS.A, KEYS.SK)
  await authenticate(cb, KEYS.B, KEYS.SKB)
  // the post-auth pushes have arrived
  await ca.waitFor((f) => f.res?.[1] === 'bu')
  await cb.waitFor((f) => f.res?.[1] === 'bu')
})

afterEach(async () => {
  for (const c of [ca, cb]) c?.close()
  await node.close()
})

const bus = (frames: Frame[]) => frames.filter((f) => f.res?.[1] === 'bu')

/** Sends `message` on `ca`; the caller's frames up to the response and B's since the mark. */
async function call(message: string) {
  const [markA, markB] = [ca.frames.length, cb.frames.length]
  const response = await ca.send(message)
  const mine = ca.since(markA)
  // B's pushes precede A's response on the node; give its socket a moment to deliver them.
  await new Promise((r) => setTimeout(r, 50))
  return { response, mine: mine.slice(0, mine.indexOf(response)), theirs: cb.since(markB) }
}

function create(amountA: string, amountB: string) {
  const definition = {
    application: 'chess',
    protocol: RPCProtocolVersion.NitroRPC_0_4,
    participants: [A, B],
    weights: [50, 50],
    quorum: 100,
    challenge: 0,
    nonce: nextNonce(),
  }
  return createAppSessionMessage(ecdsa(KEYS.SK), {
    definition,
    allocations: [
      { participant: A, asset: 'usdc', amount: amountA },
      { participant: B, asset: 'usdc', amount: amountB },
    ],
  }).then((m) => cosign(m, [KEYS.SKB]))
}

describe('bu pushes per call (Go: the service, then the middleware)', () => {
  it('a caller whose balance changed gets two identical bu before its response', async () => {
    const { response, mine, theirs } = await call(await create('10', '5'))
    expect(response.res?.[1]).toBe('create_app_session')
    expect(bus(mine)).toHaveLength(2)
    expect(bus(mine)[0]!.res![2]).toEqual(bus(mine)[1]!.res![2])
    expect(bus(mine)[0]!.res![2].balance_updates).toEqual([{ asset: 'usdc', amount: '190' }])
    expect(bus(theirs)).toHaveLength(1)
  })

  it('a caller whose balance did not change gets only the middleware bu', async () => {
    const { response, mine, theirs } = await call(await create('0', '5'))
    expect(response.res?.[1]).toBe('create_app_session')
    expect(bus(mine)).toHaveLength(1)
    expect(bus(theirs)).toHaveLength(1)
  })

  it('a failed call still pushes the caller one bu, and nobody else any', async () => {
    const { response, mine, theirs } = await call(await create('1000', '5'))
    expect(response.res?.[1]).toBe('error')
    expect(bus(mine)).toHaveLength(1)
    expect(bus(theirs)).toHaveLength(0)
  })

  it('transfer: the sender gets two bu (HandleTransfer and the middleware), the receiver one', async () => {
    const message = await createTransferMessage(ecdsa(KEYS.SK), {
      destination: B,
      allocations: [{ asset: 'usdc', amount: '1' }],
    })
    const { response, mine, theirs } = await call(message)
    expect(response.res?.[1]).toBe('transfer')
    expect(bus(mine)).toHaveLength(2)
    expect(bus(theirs)).toHaveLength(1)
  })
})
