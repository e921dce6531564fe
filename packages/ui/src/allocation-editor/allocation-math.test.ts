import { describe, expect, it } from 'vitest'
import { splitByBasisPoints, splitEvenly } from '../internal/core.js'
import { ALICE, alloc, BOB, USDC } from '../test/fixtures.js'
import { parseInputAmount } from './allocation-math.js'
import { analyzeAllocations } from './use-allocation-editor.js'

describe('given amount inputs', () => {
  it('should parse exactly and reject over-precision, negatives and garbage', () => {
    expect(parseInputAmount('0.000001', 6)).toEqual({ ok: true, units: 1n })
    expect(parseInputAmount('', 6)).toEqual({ ok: true, units: 0n })
    expect(parseInputAmount('123456789012345678901234567890', 0)).toEqual({
      ok: true,
      units: 123456789012345678901234567890n,
    })
    expect(parseInputAmount('0.0000001', 6).ok).toBe(false)
    expect(parseInputAmount('-1', 6).ok).toBe(false)
    expect(parseInputAmount('1e3', 6).ok).toBe(false)
    expect(parseInputAmount('abc', 6).ok).toBe(false)
  })
})

describe('given split helpers', () => {
  it('should conserve every unit', () => {
    expect(splitEvenly(10n, 3)).toEqual([4n, 3n, 3n])
    expect(splitByBasisPoints(100_000_001n, 2500)).toEqual([25_000_000n, 75_000_001n])
    for (const [t, n] of [
      [7n, 2],
      [1n, 5],
      [999_999_999_999n, 7],
    ] as const)
      expect(splitEvenly(t, n).reduce((a, b) => a + b, 0n)).toBe(t)
  })
})

describe('given allocations to analyze', () => {
  const params = { participants: [ALICE, BOB], assets: [USDC] }
  const current = [alloc(ALICE, 'usdc', '60'), alloc(BOB, 'usdc', '40')]
  it('should report conservation per asset in close mode', () => {
    const under = analyzeAllocations([alloc(ALICE, 'usdc', '50')], {
      ...params,
      mode: 'close',
      current,
    })
    expect(under.conservation).toBe('not-conserved')
    expect(under.totals[0]).toMatchObject({ state: 'under', remaining: '50', over: '0' })
    const over = analyzeAllocations([alloc(ALICE, 'usdc', '100'), alloc(BOB, 'usdc', '0.5')], {
      ...params,
      mode: 'close',
      current,
    })
    expect(over.totals[0]).toMatchObject({ state: 'over', over: '0.5' })
    const ok = analyzeAllocations([alloc(ALICE, 'usdc', '100.000000')], {
      ...params,
      mode: 'close',
      current,
    })
    expect(ok.conservation).toBe('conserved')
    expect(ok.allocations).toEqual([alloc(ALICE, 'usdc', '100'), alloc(BOB, 'usdc', '0')])
  })
  it('should check balances per participant in create mode', () => {
    const r = analyzeAllocations([alloc(BOB, 'usdc', '5')], {
      ...params,
      mode: 'create',
      balances: { [BOB]: [{ asset: 'usdc', amount: '3' }] },
    })
    expect(r.issues.map((i) => i.message)).toEqual([`insufficient funds: ${BOB} for asset usdc`])
  })
  it('should check your session-key allowance', () => {
    const base = { ...params, mode: 'create' as const, you: ALICE }
    const rows = [alloc(ALICE, 'usdc', '30'), alloc(BOB, 'usdc', '99')]
    expect(
      analyzeAllocations(rows, { ...base, allowances: [{ asset: 'usdc', amount: '30' }] }).issues,
    ).toEqual([])
    const over = analyzeAllocations(rows, {
      ...base,
      allowances: [{ asset: 'usdc', amount: '29.999999' }],
    })
    expect(over.issues.map((i) => [i.path, i.code])).toEqual([['0.amount', 'allowance_exceeded']])
    const none = analyzeAllocations(rows, { ...base, allowances: [] })
    expect(none.issues.map((i) => i.code)).toEqual(['allowance_exceeded'])
  })
})
