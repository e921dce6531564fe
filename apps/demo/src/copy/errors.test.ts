// The node's and the guard's real refusals, from a devnode started in-process, in plain words.
import { createRequire } from 'node:module'
import {
  type AppDefinition,
  type ClearNodeClient,
  createClearNodeClient,
  type WebSocketConstructor,
} from '@nitrolite-kit/core'
import type { Devnode } from '@nitrolite-kit/devnode'
import { address, KEYS, localWallet } from '@nitrolite-kit/test-utils'
import { startTestDevnode } from '@nitrolite-kit/test-utils/devnode'
import type { Hex } from 'viem'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { plainError } from './errors.js'

const WebSocket = createRequire(import.meta.url)('ws') as WebSocketConstructor
const ALICE = address(KEYS.alice)
const BOB = address(KEYS.bob)
const names = { [ALICE]: 'Alice', [BOB]: 'Bob' }

let node: Devnode
let alice: ClearNodeClient
let bob: ClearNodeClient

const client = (key: Hex) =>
  createClearNodeClient({
    url: node.url,
    application: 'nitrolite-kit-demo',
    walletSigner: localWallet(key),
    allowances: [{ asset: 'usdc', amount: '1000' }],
    WebSocket,
    requestTimeoutMs: 5000,
    keepAliveMs: 0,
    reconnect: false,
  })

const definition = (): AppDefinition => ({
  application: 'nitrolite-kit-demo',
  protocol: 'NitroRPC/0.4',
  participants: [ALICE, BOB],
  weights: [50, 50],
  quorum: 100,
  challenge: 86400,
  nonce: Date.now() + Math.floor(Math.random() * 1e6),
})

const stakes = (a: string, b: string) => [
  { participant: ALICE, asset: 'usdc', amount: a },
  { participant: BOB, asset: 'usdc', amount: b },
]

/** The error `p` rejects with (fails the test when it resolves). */
async function refusal(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a refusal')
    },
    (e: unknown) => e,
  )
}

beforeEach(async () => {
  node = await startTestDevnode()
  await node.fund(ALICE, 'usdc', '2000')
  await node.fund(BOB, 'usdc', '975')
  alice = client(KEYS.alice)
  bob = client(KEYS.bob)
  await Promise.all([alice.connect(), bob.connect()])
})

afterEach(async () => {
  await alice?.disconnect()
  await bob?.disconnect()
  await node?.close()
})

describe('given a stake Bob cannot cover', () => {
  it("should say Bob doesn't have enough, naming Bob (Bob's app refuses before signing)", async () => {
    const error = await refusal(
      alice.createAppSession(
        { definition: definition(), allocations: stakes('1000', '1000') },
        { timeoutMs: 10_000 },
      ),
    )
    const plain = plainError(error, { me: ALICE, names })
    expect(plain.text).toBe(
      "Bob doesn't have enough usdc for this. Lower the stake, or ask Bob to get test funds first.",
    )
    expect(plain.technical).toMatch(/insufficient funds/i)
  })
})

describe('given a stake the node refuses', () => {
  it('should name the player without funds from each side', async () => {
    // Bob alone funds it (Alice puts in nothing, so only Bob signs) with more than he holds.
    const error = await refusal(
      bob.createAppSession({ definition: definition(), allocations: stakes('0', '975.5') }),
    )
    expect(error).toMatchObject({ name: 'NodeRejectedError' })
    expect(plainError(error, { me: BOB, names }).text).toMatch(/^You don't have enough usdc/)
    expect(plainError(error, { me: ALICE, names }).text).toMatch(/^Bob doesn't have enough usdc/)
  })

  it("should explain the sign-in's spending limit with what is left", async () => {
    await alice.createAppSession({ definition: definition(), allocations: stakes('600', '0') })
    const error = await refusal(
      alice.createAppSession({ definition: definition(), allocations: stakes('600', '0') }),
    )
    expect(plainError(error, { me: ALICE, names }).text).toBe(
      "A player's spending limit for this sign-in has only 400 usdc left, and this needs 600 usdc. Lower the stake to 400 or less.",
    )
  })

  it('should explain the per-sign-in cap before anything is sent', async () => {
    const error = await refusal(
      alice.createAppSession({ definition: definition(), allocations: stakes('1500', '0') }),
    )
    expect(plainError(error, { me: ALICE, names }).text).toBe(
      'You can put in at most 1000 usdc per sign-in in this demo (this needs 1500). Lower the stake.',
    )
  })
})
