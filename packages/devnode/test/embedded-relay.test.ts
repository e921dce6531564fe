// The durable relay the devnode embeds at `/relay`: core clients with
// `standaloneRelay({ url: node.relayUrl })` against one devnode that does not relay on `/ws`
// (`relay: false`, the production topology on one port). Real signatures, real SQLite.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  type ClearNodeClient,
  createClearNodeClient,
  NodeRejectedError,
  type SessionMessage,
} from '@nitrolite-kit/core'
import { type RelayCursorStorage, standaloneRelay } from '@nitrolite-kit/core/relay'
import {
  ALICE,
  BOB,
  CAROL,
  KEYS,
  localWallet,
  peersDefinition,
  until,
} from '@nitrolite-kit/test-utils'
import { startTestDevnode } from '@nitrolite-kit/test-utils/devnode'
import Database from 'better-sqlite3'
import type { Hex } from 'viem'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Devnode, DevnodeOptions } from '../src/index.js'

let node: Devnode
let dir: string
const clients: ClearNodeClient[] = []

/** Cursors kept across clients, as `localStorage` keeps them across page loads. */
function memoryStorage(): RelayCursorStorage {
  const map = new Map<string, string>()
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) }
}

function client(key: Hex, storage?: RelayCursorStorage): ClearNodeClient {
  const c = createClearNodeClient({
    url: node.url,
    application: 'chess',
    walletSigner: localWallet(key),
    allowances: [{ asset: 'usdc', amount: '1000' }],
    WebSocket: WebSocket as never,
    requestTimeoutMs: 5000,
    keepAliveMs: 0,
    reconnect: { baseDelayMs: 20, maxDelayMs: 100 },
    messageTransport: standaloneRelay({
      url: node.relayUrl,
      WebSocket: WebSocket as never,
      timeoutMs: 5000,
      reconnect: { baseDelayMs: 20, maxDelayMs: 100 },
      ...(storage ? { storage } : {}),
    }),
  })
  clients.push(c)
  return c
}

async function start(options: DevnodeOptions = {}) {
  node = await startTestDevnode({ relay: false, ...options })
  await node.fund(ALICE, 'usdc', '20')
  await node.fund(BOB, 'usdc', '20')
}

/** Alice creates an Alice–Bob session; Bob co-signs through the relay. */
async function session(alice: ClearNodeClient, bob: ClearNodeClient): Promise<Hex> {
  bob.on('signatureRequest', (r) => void r.approve())
  const created = await alice.createAppSession({
    definition: peersDefinition([ALICE, BOB]),
    allocations: [
      { participant: ALICE, asset: 'usdc', amount: '5' },
      { participant: BOB, asset: 'usdc', amount: '5' },
    ],
  })
  return created.appSessionId
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'devnode-embedded-relay-'))
})

afterEach(async () => {
  for (const c of clients.splice(0)) await c.disconnect()
  await node?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the embedded durable relay', () => {
  it('is served at /relay on the node port, reported by /info, closed with the node', async () => {
    await start()
    expect(node.relayUrl).toBe(`ws://127.0.0.1:${node.port}/relay`)
    const info = await (await fetch(`${node.httpUrl}/info`)).json()
    expect(info).toMatchObject({ relay: false, relayUrl: node.relayUrl })
    // A relay socket is greeted with a challenge; closing the node closes it too.
    const ws = new WebSocket(node.relayUrl)
    const greeting = await new Promise<string>((resolve, reject) => {
      ws.once('message', (data) => resolve(String(data)))
      ws.once('error', reject)
    })
    expect(JSON.parse(greeting).res.slice(0, 2)).toEqual([0, 'challenge'])
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    await node.close()
    expect(await closed).toBe(1006)
  })

  it('create (co-signed) → messages both ways → close, with no relay on /ws', async () => {
    await start()
    const alice = client(KEYS.alice)
    const bob = client(KEYS.bob)
    await Promise.all([alice.connect(), bob.connect()])
    const sid = await session(alice, bob)
    expect(await bob.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '15' }])
    const atAlice: SessionMessage[] = []
    const atBob: SessionMessage[] = []
    alice.on('message', (m) => atAlice.push(m))
    bob.on('message', (m) => atBob.push(m))
    await alice.sendMessage(sid, { move: 'e4' })
    await bob.sendMessage(sid, { move: 'e5' })
    await until(() => atAlice.length === 2 && atBob.length === 2)
    expect(atBob.map((m) => [m.sender, m.own, m.payload])).toEqual([
      [ALICE, false, { move: 'e4' }],
      [BOB, true, { move: 'e5' }],
    ])
    expect(atAlice.map((m) => m.payload)).toEqual([{ move: 'e4' }, { move: 'e5' }])
    alice.on('signatureRequest', (r) => void r.approve())
    const closed = await bob.closeAppSession({
      appSessionId: sid,
      allocations: [
        { participant: ALICE, asset: 'usdc', amount: '7' },
        { participant: BOB, asset: 'usdc', amount: '3' },
      ],
    })
    expect(closed.status).toBe('closed')
    expect(await alice.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '22' }])
  })

  it('a client away and back gets exactly the messages it missed, once, in order', async () => {
    await start()
    const bobCursors = memoryStorage()
    const alice = client(KEYS.alice)
    const bob = client(KEYS.bob, bobCursors)
    await Promise.all([alice.connect(), bob.connect()])
    const sid = await session(alice, bob)
    const first: unknown[] = []
    bob.on('message', (m) => first.push(m.payload))
    await alice.sendMessage(sid, 1)
    await until(() => first.length === 1)
    await bob.disconnect()
    await alice.sendMessage(sid, 2)
    await alice.sendMessage(sid, 3)
    // Bob comes back (a new client, as after a reload) with the cursors he kept.
    const again = client(KEYS.bob, bobCursors)
    const atBob: unknown[] = []
    again.on('message', (m) => atBob.push(m.payload))
    await again.connect()
    await again.sendMessage(sid, 'back') // delivered after the backlog: the round-trip barrier
    await until(() => atBob.includes('back'))
    expect(atBob).toEqual([2, 3, 'back'])
    expect(first).toEqual([1])
  })

  it('refuses a non-participant', async () => {
    await start()
    await node.fund(CAROL, 'usdc', '20')
    const alice = client(KEYS.alice)
    const bob = client(KEYS.bob)
    const carol = client(KEYS.carol)
    await Promise.all([alice.connect(), bob.connect(), carol.connect()])
    const sid = await session(alice, bob)
    const atCarol: unknown[] = []
    carol.on('message', (m) => atCarol.push(m.payload))
    // Alice's send is acknowledged after its deliveries are written, and Carol's refusal
    // answers on Carol's socket after anything written to it before: nothing reached her.
    await alice.sendMessage(sid, 'private')
    const refused = await carol.sendMessage(sid, 'intrusion').catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(NodeRejectedError)
    expect((refused as NodeRejectedError).nodeMessage).toBe(
      `sender ${CAROL} is not a participant of app session ${sid}`,
    )
    expect(atCarol).toEqual([])
  })

  it('keeps the sequenced log across a devnode restart on the same database file', async () => {
    const dbPath = join(dir, 'devnode.sqlite')
    await start({ dbPath })
    const bobCursors = memoryStorage()
    const alice = client(KEYS.alice)
    const bob = client(KEYS.bob, bobCursors)
    await Promise.all([alice.connect(), bob.connect()])
    const sid = await session(alice, bob)
    const before: unknown[] = []
    bob.on('message', (m) => before.push(m.payload))
    await alice.sendMessage(sid, 1)
    await until(() => before.length === 1)
    await bob.disconnect()
    await alice.sendMessage(sid, 2) // logged while Bob is away
    for (const c of clients.splice(0)) await c.disconnect()
    const port = node.port // the same URL: clients key their cursors by the relay URL
    await node.close()

    // The relay's tables sit beside the node's in its file, under their own names.
    const db = new Database(dbPath, { readonly: true })
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()
    db.close()
    expect(names.map((t) => (t as { name: string }).name)).toEqual(
      expect.arrayContaining(['app_sessions', 'relay_sessions', 'relay_members', 'relay_frames']),
    )

    node = await startTestDevnode({ relay: false, dbPath, port })
    const alice2 = client(KEYS.alice)
    const bob2 = client(KEYS.bob, bobCursors)
    const atBob: unknown[] = []
    bob2.on('message', (m) => atBob.push(m.payload))
    await Promise.all([alice2.connect(), bob2.connect()])
    // 3 continues the numbering: a log restarted at 1 would be dropped below Bob's cursor.
    await alice2.sendMessage(sid, 3)
    await bob2.sendMessage(sid, 'barrier')
    await until(() => atBob.includes('barrier'))
    expect(atBob).toEqual([2, 3, 'barrier'])
  })
})
