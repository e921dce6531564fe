'use client'
import { useCallback, useMemo } from 'react'
import type { AppDefinition, ValidationIssue } from '../internal/core.js'
import { useControllableState } from '../internal/use-controllable-state.js'
import {
  analyzeSessionDraft,
  applyQuorumPreset,
  createSessionDraft,
  describeRequiredSigners,
  detectQuorumPreset,
  generateNonce,
  type QuorumPreset,
  type SessionDraft,
} from './session-draft.js'

/** Parameters of {@link useSessionEditor}. */
export interface UseSessionEditorParameters {
  /** Controlled draft. Leave undefined for uncontrolled use with `defaultValue`. */
  value?: SessionDraft | undefined
  /** Initial draft when uncontrolled. Defaults to `createSessionDraft()`. */
  defaultValue?: SessionDraft | undefined
  /** Called on every edit with the new draft and its analysis. */
  onChange?: ((draft: SessionDraft, result: SessionEditorResult) => void) | undefined
  /** The connected wallet; its row is marked "you". */
  you?: string | undefined
}

/** What the editor knows about a draft. */
export interface SessionEditorResult {
  /** The definition, once valid; `undefined` while any issue remains. */
  definition: AppDefinition | undefined
  /** Every issue (node rules in the node's wording, plus input checks). */
  issues: ValidationIssue[]
  /** `true` when there is no issue. */
  isValid: boolean
}

/** Return type of {@link useSessionEditor}. */
export interface UseSessionEditorReturnType extends SessionEditorResult {
  /** The current draft. */
  draft: SessionDraft
  /** Sum of the weights. */
  totalWeight: number
  /** The preset the weights and quorum match (`custom` otherwise). */
  preset: QuorumPreset
  /** Whose signatures the session needs, as one sentence. */
  requiredSignersText: string
  /** Issues at exactly this path (`participants.0`, `weights.1`, `quorum`, …). */
  issuesAt(path: string): ValidationIssue[]
  /** Index of the participant that is "you", or -1. */
  youIndex: number
  /** Sets a top-level field. */
  setField<K extends 'application' | 'protocol' | 'quorum' | 'challenge' | 'nonce'>(
    key: K,
    value: SessionDraft[K],
  ): void
  /** Sets participant `index`'s address. */
  setParticipant(index: number, address: string): void
  /** Sets participant `index`'s weight. */
  setWeight(index: number, weight: string): void
  /** Appends a participant (weight `0` for server-controlled, else `1`). */
  addParticipant(address?: string): void
  /** Removes participant `index` and its weight. */
  removeParticipant(index: number): void
  /** Moves participant `from` (with its weight) to position `to`. */
  moveParticipant(from: number, to: number): void
  /** Applies a quorum preset. */
  applyPreset(preset: QuorumPreset): void
  /** Replaces the nonce with a fresh one. */
  regenerateNonce(): void
  /** Replaces the whole draft. */
  setDraft(draft: SessionDraft): void
}

/**
 * Headless session-definition editor: the state, the node's rules and the edit actions of
 * {@link SessionEditor}, for dapps that render their own markup.
 * @example
 * const editor = useSessionEditor({ defaultValue: createSessionDraft({ application: 'chess' }) })
 * editor.setParticipant(0, '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
 * editor.issuesAt('participants.0') // []
 */
export function useSessionEditor(
  parameters: UseSessionEditorParameters = {},
): UseSessionEditorReturnType {
  const { value, defaultValue, onChange, you } = parameters
  const [initial] = useMemo(() => [defaultValue ?? createSessionDraft()], [defaultValue])
  const handleChange = useCallback(
    (draft: SessionDraft) => {
      if (!onChange) return
      const a = analyzeSessionDraft(draft)
      onChange(draft, {
        definition: a.definition,
        issues: a.issues,
        isValid: a.issues.length === 0,
      })
    },
    [onChange],
  )
  const [draft, setDraft] = useControllableState({
    prop: value,
    defaultProp: initial,
    onChange: handleChange,
  })
  const analysis = useMemo(() => analyzeSessionDraft(draft), [draft])
  const preset = useMemo(() => detectQuorumPreset(draft), [draft])
  const youIndex = you
    ? draft.participants.findIndex((p) => p.trim().toLowerCase() === you.toLowerCase())
    : -1

  const requiredSignersText = useMemo(() => {
    const weights = draft.weights.map((w) => (/^-?\d+$/.test(w.trim()) ? Number(w) : 0))
    const quorum = /^\d+$/.test(draft.quorum.trim()) ? Number(draft.quorum) : 0
    return describeRequiredSigners(
      { participants: draft.participants.map((p) => p.trim()) as `0x${string}`[], weights, quorum },
      { you },
    )
  }, [draft, you])

  const update = useCallback(
    (fn: (d: SessionDraft) => SessionDraft) => setDraft((d) => fn(d)),
    [setDraft],
  )

  return {
    draft,
    definition: analysis.definition,
    issues: analysis.issues,
    isValid: analysis.issues.length === 0,
    totalWeight: analysis.totalWeight,
    preset,
    requiredSignersText,
    youIndex,
    issuesAt: (path) => analysis.issues.filter((i) => i.path === path),
    setField: (key, v) => update((d) => ({ ...d, [key]: v })),
    setParticipant: (index, address) =>
      update((d) => ({
        ...d,
        participants: d.participants.map((p, i) => (i === index ? address : p)),
      })),
    setWeight: (index, weight) =>
      update((d) => ({ ...d, weights: d.weights.map((w, i) => (i === index ? weight : w)) })),
    addParticipant: (address = '') =>
      update((d) => {
        const next = {
          ...d,
          participants: [...d.participants, address],
          weights: [...d.weights, preset === 'server-controlled' ? '0' : '1'],
        }
        return preset === 'equal-peers' || preset === 'majority'
          ? applyQuorumPreset(next, preset)
          : next
      }),
    removeParticipant: (index) =>
      update((d) => {
        const next = {
          ...d,
          participants: d.participants.filter((_, i) => i !== index),
          weights: d.weights.filter((_, i) => i !== index),
        }
        return preset === 'equal-peers' || preset === 'majority'
          ? applyQuorumPreset(next, preset)
          : next
      }),
    moveParticipant: (from, to) =>
      update((d) => {
        if (to < 0 || to >= d.participants.length || from === to) return d
        const move = <T>(xs: T[]): T[] => {
          const copy = [...xs]
          const [item] = copy.splice(from, 1)
          if (item !== undefined) copy.splice(to, 0, item)
          return copy
        }
        return { ...d, participants: move(d.participants), weights: move(d.weights) }
      }),
    applyPreset: (p) => update((d) => applyQuorumPreset(d, p)),
    regenerateNonce: () => update((d) => ({ ...d, nonce: generateNonce() })),
    setDraft: (d) => setDraft(d),
  }
}
