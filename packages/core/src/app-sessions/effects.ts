import type { Address } from 'viem'
import { formatAmount, parseAmount } from '../amounts/amounts.js'
import type { Allocation } from '../types.js'

/** What a request does to one participant's holding of one asset in the session. */
export interface ParticipantEffect {
  participant: Address
  asset: string
  /** Holding before (decimal string; `0` on create). */
  before: string
  /** Holding after (decimal string). */
  after: string
  /** `after − before`, signed (`-10`, `+5`, `0`). */
  change: string
}

/**
 * The exact effect of moving a session from `before` to `after`, per participant and asset, in
 * `participants` order. Rows `after` does not list keep their holding (the node leaves unlisted
 * rows untouched), so an omission shows as no change rather than as a loss.
 */
export function computeEffects(
  participants: readonly Address[],
  before: readonly Allocation[],
  after: readonly Allocation[],
  decimals: Record<string, number>,
): ParticipantEffect[] {
  const dec = (asset: string) => decimals[asset] ?? 18
  const key = (who: string, asset: string) => `${who.toLowerCase()}|${asset}`
  const was = new Map<string, bigint>()
  for (const a of before)
    was.set(
      key(a.participant, a.asset),
      (was.get(key(a.participant, a.asset)) ?? 0n) + parseAmount(a.amount, dec(a.asset)),
    )
  const now = new Map(was)
  for (const a of after) now.set(key(a.participant, a.asset), parseAmount(a.amount, dec(a.asset)))
  const assets = [...new Set([...before, ...after].map((a) => a.asset))].sort()
  const out: ParticipantEffect[] = []
  for (const participant of participants)
    for (const asset of assets) {
      const k = key(participant, asset)
      if (!was.has(k) && !now.has(k)) continue
      const b = was.get(k) ?? 0n
      const n = now.get(k) ?? b
      const d = n - b
      out.push({
        participant,
        asset,
        before: formatAmount(b, dec(asset)),
        after: formatAmount(n, dec(asset)),
        change: `${d > 0n ? '+' : d < 0n ? '-' : ''}${formatAmount(d < 0n ? -d : d, dec(asset))}`,
      })
    }
  return out
}
