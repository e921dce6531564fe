import type { Allocation, AppSession } from '@nitrolite-kit/core'
import { fromUnits, money, personName, units } from './words.js'

/**
 * What the demo keeps in a session's `session_data` (JSON). Games add their own fields (score,
 * round, winner); `name` is the neutral name written when the session is created.
 */
export interface DemoSessionData {
  /** `rps` for rock–paper–scissors; absent for a custom session. */
  game?: string
  /** Each player's stake, a decimal string. */
  stake?: string
  asset?: string
  /** Neutral name for anyone reading the session ("Rock–paper–scissors · Alice vs Bob · …"). */
  name?: string
  /** The winner's address, written by the closing state of a game. */
  winner?: string
}

/** Games the demo knows, by their `game` tag, in plain words. */
export const GAME_NAMES: Record<string, string> = { rps: 'Rock–paper–scissors' }

/** The session's `session_data` as {@link DemoSessionData}; `{}` when absent or not JSON. */
export function readSessionData(session: Pick<AppSession, 'sessionData'>): DemoSessionData {
  if (!session.sessionData) return {}
  try {
    const d = JSON.parse(session.sessionData) as unknown
    return d && typeof d === 'object' && !Array.isArray(d) ? (d as DemoSessionData) : {}
  } catch {
    return {}
  }
}

/** Who names whom: the viewer and the address book. */
export interface NameContext {
  /** The viewer's wallet (named "you", left out of "vs …"). */
  me?: string
  /** Display names by address. */
  names: Record<string, string>
}

const same = (a: string, b: string | undefined) => !!b && a.toLowerCase() === b.toLowerCase()

function listNames(list: string[]): string {
  if (list.length <= 1) return list[0] ?? 'nobody'
  return `${list.slice(0, -1).join(', ')} & ${list.at(-1)}`
}

/** Total committed per asset, as `25 usdc` (several assets joined by ` + `). */
function pot(allocations: Allocation[] | undefined): string | undefined {
  if (!allocations?.length) return undefined
  const totals = new Map<string, bigint>()
  for (const a of allocations)
    totals.set(a.asset, (totals.get(a.asset) ?? 0n) + (units(a.amount) ?? 0n))
  const parts = [...totals]
    .filter(([, v]) => v > 0n)
    .map(([asset, v]) => money(fromUnits(v), asset))
  return parts.length ? parts.join(' + ') : undefined
}

/**
 * The neutral name the demo stores in `session_data` when it creates a game: it reads the same
 * for every participant and for anyone looking at the node's records.
 *
 * @example storedGameName({ game: 'rps', players: ['Alice', 'Bob'], stake: '10', asset: 'usdc' })
 * // 'Rock–paper–scissors · Alice vs Bob · stake 10 usdc each'
 */
export function storedGameName(p: {
  game: string
  players: string[]
  stake: string
  asset: string
}): string {
  return `${GAME_NAMES[p.game] ?? p.game} · ${p.players.join(' vs ')} · stake ${money(p.stake, p.asset)} each`
}

/**
 * The name of a session as the viewer reads it, derived from the session itself (application,
 * participants, allocations, session_data): "Rock–paper–scissors vs Bob · stake 10 usdc each",
 * "Team pot with Bob & Carol" (a custom name), or "Session with Bob · 25 usdc in the pot".
 */
export function sessionName(
  session: Pick<AppSession, 'participants' | 'allocations' | 'sessionData' | 'application'>,
  { me, names }: NameContext,
): string {
  const data = readSessionData(session)
  const mine = session.participants.some((p) => same(p, me))
  const others = session.participants.filter((p) => !same(p, me)).map((p) => personName(p, names))
  const withWhom = listNames(others)
  const game = data.game ? GAME_NAMES[data.game] : undefined
  if (game) {
    const stake = data.stake && data.asset ? ` · stake ${money(data.stake, data.asset)} each` : ''
    return mine ? `${game} vs ${withWhom}${stake}` : `${game}: ${others.join(' vs ')}${stake}`
  }
  if (data.name?.trim()) return `${data.name.trim()} · with ${withWhom}`
  const total = pot(session.allocations)
  return `Session with ${withWhom}${total ? ` · ${total} in the pot` : ''}`
}

/** How a finished session ended for the viewer. */
export interface SessionOutcome {
  /** `returned`: not a game, the viewer got funds back; `unknown`: the payouts are not known. */
  kind: 'won' | 'lost' | 'draw' | 'returned' | 'unknown'
  /** One short line: "Won 10 usdc", "Lost 10 usdc", "Draw · 10 usdc back", "15 usdc returned". */
  text: string
}

/**
 * The result of a closed session for `me`, from its final allocations (what the viewer got
 * back) compared with the stake recorded in `session_data`.
 */
export function sessionOutcome(
  session: Pick<AppSession, 'allocations' | 'sessionData' | 'participants'>,
  me: string,
): SessionOutcome {
  if (!session.allocations) return { kind: 'unknown', text: 'Result not loaded yet' }
  const data = readSessionData(session)
  const back = new Map<string, bigint>()
  for (const a of session.allocations)
    if (same(a.participant, me))
      back.set(a.asset, (back.get(a.asset) ?? 0n) + (units(a.amount) ?? 0n))
  const stake = data.stake !== undefined ? units(data.stake) : undefined
  if (data.game && stake !== undefined && data.asset) {
    const got = back.get(data.asset) ?? 0n
    if (got > stake)
      return { kind: 'won', text: `Won ${money(fromUnits(got - stake), data.asset)}` }
    if (got < stake)
      return { kind: 'lost', text: `Lost ${money(fromUnits(stake - got), data.asset)}` }
    return { kind: 'draw', text: `Draw · ${money(fromUnits(got), data.asset)} back` }
  }
  const parts = [...back].filter(([, v]) => v > 0n).map(([asset, v]) => money(fromUnits(v), asset))
  return {
    kind: 'returned',
    text: parts.length ? `${parts.join(' + ')} returned to you` : 'Nothing returned to you',
  }
}

/** A session's status in plain words. */
export const STATUS_WORDS: Record<AppSession['status'], string> = {
  open: 'In progress',
  closed: 'Finished',
  resizing: 'Updating funds',
  challenged: 'Disputed',
}
