import { ALICE, BOB, KEYS, peersDefinition } from '@nitrolite-kit/test-utils'
import { describe, expect, it } from 'vitest'
import { appSessionId } from '../src/index.js'
import { setupRelay } from './fixture.js'
import { certificate, type RawClient } from './helpers.js'

const ctx = setupRelay()
const definition = peersDefinition([ALICE, BOB])
const sid = appSessionId(definition)

type Who = 'alice' | 'bob' | 'carol'
async function as(who: Who) {
  const s = await ctx.open()
  const key = KEYS[`${who}Session`]
  await s.auth(await certificate(KEYS[who], key), key)
  const resumed = await s.request('resume', { sessions: {} })
  return { s, online: resumed.res[2].online as string[], key }
}

const notices = (s: RawClient) =>
  s.frames.filter((f) => f.res?.[0] === 0 && f.res?.[1] === 'presence').map((f) => f.res[2])

describe('presence', () => {
  it('peers learn when a wallet comes online and when its last socket closes', async () => {
    const alice = await as('alice')
    const bob = await as('bob')
    // No shared session yet: nobody is told anything.
    expect(alice.online).toEqual([])
    expect(bob.online).toEqual([])
    await alice.s.send(sid, alice.key, { data: 'hi', definition })
    // The first frame of a session makes its live members peers: each learns the other is here.
    await Promise.all([alice.s.barrier(), bob.s.barrier()])
    expect(notices(alice.s)).toEqual([{ wallet: BOB, online: true }])
    expect(notices(bob.s)).toEqual([{ wallet: ALICE, online: true }])

    // A second socket of Bob's changes nothing; closing one of two neither.
    const bob2 = await as('bob')
    expect(bob2.online).toEqual([ALICE])
    await bob.s.close()
    await alice.s.barrier()
    expect(notices(alice.s)).toEqual([{ wallet: BOB, online: true }])
    await bob2.s.close()
    await alice.s.next((f) => f.res?.[1] === 'presence' && f.res[2].online === false)
    expect(notices(alice.s)).toEqual([
      { wallet: BOB, online: true },
      { wallet: BOB, online: false },
    ])

    // Bob back: Alice is told, and Bob's resume answer lists Alice.
    const bob3 = await as('bob')
    expect(bob3.online).toEqual([ALICE])
    await alice.s.barrier()
    expect(notices(alice.s).at(-1)).toEqual({ wallet: BOB, online: true })
  })

  it('is told only to wallets that share a session', async () => {
    const alice = await as('alice')
    const carol = await as('carol')
    await alice.s.send(sid, alice.key, { data: 'hi', definition })
    const bob = await as('bob')
    expect(bob.online).toEqual([ALICE])
    await Promise.all([alice.s.barrier(), carol.s.barrier()])
    expect(notices(alice.s)).toEqual([{ wallet: BOB, online: true }])
    expect(carol.online).toEqual([])
    expect(notices(carol.s)).toEqual([])
    await bob.s.close()
    await alice.s.next((f) => f.res?.[1] === 'presence' && f.res[2].online === false)
    await carol.s.barrier()
    expect(notices(carol.s)).toEqual([])
  })

  it('a socket that never resumed is not announced', async () => {
    const alice = await as('alice')
    await alice.s.send(sid, alice.key, { data: 'hi', definition })
    const s = await ctx.open()
    await s.auth(await certificate(KEYS.bob, KEYS.bobSession), KEYS.bobSession)
    await s.close()
    await alice.s.barrier()
    expect(notices(alice.s)).toEqual([])
  })
})
