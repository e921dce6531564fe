// `createRelay` on someone else's HTTP server: upgrades of one path, participants from an
// injected lookup (no ClearNode socket), the log's tables prefixed inside a shared database file.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ALICE, BOB, CAROL, KEYS, until } from '@nitrolite-kit/test-utils'
import Database from 'better-sqlite3'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createRelay,
  type ParticipantsLookup,
  type RelayEndpoint,
  type RelayEndpointOptions,
  viemHashText,
  viemRecoverAddress,
} from '../src/index.js'
import { certificate, RawClient } from './helpers.js'

const SID = `0x${'ab'.repeat(32)}` as Hex
let dir: string
let server: Server
let relay: RelayEndpoint
let url: string
const sockets: RawClient[] = []
const lookups: string[] = []

async function start(lookup: ParticipantsLookup, extra: Partial<RelayEndpointOptions> = {}) {
  relay = createRelay({
    ...extra,
    membership: (sid) => {
      lookups.push(sid)
      return lookup(sid)
    },
    db: join(dir, 'shared.sqlite'),
    tablePrefix: 'relay_',
  })
  server = createServer((_req, res) => res.writeHead(404).end())
  server.on('upgrade', (req, socket, head) => {
    if (req.url?.split('?')[0] === '/relay') relay.handleUpgrade(req, socket, head)
    else socket.end('HTTP/1.1 404 Not Found\r\n\r\n')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/relay`
}

async function as(wallet: 'alice' | 'bob' | 'carol') {
  const s = await RawClient.open(url)
  sockets.push(s)
  const key = KEYS[`${wallet}Session`]
  await s.auth(await certificate(KEYS[wallet], key), key)
  expect((await s.request('resume', { sessions: {} })).res[1]).toBe('resume')
  return { s, send: (p: Record<string, unknown>) => s.send(SID, key, p) }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'relay-embedding-'))
  lookups.length = 0
})

afterEach(async () => {
  await Promise.all(sockets.splice(0).map((s) => s.close()))
  await relay?.close()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  rmSync(dir, { recursive: true, force: true })
})

describe('createRelay attached to an existing server', () => {
  it('reads participants from the lookup, delivers to them only, refuses others', async () => {
    // The host application's own table in the same file is left alone.
    const host = new Database(join(dir, 'shared.sqlite'))
    host.exec('CREATE TABLE sessions (id TEXT)')
    host.close()
    await start((sid) => (sid === SID ? [ALICE, BOB] : undefined))
    const [alice, bob, carol] = [await as('alice'), await as('bob'), await as('carol')]
    expect((await alice.send({ data: 'hi' })).res[2]).toEqual({ sid: SID, seq: 1 })
    expect((await carol.send({ data: 'x' })).res[2].error).toBe(
      `sender ${CAROL} is not a participant of app session ${SID}`,
    )
    await Promise.all([bob.s.barrier(), carol.s.barrier()])
    expect(bob.s.deliveries(SID)).toMatchObject([{ seq: 1, from: ALICE }])
    expect(carol.s.deliveries()).toEqual([])
    expect(lookups).toEqual([SID]) // cached after the first answer
    const db = new Database(join(dir, 'shared.sqlite'), { readonly: true })
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all()
    db.close()
    expect(tables.map((t) => (t as { name: string }).name).sort()).toEqual([
      'relay_frames',
      'relay_members',
      'relay_sessions',
      'sessions',
    ])
  })

  it('an unknown session needs its definition; a failing lookup is "membership unavailable"', async () => {
    let fail = false
    await start(() => {
      if (fail) throw new Error('store closed')
      return undefined
    })
    const alice = await as('alice')
    expect((await alice.send({ data: 1 })).res[2].error).toBe(
      `app session ${SID} not found on the ClearNode: send its definition with the message`,
    )
    fail = true
    expect((await alice.send({ data: 1 })).res[2].error).toBe(
      'membership unavailable: the participants lookup failed',
    )
  })

  it('hashes and recovers challenge and message signatures with the functions given', async () => {
    const recovered: string[] = []
    const hashed: string[] = []
    let refuse = false
    await start((sid) => (sid === SID ? [ALICE, BOB] : undefined), {
      hashText: (text) => {
        hashed.push(text)
        return viemHashText(text)
      },
      recoverAddress: async (hash, signature) => {
        if (refuse) throw new Error('no key recovers')
        const address = await viemRecoverAddress(hash, signature)
        recovered.push(address)
        return address
      },
    })
    const alice = await as('alice') // the challenge signature
    expect(recovered).toEqual([privateKeyToAccount(KEYS.aliceSession).address])
    expect((await alice.send({ data: 'hi' })).res[2]).toEqual({ sid: SID, seq: 1 })
    expect(recovered).toHaveLength(2)
    expect(hashed).toHaveLength(2)
    expect(hashed[0]).toMatch(/^nitrolite-relay-auth:/)
    expect(JSON.parse(hashed[1] as string)[1]).toBe('message')
    refuse = true
    expect((await alice.send({ data: 'again' })).res[2].error).toBe('invalid signature')
  })

  it('stores nothing from a socket that closed while its message waited for the lookup', async () => {
    let release = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    await start(async (sid) => {
      await gate
      return sid === SID ? [ALICE, BOB] : undefined
    })
    const alice = await as('alice')
    // Never answered: the socket is gone when the lookup returns (its client sends it again).
    void alice.send({ data: 'lost' })
    await until(() => lookups.length === 1)
    await alice.s.close()
    release()
    const bob = await as('bob')
    const again = await as('alice')
    expect((await again.send({ data: 'again' })).res[2]).toEqual({ sid: SID, seq: 1 })
    await bob.s.barrier()
    expect(bob.s.deliveries(SID).map((d: { req: unknown[] }) => d.req[2])).toMatchObject([
      { data: 'again' },
    ])
  })

  it('refuses a bad table prefix', () => {
    expect(() => createRelay({ membership: () => undefined, tablePrefix: 'x; DROP' })).toThrow(
      /^tablePrefix must be letters/,
    )
  })
})
