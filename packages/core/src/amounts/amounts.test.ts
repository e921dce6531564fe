import { describe, expect, it } from 'vitest'
import { AmountError } from '../errors.js'
import {
  formatAmount,
  normalizeAmount,
  parseAmount,
  splitByBasisPoints,
  splitEvenly,
  sumByAsset,
} from './amounts.js'

describe('parseAmount', () => {
  it('default: exact smallest units', () => {
    expect(parseAmount('1.5', 6)).toBe(1_500_000n)
    expect(parseAmount('0.000001', 6)).toBe(1n)
    expect(parseAmount('.5', 2)).toBe(50n)
    expect(parseAmount('100', 0)).toBe(100n)
    expect(parseAmount('1.50', 1)).toBe(15n)
    expect(parseAmount('123456789012345678901234567890.123456789012345678', 18)).toBe(
      123456789012345678901234567890123456789012345678n,
    )
  })

  it('behavior: refuses negatives, over-precision, exponents and garbage with a code', () => {
    const code = (v: string, d = 6) => {
      try {
        parseAmount(v, d)
        return 'ok'
      } catch (e) {
        expect(e).toBeInstanceOf(AmountError)
        return (e as AmountError).code
      }
    }
    expect(code('-1')).toBe('negative')
    expect(code('0.0000001')).toBe('precision')
    expect(code('1e3')).toBe('invalid')
    expect(code('')).toBe('invalid')
    expect(code('1.2.3')).toBe('invalid')
    expect(code('0x10')).toBe('invalid')
    expect(code('NaN')).toBe('invalid')
  })
})

describe('formatAmount / helpers', () => {
  it('default: shortest decimal form', () => {
    expect(formatAmount(1_500_000n, 6)).toBe('1.5')
    expect(formatAmount(0n, 6)).toBe('0')
    expect(formatAmount(-5n, 2)).toBe('-0.05')
    expect(normalizeAmount('001.500', 6)).toBe('1.5')
  })

  it('behavior: splits conserve the total exactly', () => {
    expect(splitEvenly(10n, 3)).toEqual([4n, 3n, 3n])
    expect(splitEvenly(10n, 3).reduce((a, b) => a + b)).toBe(10n)
    expect(splitByBasisPoints(1_000_001n, 3333)).toEqual([333_300n, 666_701n])
    expect(() => splitByBasisPoints(1n, 10_001)).toThrow(AmountError)
  })

  it('behavior: sums per asset with its decimals', () => {
    expect(
      sumByAsset(
        [
          { asset: 'usdc', amount: '0.1' },
          { asset: 'usdc', amount: '0.2' },
          { asset: 'eth', amount: '1' },
        ],
        { usdc: 6, eth: 18 },
      ),
    ).toEqual({ usdc: 300_000n, eth: 10n ** 18n })
  })
})
