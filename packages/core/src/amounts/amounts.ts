import { AmountError } from '../errors.js'

const AMOUNT = /^(\d+)(?:\.(\d*))?$|^\.(\d+)$/

/**
 * Parses a decimal string into the asset's smallest units, exactly.
 * Throws {@link AmountError} for garbage, exponents, negatives, or more fractional digits than
 * `decimals`.
 *
 * @example parseAmount('1.5', 6) // 1_500_000n
 */
export function parseAmount(value: string, decimals: number): bigint {
  if (typeof value !== 'string')
    throw new AmountError('Amount must be a decimal string, e.g. "1.5".', 'invalid')
  const v = value.trim()
  if (v.startsWith('-')) {
    if (AMOUNT.test(v.slice(1))) throw new AmountError('Amount cannot be negative.', 'negative')
    throw new AmountError(`"${value}" is not a decimal amount.`, 'invalid')
  }
  const m = AMOUNT.exec(v.startsWith('+') ? v.slice(1) : v)
  if (!m)
    throw new AmountError(
      `"${value}" is not a decimal amount (use digits and one ".", no exponent).`,
      'invalid',
    )
  const int = m[1] ?? '0'
  const frac = m[2] ?? m[3] ?? ''
  if (frac.length > decimals) {
    const trimmed = frac.replace(/0+$/, '')
    if (trimmed.length > decimals) {
      throw new AmountError(
        decimals === 0
          ? 'This asset has no fractional units.'
          : `At most ${decimals} decimal places for this asset.`,
        'precision',
      )
    }
  }
  return BigInt(int + frac.slice(0, decimals).padEnd(decimals, '0'))
}

/** Formats smallest units as the shortest decimal string (`1500000n, 6` → `"1.5"`). */
export function formatAmount(value: bigint, decimals: number): string {
  const neg = value < 0n
  const digits = (neg ? -value : value).toString().padStart(decimals + 1, '0')
  const int = digits.slice(0, digits.length - decimals)
  const frac = decimals ? digits.slice(digits.length - decimals).replace(/0+$/, '') : ''
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`
}

/** Normalizes a decimal string to its shortest form for `decimals` (`"1.50"` → `"1.5"`). */
export function normalizeAmount(value: string, decimals: number): string {
  return formatAmount(parseAmount(value, decimals), decimals)
}

/** Decimals per asset symbol; assets missing from the map use `fallback` (default 18). */
export type DecimalsByAsset = Record<string, number>

/** Sums allocations per asset in smallest units. */
export function sumByAsset(
  allocations: readonly { asset: string; amount: string }[],
  decimals: DecimalsByAsset,
  fallback = 18,
): Record<string, bigint> {
  const out: Record<string, bigint> = {}
  for (const a of allocations)
    out[a.asset] = (out[a.asset] ?? 0n) + parseAmount(a.amount, decimals[a.asset] ?? fallback)
  return out
}

/**
 * Splits `total` into `parts` shares that add up exactly; the remainder (smallest units) goes
 * to the first shares, one unit each.
 */
export function splitEvenly(total: bigint, parts: number): bigint[] {
  if (parts <= 0) return []
  const base = total / BigInt(parts)
  let rest = total - base * BigInt(parts)
  return Array.from({ length: parts }, () => {
    if (rest > 0n) {
      rest -= 1n
      return base + 1n
    }
    return base
  })
}

/**
 * Splits `total` by percentage (basis points: `5000` = 50 %) between two parties, exactly:
 * the first share is rounded down, the second takes the rest.
 */
export function splitByBasisPoints(total: bigint, firstBps: number): [bigint, bigint] {
  if (!Number.isInteger(firstBps) || firstBps < 0 || firstBps > 10_000) {
    throw new AmountError(
      'Percentage must be between 0 and 100 with at most two decimals.',
      'invalid',
    )
  }
  const first = (total * BigInt(firstBps)) / 10_000n
  return [first, total - first]
}
