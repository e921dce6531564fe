import { describe, expect, it } from 'vitest'
import { ALICE, BOB, CAROL, SERVER } from '../test/fixtures.js'
import {
  analyzeSessionDraft,
  applyQuorumPreset,
  createSessionDraft,
  describeRequiredSigners,
  detectQuorumPreset,
  draftFromDefinition,
} from './session-draft.js'

const draft = (participants: string[], weights: string[], quorum: string, nonce = '7') =>
  createSessionDraft({ application: 'chess', participants, weights, quorum, nonce })

describe('given a session draft', () => {
  it('should produce the definition when every rule holds', () => {
    const a = analyzeSessionDraft(draft([ALICE, BOB], ['50', '50'], '100'))
    expect(a.issues).toEqual([])
    expect(a.definition).toEqual({
      application: 'chess',
      protocol: 'NitroRPC/0.4',
      participants: [ALICE, BOB],
      weights: [50, 50],
      quorum: 100,
      challenge: 86400,
      nonce: 7,
    })
  })

  it('should report each node rule at its field', () => {
    const paths = (d: ReturnType<typeof draft>) => analyzeSessionDraft(d).issues.map((i) => i.path)
    expect(paths(draft([ALICE], ['1'], '1'))).toContain('participants')
    expect(paths(draft([ALICE, BOB], ['1', '-1'], '0'))).toContain('weights.1')
    expect(paths(draft([ALICE, BOB], ['1', '1'], '3'))).toContain('quorum')
    expect(paths(draft([ALICE, BOB], ['1', '1'], '2', '0'))).toContain('nonce')
    expect(paths(draft([ALICE, BOB, ALICE], ['1', '1', '1'], '2'))).toContain('participants.2')
    expect(paths(draft([ALICE, BOB], ['1.5', '1'], '2'))).toEqual(['weights.0'])
  })

  it('should show one message per field (parse errors win over rule errors)', () => {
    const a = analyzeSessionDraft(draft([ALICE, BOB], ['1', '1'], '2', ''))
    expect(a.issues.filter((i) => i.path === 'nonce')).toHaveLength(1)
  })

  it('should keep the definition round-trip', () => {
    const d = draft([ALICE, BOB], ['50', '50'], '100')
    const def = analyzeSessionDraft(d).definition
    expect(def && draftFromDefinition(def)).toEqual(d)
  })
})

describe('given the quorum presets', () => {
  const base = draft([SERVER, ALICE, BOB], ['1', '1', '1'], '1')
  it('should set server-controlled weights', () => {
    const d = applyQuorumPreset(base, 'server-controlled')
    expect([d.weights, d.quorum]).toEqual([['100', '0', '0'], '100'])
    expect(detectQuorumPreset(d)).toBe('server-controlled')
  })
  it('should set equal peers and majority', () => {
    expect(applyQuorumPreset(base, 'equal-peers').quorum).toBe('3')
    expect(applyQuorumPreset(base, 'majority').quorum).toBe('2')
    expect(applyQuorumPreset(draft([ALICE, BOB], ['1', '1'], '1'), 'majority').quorum).toBe('2')
    expect(detectQuorumPreset(applyQuorumPreset(base, 'majority'))).toBe('majority')
    expect(detectQuorumPreset(draft([ALICE, BOB], ['3', '1'], '2'))).toBe('custom')
  })
})

describe('given describeRequiredSigners', () => {
  it('should say who must sign', () => {
    expect(
      describeRequiredSigners({ participants: [SERVER, ALICE], weights: [100, 0], quorum: 100 }),
    ).toMatch(/only 0x90F7…b906/)
    expect(
      describeRequiredSigners(
        { participants: [ALICE, BOB, CAROL], weights: [1, 1, 1], quorum: 2 },
        { you: ALICE },
      ),
    ).toMatch(/any 2 of the 3 participants/)
    expect(
      describeRequiredSigners(
        { participants: [ALICE, BOB], weights: [1, 1], quorum: 2 },
        { you: ALICE },
      ),
    ).toMatch(/all of 0xf39F…2266 \(you\), 0x7099…79C8/)
    expect(
      describeRequiredSigners({ participants: [ALICE, BOB], weights: [1, 1], quorum: 0 }),
    ).toMatch(/no approval/)
    expect(
      describeRequiredSigners({ participants: [ALICE, BOB], weights: [1, 2], quorum: 2 }),
    ).toMatch(/approval worth 2 of 3 votes/)
  })
})

describe('given participant addresses', () => {
  it('should reject the zero address with a clear message', () => {
    const zero = `0x${'0'.repeat(40)}`
    const a = analyzeSessionDraft(draft([ALICE, zero], ['1', '1'], '2'))
    expect(a.definition).toBeUndefined()
    expect(a.issues).toContainEqual(
      expect.objectContaining({ path: 'participants.1', code: 'zero_address' }),
    )
    expect(a.issues.find((i) => i.path === 'participants.1')?.message).toMatch(/zero address/)
  })

  it('should accept any casing and put the checksum casing in the definition', () => {
    const a = analyzeSessionDraft(
      draft([ALICE.toLowerCase(), `0x${BOB.slice(2).toUpperCase()}`], ['1', '1'], '2'),
    )
    expect(a.issues).toEqual([])
    expect(a.definition?.participants).toEqual([ALICE, BOB])
  })
})
