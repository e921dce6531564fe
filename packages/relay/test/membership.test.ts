import { ALICE, BOB, CAROL, KEYS, peersDefinition } from '@nitrolite-kit/test-utils'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { appSessionId } from '../src/index.js'
import { setupRelay } from './fixture.js'
import { certificate } from './helpers.js'

const ctx = setupRelay({ preCreationRatePerMinute: 3 })

async function as(wallet: 'alice' | 'bob' | 'carol') {
  const s = await ctx.open()
  const key = KEYS[`${wallet}Session`]
  await s.auth(await certificate(KEYS[wallet], key), key)
  expect((await s.request('resume', { sessions: {} })).res[1]).toBe('resume')
  return { s, key, send: (sid: Hex, p: Record<string, unknown>) => s.send(sid, key, p) }
}

describe('membership', () => {
  it('pre-creation: a definition hashing to the sid reaches its participants only, the sender included', async () => {
    const [alice, bob, carol] = [await as('alice'), await as('bob'), await as('carol')]
    const definition = peersDefinition([ALICE, BOB])
    const sid = appSessionId(definition)
    const ack = await alice.send(sid, { nk: 1, kind: 'app', from: ALICE, data: 'hi', definition })
    expect(ack.res).toEqual([expect.any(Number), 'message', { sid, seq: 1 }, expect.any(Number)])
    await Promise.all([alice.s.barrier(), bob.s.barrier(), carol.s.barrier()])
    expect(bob.s.deliveries(sid)).toMatchObject([{ seq: 1, from: ALICE, sid }])
    expect(alice.s.deliveries(sid)).toHaveLength(1)
    expect(carol.s.deliveries()).toEqual([])
    // Later sends may leave the definition out: the relay remembers the proven participants.
    expect((await bob.send(sid, { data: 'yo' })).res[2]).toEqual({ sid, seq: 2 })
  })

  it('refuses a non-participant, and a sender naming another wallet', async () => {
    const [alice, carol] = [await as('alice'), await as('carol')]
    const definition = peersDefinition([ALICE, BOB])
    const sid = appSessionId(definition)
    const fromCarol = await carol.send(sid, { data: 'x', definition })
    expect(fromCarol.res[2].error).toBe(
      `sender ${CAROL} is not a participant of app session ${sid}`,
    )
    const spoofed = await carol.send(sid, { from: ALICE, data: 'x', definition })
    expect(spoofed.res[2].error).toBe(`from ${ALICE} is not the authenticated wallet ${CAROL}`)
    // Signed by a key that is not this socket's: refused, nothing stored.
    const foreign = await carol.s.send(sid, KEYS.aliceSession, { data: 'x', definition })
    expect(foreign.res[2].error).toMatch(/^message not signed by 0x.* or its session key/)
    await alice.s.barrier()
    expect(alice.s.deliveries()).toEqual([])
    expect((await alice.send(sid, { data: 'first', definition })).res[2]).toEqual({ sid, seq: 1 })
  })

  it('refuses an unknown session without definition and a definition of another sid', async () => {
    const alice = await as('alice')
    const sid = appSessionId(peersDefinition([ALICE, BOB]))
    expect((await alice.send(sid, { data: 1 })).res[2].error).toBe(
      `app session ${sid} not found on the ClearNode: send its definition with the message`,
    )
    const other = peersDefinition([ALICE, BOB])
    expect((await alice.send(sid, { data: 1, definition: other })).res[2].error).toBe(
      `definition does not hash to app session ${sid}`,
    )
    expect((await alice.send(sid, { data: 1, definition: { nonce: 'x' } })).res[2].error).toBe(
      'invalid definition',
    )
  })

  it('rate-limits pre-creation messages per sender', async () => {
    const alice = await as('alice')
    const definition = peersDefinition([ALICE, BOB])
    const sid = appSessionId(definition)
    for (let i = 1; i <= 3; i++)
      expect((await alice.send(sid, { data: i, definition })).res[2]).toEqual({ sid, seq: i })
    expect((await alice.send(sid, { data: 4, definition })).res[2].error).toMatch(
      /^rate limit exceeded: 0x.* may send at most 3 messages per minute/,
    )
  })
})
