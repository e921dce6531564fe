import { ALICE, KEYS } from '@nitrolite-kit/test-utils'
import { describe, expect, it } from 'vitest'
import { setupRelay } from './fixture.js'
import { certificate, signText } from './helpers.js'

const ctx = setupRelay()

describe('auth', () => {
  it('a certificate plus the session key signing this socket’s challenge authenticates the wallet', async () => {
    const s = await ctx.open()
    expect(s.challenge).toMatch(/^nitrolite-relay-auth:[0-9a-f]{64}$/)
    const answer = await s.auth(await certificate(KEYS.alice, KEYS.aliceSession), KEYS.aliceSession)
    expect(answer.res[1]).toBe('auth')
    expect(answer.res[2]).toMatchObject({ wallet: ALICE })
  })

  it('refuses an expired certificate', async () => {
    const s = await ctx.open()
    const answer = await s.auth(
      await certificate(KEYS.alice, KEYS.aliceSession, -10),
      KEYS.aliceSession,
    )
    expect(answer.res[1]).toBe('error')
    expect(answer.res[2].error).toMatch(/^certificate expired at /)
  })

  it('refuses a challenge signed by another key than the certificate’s session key', async () => {
    const s = await ctx.open()
    const answer = await s.auth(await certificate(KEYS.alice, KEYS.aliceSession), KEYS.bobSession)
    expect(answer.res[2].error).toMatch(
      /^invalid challenge signature: signed by 0x.*not the certificate's session key/,
    )
  })

  it('refuses a certificate its wallet did not sign', async () => {
    const s = await ctx.open()
    const cert = { ...(await certificate(KEYS.alice, KEYS.aliceSession)), scope: 'all' }
    const answer = await s.auth(cert, KEYS.aliceSession)
    expect(answer.res[2].error).toBe('invalid certificate: not signed by its wallet')
  })

  it('refuses a replayed challenge, on the same socket and on another', async () => {
    const a = await ctx.open()
    const cert = await certificate(KEYS.alice, KEYS.aliceSession)
    const challenge = a.challenge
    const params = {
      certificate: cert,
      challenge,
      signature: await signText(KEYS.aliceSession, challenge),
    }
    expect((await a.request('auth', params)).res[1]).toBe('auth')
    const b = await ctx.open()
    const onB = await b.request('auth', params)
    expect(onB.res[2].error).toMatch(
      /^invalid challenge: not the unused challenge issued on this socket/,
    )
    // A failed attempt uses up the challenge too: a fresh one is needed.
    const c = await ctx.open()
    const wrong = await c.auth(cert, KEYS.bobSession)
    expect(wrong.res[1]).toBe('error')
    const again = await c.request('auth', {
      certificate: cert,
      challenge: c.challenge,
      signature: await signText(KEYS.aliceSession, c.challenge),
    })
    expect(again.res[2].error).toMatch(/^invalid challenge/)
    const fresh = await c.request('challenge', {})
    expect(fresh.res[2].challenge).not.toBe(challenge)
    expect((await c.auth(cert, KEYS.aliceSession)).res[1]).toBe('auth')
  })

  it('requires auth before resume and message', async () => {
    const s = await ctx.open()
    expect((await s.request('resume', { sessions: {} })).res[2].error).toBe(
      'authentication required',
    )
    const send = await s.send(`0x${'ab'.repeat(32)}`, KEYS.aliceSession, { data: 1 })
    expect(send.res[2].error).toBe('authentication required')
  })
})
