import { type DemoSessionData, GAME_NAMES } from './sessions.js'
import { fromUnits, money, personName, units } from './words.js'

/**
 * Plain words for a request someone asks this player to sign, from the `session_data` the
 * request carries: what the game is, what is at stake and how it ended.
 */

/** The three methods a player may be asked to sign. */
export type RequestMethod = 'create_app_session' | 'submit_app_state' | 'close_app_session'

/** `20 usdc`: what the winner of a two-player game takes (twice the stake, exact). */
export function winnerTakes(data: DemoSessionData): string | undefined {
  if (!data.stake || !data.asset) return undefined
  const stake = units(data.stake)
  return stake === undefined ? undefined : money(fromUnits(stake * 2n), data.asset)
}

/**
 * What the game is and what is at stake, in one sentence; `undefined` for a session that is
 * not a game the demo knows.
 *
 * @example gameLine({ game: 'rps', stake: '10', asset: 'usdc' })
 * // 'Rock–paper–scissors, stake 10 usdc each, winner takes 20 usdc.'
 */
export function gameLine(data: DemoSessionData): string | undefined {
  const game = data.game ? GAME_NAMES[data.game] : undefined
  const takes = winnerTakes(data)
  if (!game || !takes || !data.stake || !data.asset) return undefined
  return `${game}, stake ${money(data.stake, data.asset)} each, winner takes ${takes}.`
}

/**
 * What the viewer can win or lose by joining: "Win and you get 20 usdc; lose and your 10 usdc
 * goes to the other player."
 */
export function stakeLine(data: DemoSessionData): string | undefined {
  const takes = winnerTakes(data)
  if (!data.game || !takes || !data.stake || !data.asset) return undefined
  return `Win and you get ${takes}; lose and your ${money(data.stake, data.asset)} goes to the other player.`
}

/**
 * How the match ended, from the closing state's `session_data`: "Alice won the match, 2 – 1."
 * `undefined` when it names no winner.
 */
export function resultLine(
  data: DemoSessionData & { score?: Record<string, number> },
  players: readonly string[],
  names: Record<string, string>,
  me?: string,
): string | undefined {
  if (!data.winner) return undefined
  const who = personName(data.winner, names, me, 'You')
  const score = (p: string) =>
    Object.entries(data.score ?? {}).find(([k]) => k.toLowerCase() === p.toLowerCase())?.[1] ?? 0
  const winner = players.find((p) => p.toLowerCase() === data.winner?.toLowerCase())
  const loser = players.find((p) => p.toLowerCase() !== data.winner?.toLowerCase())
  const tally = data.score && winner && loser ? `, ${score(winner)} – ${score(loser)}` : ''
  return `${who} won the match${tally}.`
}

/**
 * What a request asks, in a few words, for the review's summary ("Alice asks you to settle the
 * match: …"); `undefined` leaves the review's own words (not a game).
 */
export function requestAction(method: RequestMethod, data: DemoSessionData): string | undefined {
  const game = data.game ? GAME_NAMES[data.game] : undefined
  if (!game) return undefined
  if (method === 'create_app_session') return `play ${game.toLowerCase()}`
  if (method === 'close_app_session') return 'settle the match'
  return 'record the score'
}
