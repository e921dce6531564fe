// Issue #14: behaviours where the devnode differed from the Go ClearNode (c0f48e85), each
// checked against what the Go node does.
import { createTransferMessage } from '@erc7824/nitrolite'
import { afterEach, describe, expect, it } from 'vitest'
import type { Devnode, DevnodeOptions } from '../src/index.js'
import {
  addr,
  authenticate,
  ecdsa,
  errorOf,
  type Frame,
  KEYS,
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
