import { describe, expect, it } from 'vitest'
import { readSessionData, sessionName, sessionOutcome, storedGameName } from './sessions.js'

const A = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' as const
const B = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const
const C = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as const
const names = { [A]: 'Alice', [B]: 'Bob', [C]: 'Carol' }
const rps = JSON.stringify({ game: 'rps', stake: '10', asset: 'usdc' })
const game = { application: 'nitrolite-kit-demo', participants: [A, B], sessionData: rps }

describe('given a game session', () => {
  it('should name the opponent and the stake, from each side', () => {
    expect(sessionName(game, { me: A, names })).toBe(
      'Rock–paper–scissors vs Bob · stake 10 usdc each',
    )
    expect(sessionName(game, { me: B.toLowerCase() as `0x${string}`, names })).toBe(
      'Rock–paper–scissors vs Alice · stake 10 usdc each',
    )
    expect(sessionName(game, { me: C, names })).toBe(
      'Rock–paper–scissors: Alice vs Bob · stake 10 usdc each',
    )
  })

  it('should read won, lost and draw from the final allocations against the stake', () => {
    const closed = (a: string, b: string) => ({
      ...game,
      allocations: [
        { participant: A, asset: 'usdc', amount: a },
        { participant: B, asset: 'usdc', amount: b },
      ],
    })
    expect(sessionOutcome(closed('20', '0'), A)).toEqual({ kind: 'won', text: 'Won 10 usdc' })
    expect(sessionOutcome(closed('20.000000000000000000', '0'), B)).toEqual({
      kind: 'lost',
      text: 'Lost 10 usdc',
    })
    expect(sessionOutcome(closed('10', '10'), B)).toEqual({
      kind: 'draw',
      text: 'Draw · 10 usdc back',
    })
    expect(sessionOutcome(game, A).kind).toBe('unknown')
  })
})

describe('given a custom session', () => {
  it('should use its stored name, else the people and the pot', () => {
    const allocations = [
      { participant: A, asset: 'usdc', amount: '15' },
      { participant: C, asset: 'usdc', amount: '10.5' },
    ]
    const s = { application: 'x', participants: [A, B, C], allocations }
    expect(sessionName(s, { me: A, names })).toBe('Session with Bob & Carol · 25.5 usdc in the pot')
    expect(
      sessionName({ ...s, sessionData: JSON.stringify({ name: 'Team lunch' }) }, { me: A, names }),
    ).toBe('Team lunch · with Bob & Carol')
    expect(sessionOutcome({ ...s, sessionData: 'not json' }, C)).toEqual({
      kind: 'returned',
      text: '10.5 usdc returned to you',
    })
    expect(sessionOutcome(s, B).text).toBe('Nothing returned to you')
  })

  it('should not trust session data that is not an object', () => {
    expect(readSessionData({ sessionData: '[1]' })).toEqual({})
    expect(readSessionData({ sessionData: '"rps"' })).toEqual({})
  })
})

it('storedGameName: neutral, the same for every reader', () => {
  expect(
    storedGameName({ game: 'rps', players: ['Alice', 'Bob'], stake: '10', asset: 'usdc' }),
  ).toBe('Rock–paper–scissors · Alice vs Bob · stake 10 usdc each')
})
