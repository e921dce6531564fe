import { Decimal } from 'decimal.js'

/** Decimal configured for ledger math: plenty of precision, no exponent in output. */
export const Dec = Decimal.clone({
  precision: 80,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -1000,
  toExpPos: 1000,
})
/** A ledger decimal value. */
export type Dec = InstanceType<typeof Dec>

/** Fractional digits kept by the ledger (the Go node stores DECIMAL(64,18)). */
export const LEDGER_SCALE = 18

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/**
 * Parses an amount the way the Go node decodes `decimal.Decimal`: a JSON string or number,
 * with sign, fraction and exponent; `null`/`undefined` is zero. Returns `undefined` for
 * anything else. Rounds half away from zero at 18 fractional digits.
 */
export function parseDecimal(value: unknown): Dec | undefined {
  if (value === null || value === undefined) return new Dec(0)
  let text: string
  if (typeof value === 'string') text = value.trim() === value ? value : ''
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value)
  else return undefined
  if (!NUMERIC.test(text)) return undefined
  const d = new Dec(text)
  if (!d.isFinite()) return undefined
  // Guard against absurd exponents (DoS through huge numbers): the ledger column is 64 digits.
  if (d.abs().gte(new Dec('1e46'))) return undefined
  return d.toDecimalPlaces(LEDGER_SCALE, Dec.ROUND_HALF_UP)
}

/** Shortest fixed-point form: no exponent, trailing zeros trimmed, `"0"` for zero. */
export function formatDecimal(d: Dec): string {
  if (d.isZero()) return '0'
  return d.toFixed()
}
