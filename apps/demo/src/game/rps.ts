import { formatAmount, parseAmount } from '@nitrolite-kit/core'
import { type Address, encodePacked, type Hex, keccak256 } from 'viem'

/** A rock–paper–scissors move. */
export type Move = 'rock' | 'paper' | 'scissors'
export const MOVES: Move[] = ['rock', 'paper', 'scissors']

/** Game messages travelling as session messages. */
export type GameMessage =
  | { t: 'rps'; kind: 'commit'; round: number; hash: Hex }
  | { t: 'rps'; kind: 'reveal'; round: number; move: Move; salt: Hex }

/** Session data that marks a session as an RPS match (and records the score). */
export interface GameSessionData {
  game: 'rps'
  stake: string
  asset: string
  /** Rounds won per player, recorded by intermediate states. */
  score?: Record<string, number>
  round?: number
}

export const WINS_NEEDED = 2
const MAX_ROUNDS = 9

/** The commitment to a move: keccak256(move ‖ salt ‖ player ‖ round). */
export function commitment(move: Move, salt: Hex, player: Address, round: number): Hex {
  return keccak256(
    encodePacked(['string', 'bytes32', 'address', 'uint256'], [move, salt, player, BigInt(round)]),
  )
}

/** `1` if `a` beats `b`, `-1` if `b` beats `a`, `0` for a draw. */
export function compare(a: Move, b: Move): 1 | 0 | -1 {
  if (a === b) return 0
  return (a === 'rock' && b === 'scissors') ||
    (a === 'paper' && b === 'rock') ||
    (a === 'scissors' && b === 'paper')
    ? 1
    : -1
}

export function isGameMessage(p: unknown): p is GameMessage {
  const m = p as GameMessage
  if (
    m?.t !== 'rps' ||
    typeof m.round !== 'number' ||
    !Number.isInteger(m.round) ||
    m.round < 1 ||
    m.round > MAX_ROUNDS
  )
    return false
  if (m.kind === 'commit') return typeof m.hash === 'string' && /^0x[0-9a-f]{64}$/i.test(m.hash)
  if (m.kind === 'reveal')
    return MOVES.includes(m.move) && typeof m.salt === 'string' && /^0x[0-9a-f]{64}$/i.test(m.salt)
  return false
}

export interface RoundState {
  round: number
  commits: Partial<Record<Address, Hex>>
  reveals: Partial<Record<Address, Move>>
  /** Winner's address, `draw`, or undefined while undecided. */
  outcome?: Address | 'draw'
}

export interface GameState {
  players: [Address, Address]
  rounds: RoundState[]
  score: Record<Address, number>
  /** The current (undecided) round number. */
  round: number
  winner?: Address
  /** A player whose reveal did not match its commitment (forfeits). */
  cheater?: Address
  /** Timestamp of the last accepted game message. */
  lastActivity: number
}

/**
 * Folds session messages into the game state. Commit–reveal: a reveal counts only after both
 * players committed to that round and only if it matches the sender's commitment; messages
 * from non-players, out-of-order rounds or duplicates are ignored.
 */
export function reduceGame(
  players: [Address, Address],
  messages: { sender: Address; payload: unknown; timestamp: number }[],
): GameState {
  const state: GameState = {
    players,
    rounds: [],
    score: { [players[0]]: 0, [players[1]]: 0 },
    round: 1,
    lastActivity: 0,
  }
  const roundOf = (n: number) => {
    let r = state.rounds[n - 1]
    if (!r) {
      r = { round: n, commits: {}, reveals: {} }
      state.rounds[n - 1] = r
    }
    return r
  }
  const salts = new Map<string, true>()
  for (const m of messages) {
    if (state.winner || state.cheater) break
    if (!players.includes(m.sender) || !isGameMessage(m.payload)) continue
    const p = m.payload
    if (p.round !== state.round) continue
    const r = roundOf(p.round)
    if (p.kind === 'commit') {
      if (r.commits[m.sender]) continue
      r.commits[m.sender] = p.hash
    } else {
      if (!r.commits[players[0]] || !r.commits[players[1]] || r.reveals[m.sender]) continue
      if (salts.has(p.salt)) continue
      if (commitment(p.move, p.salt, m.sender, p.round) !== r.commits[m.sender]) {
        state.cheater = m.sender
        state.winner = players[0] === m.sender ? players[1] : players[0]
        break
      }
      salts.set(p.salt, true)
      r.reveals[m.sender] = p.move
      const a = r.reveals[players[0]]
      const b = r.reveals[players[1]]
      if (a && b) {
        const c = compare(a, b)
        r.outcome = c === 0 ? 'draw' : c === 1 ? players[0] : players[1]
        if (r.outcome !== 'draw') state.score[r.outcome] = (state.score[r.outcome] ?? 0) + 1
        if (r.outcome !== 'draw' && (state.score[r.outcome] ?? 0) >= WINS_NEEDED)
          state.winner = r.outcome
        else if (state.round < MAX_ROUNDS) state.round += 1
      }
    }
    state.lastActivity = m.timestamp
  }
  return state
}

/** What `me` must do next, or what we are waiting for. */
export function nextStep(
  state: GameState,
  me: Address,
): 'commit' | 'wait-commit' | 'reveal' | 'wait-reveal' | 'done' {
  if (state.winner) return 'done'
  const r = state.rounds[state.round - 1]
  const other = state.players[0] === me ? state.players[1] : state.players[0]
  if (!r?.commits[me]) return 'commit'
  if (!r.commits[other]) return 'wait-commit'
  if (!r.reveals[me]) return 'reveal'
  return 'wait-reveal'
}

/** Final allocations: the winner takes both stakes (exact, in the asset's decimals). */
export function finalAllocations(
  players: [Address, Address],
  winner: Address,
  stake: string,
  asset: string,
  decimals: number,
) {
  const total = formatAmount(parseAmount(stake, decimals) * 2n, decimals)
  return players.map((p) => ({ participant: p, asset, amount: p === winner ? total : '0' }))
}
