import type { Allocation, Intent, PreparedRequest } from '../internal/core.js'
import { formatAmount, parseAmount } from '../internal/core.js'
import { sameAddress } from '../internal/format.js'

// The words and rows a review shows, computed from the request (pure, no React).

/** What a request asks, in a few words, when the caller does not say. */
export const ACTIONS: Record<string, string> = {
  create_app_session: 'join a new session',
  submit_app_state: 'change the session',
  close_app_session: 'close the session',
}

/** One sentence on what signing does, by method and intent. */
export function whatItDoes(method: string, intent: Intent | undefined): string {
  if (method === 'create_app_session')
    return 'Signing opens the session: each player below puts in the amount shown from their balance.'
  if (method === 'close_app_session')
    return 'Signing ends the session: each player below gets the final amount shown back into their balance.'
  if (intent === 'deposit')
    return 'Signing adds money to the session from the balances of the players whose amount rises.'
  if (intent === 'withdraw')
    return 'Signing takes money out of the session into the balances of the players whose amount falls.'
  return 'Signing moves money between players inside the session; the total stays the same.'
}

export function fracDigits(x: string): number {
  const i = x.indexOf('.')
  return i < 0 ? 0 : x.length - i - 1
}

/** Exact `b − a` of two decimal strings (signed). */
export function decimalDelta(a: string, b: string): string {
  const d = Math.max(fracDigits(a), fracDigits(b))
  try {
    const diff = parseAmount(b || '0', d) - parseAmount(a || '0', d)
    const s = formatAmount(diff < 0n ? -diff : diff, d)
    return diff === 0n ? '0' : `${diff < 0n ? '−' : '+'}${s}`
  } catch {
    return ''
  }
}

export function allocationsOf(params: unknown): Allocation[] {
  if (params && typeof params === 'object' && 'allocations' in params) {
    const a = (params as { allocations?: unknown }).allocations
    if (Array.isArray(a)) return a as Allocation[]
  }
  return []
}

export interface Row {
  participant: string
  asset: string
  before: string
  after: string
  change: string
  duplicate: boolean
}

/** Rows as sent: one per proposed allocation, with the holding it replaces. */
export function rowsAsSent(request: PreparedRequest, current: readonly Allocation[]): Row[] {
  const seen = new Set<string>()
  return allocationsOf(request.params).map((p) => {
    const key = `${String(p.participant).toLowerCase()}|${p.asset}`
    const duplicate = seen.has(key)
    seen.add(key)
    const before =
      request.method === 'create_app_session'
        ? '0'
        : (current.find((c) => `${c.participant.toLowerCase()}|${c.asset}` === key)?.amount ?? '0')
    return {
      participant: p.participant,
      asset: p.asset,
      before,
      after: p.amount,
      change: decimalDelta(before, p.amount),
      duplicate,
    }
  })
}

/** Amounts of one player's rows, joined across assets: `10 usdc and 0.5 eth`. */
export function amounts(list: Row[], pick: (r: Row) => string): string {
  return list.map((r) => `${pick(r)} ${r.asset}`).join(' and ')
}

/**
 * The plain summary of what the request does to each player, the viewer first:
 * "you get 0 usdc, Alice gets 20 usdc".
 */
export function effectSummary(
  method: string,
  rows: Row[],
  spoken: (a: string) => string,
  isYou: (a: string) => boolean,
): string {
  const people: string[] = []
  for (const r of rows)
    if (!people.some((p) => sameAddress(p, r.participant))) people.push(r.participant)
  people.sort((a, b) => Number(isYou(b)) - Number(isYou(a)))
  const parts = people.map((p) => {
    const mine = rows.filter((r) => sameAddress(r.participant, p))
    const you = isYou(p)
    const who = spoken(p)
    if (method === 'create_app_session')
      return `${who} ${you ? 'put' : 'puts'} in ${amounts(mine, (r) => r.after)}`
    if (method === 'close_app_session')
      return `${who} ${you ? 'get' : 'gets'} ${amounts(mine, (r) => r.after)}`
    const changed = mine.filter((r) => r.change !== '0' && r.change !== '')
    if (!changed.length) return `${who} ${you ? 'keep' : 'keeps'} ${amounts(mine, (r) => r.after)}`
    return changed
      .map((r) => {
        const by = r.change.replace(/^[+−-]/, '')
        const up = r.change.startsWith('+')
        const verb = up ? (you ? 'get' : 'gets') : you ? 'give up' : 'gives up'
        return `${who} ${verb} ${by} ${r.asset} (${r.after} ${r.asset} in all)`
      })
      .join(', ')
  })
  return parts.join(', ')
}
