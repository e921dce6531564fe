import {
  type Allocation,
  type Balance,
  formatAmount,
  parseAmount,
  shortMessageOf,
} from '../internal/core.js'

/** An asset column of the allocation editor. */
export interface AllocationAsset {
  /** Case-sensitive symbol, e.g. `usdc`. */
  symbol: string
  /** Decimal places amounts may have (6 for usdc). */
  decimals: number
}

/**
 * Exact amount parsing for an input: the smallest units, or the reason it is rejected
 * (over-precision, negative, not a number). An empty input counts as zero.
 */
export function parseInputAmount(
  value: string,
  decimals: number,
): { ok: true; units: bigint } | { ok: false; message: string } {
  if (value.trim() === '') return { ok: true, units: 0n }
  try {
    return { ok: true, units: parseAmount(value.trim(), decimals) }
  } catch (error) {
    return { ok: false, message: shortMessageOf(error) }
  }
}

/** Per-asset totals in smallest units; unparseable amounts are skipped. */
export function totalsByAsset(
  allocations: readonly Allocation[],
  decimals: Record<string, number>,
): Record<string, bigint> {
  const out: Record<string, bigint> = {}
  for (const a of allocations) {
    const parsed = parseInputAmount(a.amount, decimals[a.asset] ?? 18)
    if (parsed.ok) out[a.asset] = (out[a.asset] ?? 0n) + parsed.units
  }
  return out
}

/** Builds the full grid of allocations (every participant × asset) from amounts in units. */
export function gridAllocations(
  participants: readonly string[],
  assets: readonly AllocationAsset[],
  amount: (participant: string, index: number, asset: AllocationAsset) => bigint,
): Allocation[] {
  const rows: Allocation[] = []
  for (const asset of assets) {
    participants.forEach((p, i) => {
      rows.push({
        participant: p as `0x${string}`,
        asset: asset.symbol,
        amount: formatAmount(amount(p, i, asset), asset.decimals),
      })
    })
  }
  return rows
}

/** Looks up a participant's balance of an asset (case-insensitive participant key). */
export function balanceOf(
  balances: Record<string, readonly Balance[]> | undefined,
  participant: string,
  asset: string,
): string | undefined {
  if (!balances) return undefined
  const key = Object.keys(balances).find((k) => k.toLowerCase() === participant.toLowerCase())
  return key ? balances[key]?.find((b) => b.asset === asset)?.amount : undefined
}
