'use client'
import { useCallback, useEffect, useMemo, useRef } from 'react'
import {
  type Allocation,
  type Allowance,
  type AppDefinition,
  type Balance,
  splitByBasisPoints,
  splitEvenly,
  type ValidationIssue,
} from '../internal/core.js'
import { useControllableState } from '../internal/use-controllable-state.js'
import { analyzeAllocations, uniqueParticipants } from './allocation-analysis.js'
import {
  type AllocationAsset,
  balanceOf,
  gridAllocations,
  parseInputAmount,
  totalsByAsset,
} from './allocation-math.js'

/**
 * `create`: what each participant commits when the session is created.
 * `close`: final allocations when closing. `redistribute`: a new state (`operate` intent).
 */
export type AllocationMode = 'create' | 'close' | 'redistribute'

/** Parameters of {@link useAllocationEditor}. */
export interface UseAllocationEditorParameters {
  /** What the allocations are for. */
  mode: AllocationMode
  /** Participants, in definition order. */
  participants: readonly string[]
  /** Asset columns with their decimals. */
  assets: readonly AllocationAsset[]
  /** Controlled allocations (amounts as typed). */
  value?: Allocation[] | undefined
  /** Initial allocations when uncontrolled. Defaults to `[]` (all zero). */
  defaultValue?: Allocation[] | undefined
  /**
   * Called on every edit with the allocations and their analysis, and also once on load and
   * whenever the analysis changes without an edit (new participants, balances or totals), so the
   * result you hold always matches the status the editor shows.
   */
  onChange?: ((allocations: Allocation[], result: AllocationEditorResult) => void) | undefined
  /** `close`/`redistribute`: the session's current allocations; their per-asset sums must be conserved. */
  current?: readonly Allocation[] | undefined
  /** What each participant originally put in, for the "back to funders" preset. Defaults to `current`. */
  funded?: readonly Allocation[] | undefined
  /** `create`: each participant's available unified balance, keyed by address. */
  balances?: Record<string, readonly Balance[]> | undefined
  /** `create`: your session key's remaining allowance; your amounts are checked against it. */
  allowances?: readonly Allowance[] | undefined
  /** The connected wallet (marked "you"; allowances apply to it). */
  you?: string | undefined
  /** The session definition, when known (non-participant rows are flagged). */
  definition?: AppDefinition | undefined
}

/** Per-asset conservation, for `close` and `redistribute`. */
export interface AssetTotal {
  /** Asset symbol. */
  asset: string
  /** Sum of the entered amounts (decimal string). */
  assigned: string
  /** The session's current total (decimal string); `undefined` in `create` mode. */
  target: string | undefined
  /** `target − assigned` when positive. */
  remaining: string
  /** `assigned − target` when positive. */
  over: string
  /** `conserved`, `under` (left to assign), `over` (over-assigned), or `none` in create mode. */
  state: 'conserved' | 'under' | 'over' | 'none'
}

/**
 * `empty`: nothing entered yet (create mode); `invalid`: something to fix; `valid`: usable
 * (create mode); `conserved` / `not-conserved`: close and redistribute.
 */
export type AllocationEditorStatus = 'empty' | 'invalid' | 'valid' | 'conserved' | 'not-conserved'

/** What the editor knows about the allocations. */
export interface AllocationEditorResult {
  /** Canonical allocations (every participant × asset, shortest decimal form) once valid. */
  allocations: Allocation[] | undefined
  /** Every issue: amount input errors and the node's rules, in the node's wording. */
  issues: ValidationIssue[]
  /** `true` when there is no issue. */
  isValid: boolean
  /** Per-asset totals and conservation state. */
  totals: AssetTotal[]
  /** `conserved` when every asset's total matches; `not-conserved`; `none` in create mode. */
  conservation: 'conserved' | 'not-conserved' | 'none'
  /** One word for the status line; only `valid` and `conserved` come with `allocations`. */
  status: AllocationEditorStatus
}

/** Return type of {@link useAllocationEditor}. */
export interface UseAllocationEditorReturnType extends AllocationEditorResult {
  /** The raw allocations (amounts as typed). */
  value: Allocation[]
  /** The participants, one row each: a repeated address (in any casing) is listed once. */
  participants: string[]
  /** Amount typed for a cell (`''` when none). */
  amountOf(participant: string, asset: string): string
  /** Issues of one cell. */
  cellIssues(participant: string, asset: string): ValidationIssue[]
  /** Issues not tied to one cell (e.g. conservation). */
  generalIssues: ValidationIssue[]
  /** The available balance shown for a cell in create mode. */
  availableOf(participant: string, asset: string): string | undefined
  /** Sets one cell. */
  setAmount(participant: string, asset: string, amount: string): void
  /** Replaces every allocation. */
  setAllocations(allocations: Allocation[]): void
  /** Preset: each asset's total split evenly (remainder units to the first participants). */
  evenSplit(): void
  /** Preset: one participant receives every asset's total. */
  winnerTakesAll(participant: string): void
  /** Preset: everyone gets back what they funded. */
  backToFunders(): void
  /** Preset (two parties): the first gets `percent` % of each total, the second the rest. */
  percentageSplit(percent: number): void
  /** Whether presets are available (close/redistribute with a current total). */
  presetsAvailable: boolean
}

/**
 * Headless allocation editor: the state, the node's rules, conservation and presets of
 * {@link AllocationEditor}, for dapps that render their own markup.
 * @example
 * const editor = useAllocationEditor({ mode: 'close', participants, assets, current })
 * editor.evenSplit()
 * editor.conservation // 'conserved'
 */
export function useAllocationEditor(
  parameters: UseAllocationEditorParameters,
): UseAllocationEditorReturnType {
  const { value, defaultValue, onChange, ...context } = parameters
  const { assets, current, funded, balances } = context
  const participants = uniqueParticipants(context.participants)
  const [initial] = useMemo(() => [defaultValue ?? []], [defaultValue])
  const contextRef = useRef(context)
  contextRef.current = context
  // What was last reported (by content), so load and context changes are reported once each.
  const reported = useRef<string | undefined>(undefined)
  const handleChange = useCallback(
    (next: Allocation[]) => {
      const { rowIssues: _r, general: _g, ...result } = analyzeAllocations(next, contextRef.current)
      reported.current = JSON.stringify([next, result])
      onChange?.(next, result)
    },
    [onChange],
  )
  const [allocations, setAllocations] = useControllableState<Allocation[]>({
    prop: value,
    defaultProp: initial,
    onChange: handleChange,
  })
  const analysis = analyzeAllocations(allocations, context)
  const { rowIssues: _r, general: _g, ...result } = analysis
  const signature = JSON.stringify([allocations, result])
  useEffect(() => {
    if (signature !== reported.current) handleChange(allocations)
  }, [signature, allocations, handleChange])

  const rowIndex = (participant: string, asset: string) => {
    const a = assets.findIndex((x) => x.symbol === asset)
    const p = participants.findIndex((x) => x.toLowerCase() === participant.toLowerCase())
    return a < 0 || p < 0 ? -1 : a * participants.length + p
  }
  const targets = (): Record<string, bigint> => {
    const decimals: Record<string, number> = {}
    for (const a of assets) decimals[a.symbol] = a.decimals
    return totalsByAsset(current ?? [], decimals)
  }
  const setGrid = (amount: (p: string, i: number, a: AllocationAsset) => bigint) =>
    setAllocations(gridAllocations(participants, assets, amount))

  return {
    ...result,
    value: allocations,
    participants,
    generalIssues: analysis.general,
    presetsAvailable: context.mode !== 'create' && current !== undefined,
    amountOf: (participant, asset) =>
      allocations.find(
        (v) => v.asset === asset && v.participant.toLowerCase() === participant.toLowerCase(),
      )?.amount ?? '',
    cellIssues: (participant, asset) => analysis.rowIssues.get(rowIndex(participant, asset)) ?? [],
    availableOf: (participant, asset) => balanceOf(balances, participant, asset),
    setAmount: (participant, asset, amount) =>
      setAllocations((prev) => {
        const i = prev.findIndex(
          (v) => v.asset === asset && v.participant.toLowerCase() === participant.toLowerCase(),
        )
        if (i < 0) return [...prev, { participant: participant as `0x${string}`, asset, amount }]
        return prev.map((v, j) => (j === i ? { ...v, amount } : v))
      }),
    setAllocations: (next) => setAllocations(next),
    evenSplit: () => {
      const t = targets()
      const shares = new Map(
        assets.map((a) => [a.symbol, splitEvenly(t[a.symbol] ?? 0n, participants.length)]),
      )
      setGrid((_, i, a) => shares.get(a.symbol)?.[i] ?? 0n)
    },
    winnerTakesAll: (winner) => {
      const t = targets()
      setGrid((p, _, a) => (p.toLowerCase() === winner.toLowerCase() ? (t[a.symbol] ?? 0n) : 0n))
    },
    backToFunders: () => {
      const source = funded ?? current ?? []
      const decimals: Record<string, number> = {}
      for (const a of assets) decimals[a.symbol] = a.decimals
      setGrid((p, _, a) => {
        const rows = source.filter(
          (s) => s.asset === a.symbol && s.participant.toLowerCase() === p.toLowerCase(),
        )
        return rows.reduce((sum, r) => {
          const parsed = parseInputAmount(r.amount, a.decimals)
          return parsed.ok ? sum + parsed.units : sum
        }, 0n)
      })
    },
    percentageSplit: (percent) => {
      const t = targets()
      const bp = Math.round(percent * 100)
      setGrid((_, i, a) => {
        const [first, second] = splitByBasisPoints(t[a.symbol] ?? 0n, bp)
        return i === 0 ? first : i === 1 ? second : 0n
      })
    },
  }
}

export { analyzeAllocations } from './allocation-analysis.js'
