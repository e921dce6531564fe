import { describe, expect, it } from 'vitest'
import { computeAppSessionId } from '../app-sessions/app-session-id.js'
import type { AppDefinition } from '../types.js'
import { requiredSigners, validateAllocations, validateDefinition } from './validation.js'

const A = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' as const
const B = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const
const good: AppDefinition = {
  application: 'chess',
  protocol: 'NitroRPC/0.4',
  participants: [A, B],
  weights: [50, 50],
  quorum: 100,
  challenge: 86400,
  nonce: 1,
}
const paths = (issues: { path: string; code: string }[]) => issues.map((i) => `${i.path}:${i.code}`)

describe('validateDefinition', () => {
  it('default: a valid definition has no issues', () => {
    expect(validateDefinition(good)).toEqual([])
  })

  it('behavior: every node rule, with field paths and node wording', () => {
    expect(paths(validateDefinition({ ...good, participants: [A], weights: [1] }))).toContain(
      'participants:too_few_participants',
    )
    expect(validateDefinition({ ...good, weights: [5, 3], quorum: 10 })[0]?.message).toBe(
      'target quorum (10) cannot be greater than total sum of weights (8)',
    )
    expect(paths(validateDefinition({ ...good, weights: [-1, 3], quorum: 1 }))).toContain(
      'weights.0:negative_weight',
    )
    expect(paths(validateDefinition({ ...good, weights: [50] }))).toContain(
      'weights:weights_mismatch',
    )
    expect(paths(validateDefinition({ ...good, nonce: 0 }))).toEqual(['nonce:zero_nonce'])
    expect(
      paths(validateDefinition({ ...good, participants: [A, A.toLowerCase() as `0x${string}`] })),
    ).toEqual(['participants.1:not_checksummed', 'participants.1:duplicate_participant'])
    expect(paths(validateDefinition({ ...good, participants: [A, '0x12'] as never }))).toEqual([
      'participants.1:invalid_address',
    ])
    const zero = '0x0000000000000000000000000000000000000000' as const
    expect(paths(validateDefinition({ ...good, participants: [A, zero] }))).toEqual([
      'participants.1:zero_address',
    ])
    expect(validateDefinition({ ...good, participants: [zero, B] })[0]?.message).toBe(
      'The zero address (0x000…000) cannot sign for anything: not a participant.',
    )
    expect(validateDefinition({ ...good, protocol: 'NitroRPC/0.3' as never })[0]?.message).toBe(
      'unsupported protocol: NitroRPC/0.3',
    )
  })
})

describe('validateAllocations', () => {
  it('behavior: create checks amounts, membership, balance and allowance', () => {
    const issues = validateAllocations(
      [
        { participant: A, asset: 'usdc', amount: '150' },
        { participant: B, asset: 'usdc', amount: '-1' },
        { participant: '0x000000000000000000000000000000000000dEaD', asset: 'usdc', amount: '1' },
      ],
      {
        mode: 'create',
        definition: good,
        decimals: { usdc: 6 },
        self: A,
        balances: [{ asset: 'usdc', amount: '100' }],
        allowances: [{ asset: 'usdc', amount: '120' }],
      },
    )
    expect(paths(issues)).toEqual([
      'allocations.0.amount:insufficient_funds',
      'allocations.0.amount:allowance_exceeded',
      'allocations.1.amount:amount_negative',
      'allocations.2.participant:non_participant',
    ])
  })

  it('behavior: close must conserve every asset and list every holder', () => {
    const current = [
      { participant: A, asset: 'usdc', amount: '60' },
      { participant: B, asset: 'usdc', amount: '40' },
    ]
    const ctx = { mode: 'close' as const, definition: good, decimals: { usdc: 6 }, current }
    expect(
      validateAllocations(
        [
          { participant: A, asset: 'usdc', amount: '70' },
          { participant: B, asset: 'usdc', amount: '30' },
        ],
        ctx,
      ),
    ).toEqual([])
    expect(
      paths(
        validateAllocations(
          [
            { participant: A, asset: 'usdc', amount: '70' },
            { participant: B, asset: 'usdc', amount: '20' },
          ],
          ctx,
        ),
      ),
    ).toEqual(['allocations:not_conserved'])
    expect(
      paths(validateAllocations([{ participant: A, asset: 'usdc', amount: '100' }], ctx)),
    ).toEqual(['allocations:holder_missing'])
    expect(
      paths(validateAllocations([...current, { participant: A, asset: 'eth', amount: '1' }], ctx)),
    ).toEqual(['allocations:unknown_asset'])
  })
})

describe('validateAllocations: rows and intents', () => {
  const current = [
    { participant: A, asset: 'usdc', amount: '10' },
    { participant: B, asset: 'usdc', amount: '10' },
  ]
  it('behavior: one row per participant and asset, in every mode', () => {
    const rows = [
      { participant: B, asset: 'usdc', amount: '0' },
      { participant: B, asset: 'usdc', amount: '0' },
      { participant: A, asset: 'usdc', amount: '20' },
    ]
    for (const mode of ['create', 'operate', 'close', 'deposit', 'withdraw'] as const)
      expect(paths(validateAllocations(rows, { mode, definition: good, current }))).toContain(
        'allocations.1:duplicate_row',
      )
  })

  it('behavior: deposit only raises, withdraw only lowers, and each must change something', () => {
    const up = [{ participant: A, asset: 'usdc', amount: '15' }]
    const down = [{ participant: A, asset: 'usdc', amount: '5' }]
    expect(validateAllocations(up, { mode: 'deposit', definition: good, current })).toEqual([])
    expect(validateAllocations(down, { mode: 'withdraw', definition: good, current })).toEqual([])
    expect(
      paths(validateAllocations(down, { mode: 'deposit', definition: good, current })),
    ).toEqual(['allocations:deposit_decreases'])
    expect(paths(validateAllocations(up, { mode: 'withdraw', definition: good, current }))).toEqual(
      ['allocations:withdraw_increases'],
    )
    expect(
      paths(validateAllocations(current, { mode: 'withdraw', definition: good, current })),
    ).toEqual(['allocations:no_change'])
  })

  it('behavior: quorum must be at least 1', () => {
    expect(paths(validateDefinition({ ...good, quorum: 0 }))).toEqual(['quorum:invalid_quorum'])
  })
})

describe('requiredSigners', () => {
  it('default: create needs every funder; close needs the quorum', () => {
    expect(
      requiredSigners(
        good,
        [
          { participant: A, asset: 'usdc', amount: '1' },
          { participant: B, asset: 'usdc', amount: '0' },
        ],
        'create',
      ),
    ).toEqual({
      signers: [{ wallet: A, weight: 1 }],
      threshold: 1,
      kind: 'funders',
    })
    expect(requiredSigners(good, [], 'close').threshold).toBe(100)
  })
})

describe('computeAppSessionId', () => {
  it('matches the node (TV3, TV4)', () => {
    expect(computeAppSessionId(good)).toBe(
      '0x4b1e7acde82b2f2b1f2f0d8747f9ccecfe54843aff583beaaf14f0d3ef5d603d',
    )
    expect(
      computeAppSessionId({
        application: 'a<b&c>',
        protocol: 'NitroRPC/0.2',
        participants: [A, B],
        weights: [1, 1],
        quorum: 2,
        challenge: 0,
        nonce: 7,
      }),
    ).toBe('0x9caed3500d6cdbecdbb789afa60478d532e4a87215eb82b8c57a34647e05e2aa')
  })
})
