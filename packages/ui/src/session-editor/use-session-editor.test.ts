import { act, renderHook } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { ALICE, BOB, CAROL } from '../test/fixtures.js'
import { createSessionDraft, type SessionDraft } from './session-draft.js'
import { useSessionEditor } from './use-session-editor.js'

const start = () =>
  createSessionDraft({ application: 'chess', participants: [ALICE, BOB], nonce: '9' })

describe('useSessionEditor', () => {
  it('default: uncontrolled, valid two-party draft', () => {
    const { result } = renderHook(() => useSessionEditor({ defaultValue: start(), you: BOB }))
    expect(result.current.isValid).toBe(true)
    expect(result.current.youIndex).toBe(1)
    expect(result.current.preset).toBe('equal-peers')
  })

  it('behavior: adding and removing keeps the equal-peers / majority quorum', () => {
    const { result } = renderHook(() => useSessionEditor({ defaultValue: start() }))
    act(() => result.current.addParticipant(CAROL))
    expect(result.current.draft.quorum).toBe('3')
    act(() => result.current.applyPreset('majority'))
    act(() => result.current.removeParticipant(0))
    expect(result.current.draft.participants).toEqual([BOB, CAROL])
    expect(result.current.draft.quorum).toBe('2')
    // With two peers a majority is everyone, so the preset reads as equal peers.
    expect(result.current.preset).toBe('equal-peers')
  })

  it('behavior: moving keeps each weight with its participant', () => {
    const { result } = renderHook(() =>
      useSessionEditor({ defaultValue: { ...start(), weights: ['3', '1'], quorum: '3' } }),
    )
    act(() => result.current.moveParticipant(0, 1))
    expect(result.current.draft.participants).toEqual([BOB, ALICE])
    expect(result.current.draft.weights).toEqual(['1', '3'])
  })

  it('parameters: value + onChange (controlled) reports the draft on load, then the definition once valid', () => {
    const onChange = vi.fn()
    let value: SessionDraft = { ...start(), nonce: '0' }
    const { result, rerender } = renderHook(() => useSessionEditor({ value, onChange }))
    expect(result.current.issuesAt('nonce')[0]?.message).toBe('Must not be 0: generate a new one.')
    expect(result.current.issuesAt('nonce')[0]?.code).toBe('zero_nonce')
    // The initial draft is reported once, so the parent's result matches the status shown.
    expect(onChange).toHaveBeenCalledTimes(1)
    expect(onChange.mock.calls[0]![1].isValid).toBe(false)
    act(() => result.current.setField('nonce', '5'))
    expect(onChange).toHaveBeenCalledTimes(2)
    const [draft, info] = onChange.mock.calls[1]!
    expect(info.isValid).toBe(true)
    expect(info.definition.nonce).toBe(5)
    // Controlled: nothing changes until the parent passes the new value.
    expect(result.current.draft.nonce).toBe('0')
    value = draft
    rerender()
    expect(result.current.draft.nonce).toBe('5')
    // The echo of our own report is not reported again.
    expect(onChange).toHaveBeenCalledTimes(2)
  })

  it('behavior: adding keeps the weights (50/50 → 50/50/50) and recomputes the quorum', () => {
    const { result } = renderHook(() =>
      useSessionEditor({ defaultValue: { ...start(), weights: ['50', '50'], quorum: '100' } }),
    )
    act(() => result.current.addParticipant(CAROL))
    expect(result.current.draft.weights).toEqual(['50', '50', '50'])
    expect(result.current.draft.quorum).toBe('150')
    expect(result.current.preset).toBe('equal-peers')
    expect(result.current.lastChange).toMatch(/Participant 3 added with 50 votes/)
  })

  it('parameters: application fixes the name in every draft', () => {
    const onChange = vi.fn()
    const { result } = renderHook(() =>
      useSessionEditor({ defaultValue: start(), application: 'rps', onChange }),
    )
    expect(result.current.applicationReadOnly).toBe(true)
    expect(result.current.draft.application).toBe('rps')
    act(() => result.current.setField('application', 'other'))
    expect(result.current.draft.application).toBe('rps')
    expect(onChange.mock.calls.every(([d]) => d.application === 'rps')).toBe(true)
  })
})
