import {
  type Allocation,
  type Allowance,
  type Balance,
  formatAmount,
  parseAmount,
  type ValidationIssue,
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
    return { ok: false, message: (error as Error).message }
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

/** Splits `total` into `parts` shares differing by at most one unit (first shares get the remainder). */
export function splitEvenly(total: bigint, parts: number): bigint[] {
  if (parts <= 0) return []
  const n = BigInt(parts)
  const share = total / n
  const remainder = Number(total % n)
  return Array.from({ length: parts }, (_, i) => share + (i < remainder ? 1n : 0n))
}

/** Splits `total` by a percentage for the first party given in basis points (0–10000). */
export function splitByBasisPoints(total: bigint, basisPoints: number): [bigint, bigint] {
  const bp = BigInt(Math.max(0, Math.min(10_000, Math.trunc(basisPoints))))
  const first = (total * bp) / 10_000n
  return [first, total - first]
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

/**
 * Session-key spending caps (protocol §3.5): the key's remaining allowance per asset must cover
 * what you commit. Returns issues in the node's wording, at `<index>.amount` of your rows.
 * Only used when the caller passes `allowances`.
 */
export function checkAllowances(
  allocations: readonly Allocation[],
  you: string,
  allowances: readonly Allowance[],
  decimals: Record<string, number>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const mine = allocations
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => a.participant.toLowerCase() === you.toLowerCase())
  const byAsset = new Map<string, { total: bigint; rows: number[] }>()
  for (const { a, i } of mine) {
    const d = decimals[a.asset] ?? 18
    const parsed = parseInputAmount(a.amount, d)
    if (!parsed.ok || parsed.units === 0n) continue
    const entry = byAsset.get(a.asset) ?? { total: 0n, rows: [] }
    entry.total += parsed.units
    entry.rows.push(i)
    byAsset.set(a.asset, entry)
  }
  for (const [asset, { total, rows }] of byAsset) {
    const d = decimals[asset] ?? 18
    const allowance = allowances.find((x) => x.asset === asset)
    let message: string | undefined
    if (!allowance) {
      message = `session key spending validation failed: operation denied: asset ${asset} not allowed in session key spending cap`
    } else {
      const cap = parseInputAmount(allowance.amount, d)
      if (cap.ok && total > cap.units)
        message = `session key spending validation failed: operation denied: insufficient session key allowance: ${formatAmount(total, d)} required, ${formatAmount(cap.units, d)} available`
    }
    if (message)
      for (const i of rows)
        issues.push({ path: `${i}.amount`, code: 'allowance_exceeded', message })
  }
  return issues
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
