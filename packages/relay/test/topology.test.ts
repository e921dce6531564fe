// The production topology: a ClearNode that does not relay (the devnode with `relay: false`,
// like the 0.5.3 node) and a standalone relay beside it. Core clients co-sign, talk and close
// through the relay.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ClearNodeClient, SessionMessage } from '@nitrolite-kit/core'
import type { Devnode } from '@nitrolite-kit/devnode'
import { ALICE, BOB, KEYS, until } from '@nitrolite-kit/test-utils'
import { startTestDevnode } from '@nitrolite-kit/test-utils/devnode'
import type { Hex } from 'viem'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Relay, startRelay } from '../src/index.js'
import { aliceAndBob, relayedClient } from './clients.js'

let node: Devnode
let relay: Relay
let dir: string
const clients: ClearNodeClient[] = []

function client(key: Hex, relayUrl: string): ClearNodeClient {
  const c = relayedClient(node.url, key, relayUrl)
  clients.push(c)
  return c
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'relay-topology-'))
  node = await startTestDevnode({ relay: false })
  await node.fund(ALICE, 'usdc', '20')
  await node.fund(BOB, 'usdc', '20')
  relay = await startRelay({ clearnode: node.url, db: join(dir, 'relay.sqlite') })
})

afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect()
  await relay.close()
  await node.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('standalone relay beside a non-relaying ClearNode', () => {
  it('create (co-signed) → messages both ways → close, all through the relay', async () => {
    const alice = client(KEYS.alice, relay.url)
    const bob = client(KEYS.bob, relay.url)
    const session = await aliceAndBob(alice, bob, [
      { participant: ALICE, asset: 'usdc', amount: '5' },
      { participant: BOB, asset: 'usdc', amount: '5' },
    ])
    expect(await bob.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '15' }])
    const atAlice: SessionMessage[] = []
    const atBob: SessionMessage[] = []
    alice.on('message', (m) => atAlice.push(m))
    bob.on('message', (m) => atBob.push(m))
    await alice.sendMessage(session.appSessionId, { move: 'e4' })
    await bob.sendMessage(session.appSessionId, { move: 'e5' })
    await until(() => atAlice.length === 2 && atBob.length === 2)
    expect(atBob.map((m) => [m.sender, m.own, m.payload])).toEqual([
      [ALICE, false, { move: 'e4' }],
      [BOB, true, { move: 'e5' }],
    ])
    expect(atAlice.map((m) => m.payload)).toEqual([{ move: 'e4' }, { move: 'e5' }])
    alice.on('signatureRequest', (r) => void r.approve())
    const closed = await bob.closeAppSession({
      appSessionId: session.appSessionId,
      allocations: [
        { participant: ALICE, asset: 'usdc', amount: '7' },
        { participant: BOB, asset: 'usdc', amount: '3' },
      ],
    })
    expect(closed.status).toBe('closed')
    expect(await alice.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '22' }])
  })

  it('a relay restart: clients reconnect and get what they missed exactly once, in order', async () => {
    const alice = client(KEYS.alice, relay.url)
    const bob = client(KEYS.bob, relay.url)
    const session = await aliceAndBob(alice, bob, [
      { participant: ALICE, asset: 'usdc', amount: '1' },
    ])
    const atBob: unknown[] = []
    bob.on('message', (m) => atBob.push(m.payload))
    await alice.sendMessage(session.appSessionId, 1)
    await until(() => atBob.length === 1)
    // Same port, same log: the clients' sockets drop and come back.
    const port = relay.port
    await relay.close()
    relay = await startRelay({ clearnode: node.url, db: join(dir, 'relay.sqlite'), port })
    // Both come back by themselves; a send right away waits for Alice's resume (or, racing the
    // drop, is sent again after it) and still arrives once.
    await alice.sendMessage(session.appSessionId, 2)
    await alice.sendMessage(session.appSessionId, 3)
    await until(() => atBob.length === 3)
    await bob.sendMessage(session.appSessionId, 'barrier')
    await until(() => atBob.length === 4)
    expect(atBob).toEqual([1, 2, 3, 'barrier'])
    // Disconnecting leaves no socket behind, and no timer that would open one.
    await alice.disconnect()
    await until(() => relay.clients === 1)
    await relay.close()
    relay = await startRelay({ clearnode: node.url, db: join(dir, 'relay.sqlite'), port })
    await bob.sendMessage(session.appSessionId, 'after')
    await until(() => atBob.length === 5)
    expect(relay.clients).toBe(1)
  })
})
