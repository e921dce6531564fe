import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ALICE, BOB, KEYS, peersDefinition } from '@nitrolite-kit/test-utils'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { appSessionId, RelayLog } from '../src/index.js'
import { setupRelay } from './fixture.js'
import { certificate, type RawClient } from './helpers.js'

const ctx = setupRelay({ retention: { count: 3 } })
const definition = peersDefinition([ALICE, BOB])
const sid = appSessionId(definition)

async function as(wallet: 'alice' | 'bob', sessions: Record<string, number> = {}) {
  const s = await ctx.open()
  const key = KEYS[`${wallet}Session`]
  await s.auth(await certificate(KEYS[wallet], key), key)
  const resumed = await s.request('resume', { sessions })
  return { s, resumed, send: (p: Record<string, unknown>) => s.send(sid, key, p) }
}

const datas = (s: RawClient) => s.deliveries(sid).map((f) => [f.seq, f.req[2].data])

describe('ordering and resume', () => {
  it('a reconnecting client gets exactly the frames it missed, once, in order', async () => {
    const alice = await as('alice')
    let bob = await as('bob')
    await alice.send({ data: 'a1', definition })
    await bob.s.barrier()
    expect(datas(bob.s)).toEqual([[1, 'a1']])
    await bob.s.close()
    await alice.send({ data: 'a2' })
    await alice.send({ data: 'a3' })
    bob = await as('bob', { [sid]: 1 })
    expect(datas(bob.s)).toEqual([
      [2, 'a2'],
      [3, 'a3'],
    ])
    expect(bob.resumed.res[2].sessions[sid]).toEqual({ last: 3, first: 2 })
    await alice.send({ data: 'a4' })
    await bob.s.barrier()
    expect(datas(bob.s)).toEqual([
      [2, 'a2'],
      [3, 'a3'],
      [4, 'a4'],
    ])
    // The sender's echo carries the same numbers.
    await alice.s.barrier()
    expect(datas(alice.s).map(([seq]) => seq)).toEqual([1, 2, 3, 4])
  })

  it('writes held to the end of a tick still leave as one WebSocket message per frame, in order', async () => {
    const alice = await as('alice')
    const bob = await as('bob')
    await alice.send({ data: 'open', definition })
    // Several in flight: each delivery to the sender is followed by its ack, before the next one.
    const acks = await Promise.all(['m1', 'm2', 'm3'].map((data) => alice.send({ data })))
    expect(acks.map((a) => a.res[2].seq)).toEqual([2, 3, 4])
    await Promise.all([alice.s.barrier(), bob.s.barrier()])
    const shape = (f: { seq?: number; res?: [number, string, { seq?: number }] }) =>
      f.seq !== undefined ? `delivery ${f.seq}` : `${f.res?.[1]} ${f.res?.[2].seq ?? ''}`.trim()
    const after = alice.s.frames.slice(alice.s.frames.findIndex((f) => f.seq === 2))
    expect(after.map(shape)).toEqual([
      'delivery 2',
      'message 2',
      'delivery 3',
      'message 3',
      'delivery 4',
      'message 4',
      'pong',
    ])
    expect(datas(bob.s)).toEqual([
      [1, 'open'],
      [2, 'm1'],
      [3, 'm2'],
      [4, 'm3'],
    ])
  })

  it('a session the client does not list is resumed from its start (invitations while away)', async () => {
    const alice = await as('alice')
    await alice.send({ data: 'invite', definition })
    const bob = await as('bob')
    expect(datas(bob.s)).toEqual([[1, 'invite']])
  })

  it('retention keeps the last `count` frames of a session', async () => {
    const alice = await as('alice')
    for (let i = 1; i <= 5; i++) await alice.send({ data: i, definition })
    const bob = await as('bob', { [sid]: 0 })
    expect(datas(bob.s)).toEqual([
      [3, 3],
      [4, 4],
      [5, 5],
    ])
    expect(bob.resumed.res[2].sessions[sid]).toEqual({ last: 5, first: 3 })
  })

  it('retention drops frames past the age bound, and the log survives a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-log-'))
    try {
      const path = join(dir, 'relay.sqlite')
      const s = sid as Hex
      let log = new RelayLog(path, { count: 100, ageMs: 1000 })
      log.append(s, [ALICE, BOB], '{"n":1}', 10_000)
      log.append(s, [ALICE, BOB], '{"n":2}', 10_900)
      log.close()
      log = new RelayLog(path, { count: 100, ageMs: 1000 })
      expect(log.after(s, 0, 11_500).map((f) => f.seq)).toEqual([2])
      expect(log.pruneByAge(11_500)).toBe(1)
      expect(log.append(s, [ALICE, BOB], '{"n":3}', 11_600)).toBe(3)
      expect(log.after(s, 0, 11_600).map((f) => f.seq)).toEqual([2, 3])
      log.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('sequence numbers', () => {
  it('continue after every frame of a session went by age, across a restart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-log-'))
    try {
      const path = join(dir, 'relay.sqlite')
      const s = sid as Hex
      let log = new RelayLog(path, { count: 100, ageMs: 1000 })
      log.append(s, [ALICE, BOB], '{"n":1}', 10_000)
      log.append(s, [ALICE, BOB], '{"n":2}', 10_100)
      expect(log.pruneByAge(12_000)).toBe(2)
      expect(log.after(s, 0, 12_000)).toEqual([])
      expect(log.lastSeq(s)).toBe(2)
      log.close()
      log = new RelayLog(path, { count: 100, ageMs: 1000 })
      expect(log.lastSeq(s)).toBe(2)
      expect(log.append(s, [ALICE, BOB], '{"n":3}', 12_100)).toBe(3)
      expect(log.after(s, 0, 12_100).map((f) => f.seq)).toEqual([3])
      log.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('stay distinct and in order with two logs writing one database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-log-'))
    const path = join(dir, 'relay.sqlite')
    const a = new RelayLog(path)
    const b = new RelayLog(path)
    try {
      const seqs = [1, 2, 3, 4, 5, 6].map((n) =>
        (n % 3 ? a : b).append(sid, [ALICE, BOB], `{"n":${n}}`),
      )
      expect(seqs).toEqual([1, 2, 3, 4, 5, 6])
      expect(a.after(sid, 0).map((f) => f.frame)).toEqual(
        [1, 2, 3, 4, 5, 6].map((n) => `{"n":${n}}`),
      )
    } finally {
      a.close()
      b.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('the count bound keeps the newest frames of each session, numbered on', () => {
    const log = new RelayLog(':memory:', { count: 2, ageMs: 60_000 })
    const other = `0x${'cd'.repeat(32)}`
    try {
      for (let n = 1; n <= 5; n++) expect(log.append(sid, [ALICE], `{"n":${n}}`)).toBe(n)
      expect(log.append(other, [BOB], '{"n":1}')).toBe(1)
      expect(log.after(sid, 0).map((f) => [f.seq, f.frame])).toEqual([
        [4, '{"n":4}'],
        [5, '{"n":5}'],
      ])
      expect(log.after(other, 0).map((f) => f.seq)).toEqual([1])
      expect([log.lastSeq(sid), log.lastSeq(other), log.lastSeq(`0x${'ef'.repeat(32)}`)]).toEqual([
        5, 1, 0,
      ])
    } finally {
      log.close()
    }
  })
})

describe('the log remembers what it stored', () => {
  const other = `0x${'cd'.repeat(32)}`
  it('skips rows it knows are stored, and still records new members, across evictions', () => {
    const log = new RelayLog(':memory:', undefined, { cacheSize: 1 })
    try {
      expect(log.append(sid, [ALICE], '{"n":1}')).toBe(1)
      expect(log.append(other, [BOB], '{"n":1}')).toBe(1) // evicts sid from memory
      // The first participants recorded stay the session's; a new member is still stored.
      expect(log.append(sid, [ALICE, BOB], '{"n":2}')).toBe(2)
      expect(log.participants(sid)).toEqual([ALICE])
      expect(log.participants(sid)).toBe(log.participants(sid))
      expect(log.append(sid, [ALICE, BOB], '{"n":3}')).toBe(3)
      expect(log.isMember(BOB, sid)).toBe(true)
      expect(log.sessionsOf(BOB)).toEqual([sid, other].sort())
      expect(log.lastSeq(sid)).toBe(3)
    } finally {
      log.close()
    }
  })

  it('a failed append leaves nothing remembered', () => {
    const log = new RelayLog(':memory:')
    try {
      // A frame SQLite cannot bind rolls the transaction back.
      expect(() => log.append(sid, [ALICE, BOB], undefined as unknown as string)).toThrow()
      expect(log.participants(sid)).toBeUndefined()
      expect(log.isMember(ALICE, sid)).toBe(false)
      expect(log.append(sid, [ALICE, BOB], '{"n":1}')).toBe(1)
      expect(log.participants(sid)).toEqual([ALICE, BOB])
      expect([log.isMember(ALICE, sid), log.isMember(BOB, sid)]).toEqual([true, true])
    } finally {
      log.close()
    }
  })
})

describe('malformed frames', () => {
  it('answers each with a precise error and stores nothing', async () => {
    const alice = await as('alice')
    // Frames are answered in order: the next error after sending is this frame's.
    const err = async (text: string) => {
      const seen = alice.s.frames.length
      const answer = alice.s.next(
        (f) => alice.s.frames.indexOf(f) >= seen && f.res?.[1] === 'error',
      )
      alice.s.ws.send(text)
      return (await answer).res[2].error
    }
    alice.s.ws.send('not json')
    const notJson = await alice.s.next(
      (f) => f.res?.[2]?.error === 'invalid message format: not JSON',
    )
    expect(notJson.res[1]).toBe('error')
    expect(await err('{"req":[77,"message",{}]}')).toBe(
      'invalid message format: `req` must be [id, method, params, timestamp]',
    )
    expect(await err('{"req":[77,"",{},1]}')).toBe(
      'invalid message format: method must be a non-empty string',
    )
    expect(await err('{"req":[77,"message",{},"x"]}')).toBe(
      'invalid message format: timestamp must be a positive integer (ms)',
    )
    expect(await err('{"req":[77,"message",{},1],"sig":["nothex"]}')).toBe(
      'invalid message format: `sig` must be an array of 0x-hex strings',
    )
    expect(await err('{"req":[77,"nope",{},1]}')).toBe('unknown method: nope')
    expect(await err('{"req":[77,"message",{},1]}')).toBe('missing sid')
    expect(await err(`{"req":[77,"message",{},1],"sid":"0x12"}`)).toBe(
      'invalid sid: expected 0x and 64 lowercase hex digits',
    )
    expect(await err(`{"req":[77,"message",[1],1],"sid":"${sid}"}`)).toBe(
      'invalid message params: expected an object',
    )
    expect(await err(`{"req":[77,"message",{},1],"sid":"${sid}"}`)).toBe(
      'missing signature: sign the request with the session key',
    )
    expect(await err(`{"req":[77,"message",{},1],"sid":"${sid}","sig":["0x1234"]}`)).toBe(
      'invalid signature',
    )
    expect(await err(`{"req":[77,"resume",{"sessions":{"0x1":1}},1]}`)).toBe(
      'invalid resume parameters: bad sid 0x1',
    )
    expect(await err(`{"req":[77,"x",${JSON.stringify('y'.repeat(70_000))},1]}`)).toBe(
      'frame too large: at most 65536 bytes',
    )
    // Still serving, and nothing was stored.
    const ok = await alice.send({ data: 'fine', definition })
    expect(ok.res[2]).toEqual({ sid, seq: 1 })
  })
})
