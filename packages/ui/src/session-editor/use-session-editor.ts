'use client'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { checksumAddress } from '../internal/address.js'
import type { AppDefinition, ValidationIssue } from '../internal/core.js'
import { useControllableState } from '../internal/use-controllable-state.js'
import {
  addParticipantToDraft,
  analyzeSessionDraft,
  applyQuorumPreset,
  createSessionDraft,
  describeRequiredSigners,
  detectQuorumPreset,
  generateNonce,
  type QuorumPreset,
  removeParticipantFromDraft,
  type SessionDraft,
} from './session-draft.js'

/** Parameters of {@link useSessionEditor}. */
export interface UseSessionEditorParameters {
  /** Controlled draft. Leave undefined for uncontrolled use with `defaultValue`. */
  value?: SessionDraft | undefined
  /** Initial draft when uncontrolled. Defaults to `createSessionDraft()`. */
  defaultValue?: SessionDraft | undefined
  /**
   * Called on every edit with the new draft and its analysis, and also once with the initial
   * draft (and whenever a new `value` differs from what was last reported), so the result you
   * hold always matches the status the editor shows.
   */
  onChange?: ((draft: SessionDraft, result: SessionEditorResult) => void) | undefined
  /** The connected wallet; its row is marked "you". */
  you?: string | undefined
  /**
   * The application name, when your dapp fixes it: the field is read-only and every draft and
   * definition carry this name. Leave undefined to let the user type it.
   */
  application?: string | undefined
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

/**
 * `empty`: no participant address entered yet; `invalid`: something to fix; `valid`: the
 * definition is ready to use.
 */
export type SessionEditorStatus = 'empty' | 'invalid' | 'valid'

/** Return type of {@link useSessionEditor}. */
export interface UseSessionEditorReturnType extends SessionEditorResult {
  /** The current draft. */
  draft: SessionDraft
  /** `empty`, `invalid` or `valid` (only `valid` has a `definition`). */
  status: SessionEditorStatus
  /** One stable key per participant row (follows the row through add, remove and move). */
  rowKeys: string[]
  /** `true` when the application name is fixed by the `application` parameter. */
  applicationReadOnly: boolean
  /** The last add/remove, as a sentence for a live region (`undefined` before any). */
  lastChange: string | undefined
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
  /** Rewrites participant `index`'s address in checksum casing, when it is an address (on blur). */
  normalizeParticipant(index: number): void
  /** Sets participant `index`'s weight. */
  setWeight(index: number, weight: string): void
  /**
   * Appends a participant, keeping everyone's weights: with equal weights (equal peers, majority)
   * the newcomer gets the same weight and the quorum follows the preset; otherwise it gets `0`
   * and the quorum is kept.
   */
  addParticipant(address?: string): void
  /** Removes participant `index` and its weight, keeping the others' (the quorum follows the preset). */
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
  const { value, defaultValue, onChange, you, application } = parameters
  const [initial] = useMemo(() => [defaultValue ?? createSessionDraft()], [defaultValue])
  const fix = useCallback(
    (d: SessionDraft) =>
      application === undefined || d.application === application ? d : { ...d, application },
    [application],
  )
  // What was last reported through onChange (by content), so a new value or the first render is
  // reported once and an echo of our own report is not.
  const reported = useRef<string | undefined>(undefined)
  const report = useCallback(
    (draft: SessionDraft) => {
      reported.current = JSON.stringify(draft)
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
  const [raw, setDraft] = useControllableState({
    prop: value,
    defaultProp: initial,
    onChange: report,
  })
  const draft = useMemo(() => fix(raw), [fix, raw])
  useEffect(() => {
    if (JSON.stringify(draft) !== reported.current) report(draft)
  }, [draft, report])
  const analysis = useMemo(() => analyzeSessionDraft(draft), [draft])
  const preset = useMemo(() => detectQuorumPreset(draft), [draft])
  const youIndex = you
    ? draft.participants.findIndex((p) => p.trim().toLowerCase() === you.toLowerCase())
    : -1

  // Stable row keys: moved with their rows by the actions below; padded or cut when the draft's
  // length changes from outside.
  const keys = useRef<{ next: number; list: string[] }>({ next: 0, list: [] })
  const newKey = () => `row-${keys.current.next++}`
  const k = keys.current
  while (k.list.length < draft.participants.length) k.list.push(newKey())
  if (k.list.length > draft.participants.length) k.list.length = draft.participants.length
  const rowKeys = [...k.list]

  const [lastChange, setLastChange] = useState<string>()

  const requiredSignersText = useMemo(() => {
    const weights = draft.weights.map((w) => (/^-?\d+$/.test(w.trim()) ? Number(w) : 0))
    const quorum = /^\d+$/.test(draft.quorum.trim()) ? Number(draft.quorum) : 0
    return describeRequiredSigners(
      { participants: draft.participants.map((p) => p.trim()) as `0x${string}`[], weights, quorum },
      { you },
    )
  }, [draft, you])

  const update = useCallback(
    (fn: (d: SessionDraft) => SessionDraft) => setDraft((d) => fix(fn(fix(d)))),
    [setDraft, fix],
  )
  const isEmpty = draft.participants.every((p) => p.trim() === '')
  const isValid = analysis.issues.length === 0

  return {
    draft,
    definition: analysis.definition,
    issues: analysis.issues,
    isValid,
    status: isValid ? 'valid' : isEmpty ? 'empty' : 'invalid',
    rowKeys,
    applicationReadOnly: application !== undefined,
    lastChange,
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
    normalizeParticipant: (index) =>
      update((d) => {
        const current = d.participants[index]
        const fixed = current === undefined ? undefined : checksumAddress(current)
        if (fixed === undefined || fixed === current) return d
        return { ...d, participants: d.participants.map((p, i) => (i === index ? fixed : p)) }
      }),
    setWeight: (index, weight) =>
      update((d) => ({ ...d, weights: d.weights.map((w, i) => (i === index ? weight : w)) })),
    addParticipant: (address = '') => {
      const change = addParticipantToDraft(draft, address)
      k.list.push(newKey())
      setLastChange(change.note)
      update((d) => addParticipantToDraft(d, address).draft)
    },
    removeParticipant: (index) => {
      const change = removeParticipantFromDraft(draft, index)
      k.list.splice(index, 1)
      setLastChange(change.note)
      update((d) => removeParticipantFromDraft(d, index).draft)
    },
    moveParticipant: (from, to) => {
      if (to < 0 || to >= draft.participants.length || from === to) return
      const move = <T>(xs: T[]): T[] => {
        const copy = [...xs]
        const [item] = copy.splice(from, 1)
        if (item !== undefined) copy.splice(to, 0, item)
        return copy
      }
      k.list = move(k.list)
      update((d) => ({ ...d, participants: move(d.participants), weights: move(d.weights) }))
    },
    applyPreset: (p) => update((d) => applyQuorumPreset(d, p)),
    regenerateNonce: () => update((d) => ({ ...d, nonce: generateNonce() })),
    setDraft: (d) => setDraft(fix(d)),
  }
}
