import type { Address, Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import {
  commitment,
  finalAllocations,
  type GameMessage,
  type Move,
  nextStep,
  reduceGame,
} from './rps.js'

const A = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' as Address
const B = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' as Address
const salt = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex
let t = 0
const msg = (sender: Address, payload: GameMessage) => ({ sender, payload, timestamp: ++t })
const play = (round: number, a: Move, b: Move, s = round * 10) => [
  msg(A, { t: 'rps', kind: 'commit', round, hash: commitment(a, salt(s), A, round) }),
  msg(B, { t: 'rps', kind: 'commit', round, hash: commitment(b, salt(s + 1), B, round) }),
  msg(A, { t: 'rps', kind: 'reveal', round, move: a, salt: salt(s) }),
  msg(B, { t: 'rps', kind: 'reveal', round, move: b, salt: salt(s + 1) }),
]

describe('reduceGame', () => {
  it('default: best of three with a draw in between', () => {
    const s = reduceGame(
      [A, B],
      [
        ...play(1, 'rock', 'scissors'),
        ...play(2, 'paper', 'paper'),
        ...play(3, 'rock', 'paper'),
        ...play(4, 'scissors', 'paper'),
      ],
    )
    expect(s.score).toEqual({ [A]: 2, [B]: 1 })
    expect(s.winner).toBe(A)
    expect(s.rounds.map((r) => r.outcome)).toEqual([A, 'draw', B, A])
  })

  it('behavior: a reveal before both commitments is ignored (nobody can wait and counter)', () => {
    const early = [
      msg(A, { t: 'rps', kind: 'commit', round: 1, hash: commitment('rock', salt(1), A, 1) }),
      msg(A, { t: 'rps', kind: 'reveal', round: 1, move: 'rock', salt: salt(1) }),
    ]
    const s = reduceGame([A, B], early)
    expect(s.rounds[0]?.reveals).toEqual({})
    expect(nextStep(s, A)).toBe('wait-commit')
    expect(nextStep(s, B)).toBe('commit')
  })

  it('behavior: a reveal that does not match the commitment forfeits the match', () => {
    const s = reduceGame(
      [A, B],
      [
        msg(A, { t: 'rps', kind: 'commit', round: 1, hash: commitment('rock', salt(1), A, 1) }),
        msg(B, { t: 'rps', kind: 'commit', round: 1, hash: commitment('paper', salt(2), B, 1) }),
        msg(A, { t: 'rps', kind: 'reveal', round: 1, move: 'paper', salt: salt(1) }),
      ],
    )
    expect(s.cheater).toBe(A)
    expect(s.winner).toBe(B)
  })

  it('behavior: messages from outsiders and malformed payloads are ignored', () => {
    const C = '0x90F79bf6EB2c4f870365E785982E1f101E93b906' as Address
    const s = reduceGame(
      [A, B],
      [
        msg(C, { t: 'rps', kind: 'commit', round: 1, hash: salt(1) }),
        { sender: A, payload: { t: 'rps', kind: 'commit', round: 1 }, timestamp: 1 },
      ],
    )
    expect(s.rounds[0]?.commits ?? {}).toEqual({})
  })
})

describe('finalAllocations', () => {
  it('default: winner takes both stakes, exactly', () => {
    expect(finalAllocations([A, B], B, '0.1', 'usdc', 6)).toEqual([
      { participant: A, asset: 'usdc', amount: '0' },
      { participant: B, asset: 'usdc', amount: '0.2' },
    ])
  })
})
