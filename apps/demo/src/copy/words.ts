import { formatAmount, parseAmount } from '@nitrolite-kit/core'

/**
 * Everyday words for what the demo shows: names for addresses and amounts people can read.
 * Shared by every page of the demo (the room and the review dialog can use them too).
 */

/** `0x3C44…93BC`: an address or id shortened to something a person can compare at a glance. */
export function shortAddress(address: string): string {
  return address.length > 12 ? `${address.slice(0, 6)}…${address.slice(-4)}` : address
}

/**
 * What to call `address`: "you" for the viewer, the name in `names` (Bob), else the short
 * address. Names are matched case-insensitively.
 */
export function personName(
  address: string,
  names: Record<string, string>,
  me?: string,
  you = 'you',
): string {
  const a = address.toLowerCase()
  if (me && me.toLowerCase() === a) return you
  for (const [k, v] of Object.entries(names)) if (k.toLowerCase() === a) return v
  return shortAddress(address)
}

/** `10 usdc`: an amount (a decimal string, never a float) with its asset, as the node names it. */
export function money(amount: string, asset: string): string {
  return `${amount} ${asset}`
}

/** Compare and add amounts exactly: every amount is read at 18 decimals (bigint, never a float). */
const PRECISION = 18

/** An amount string in exact units (18 decimals); `undefined` when it is not a decimal. */
export function units(amount: string): bigint | undefined {
  try {
    return parseAmount(amount, PRECISION)
  } catch {
    return undefined
  }
}

/** Exact units (from {@link units}) back to the shortest decimal string. */
export function fromUnits(value: bigint): string {
  return formatAmount(value, PRECISION)
}

/** `1 Dec 2026, 09:45`: a date people read, in their locale. */
export function when(iso: string | number, locale?: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(d)
}
