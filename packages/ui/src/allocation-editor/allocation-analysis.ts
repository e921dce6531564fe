import { checksumAddress } from '../internal/address.js'
import {
  type Allocation,
  formatAmount,
  type ValidationIssue,
  validateAllocations,
} from '../internal/core.js'
import { parseInputAmount, totalsByAsset } from './allocation-math.js'
import type {
  AllocationEditorResult,
  AllocationEditorStatus,
  AllocationMode,
  AssetTotal,
  UseAllocationEditorParameters,
} from './use-allocation-editor.js'

// The pure analysis behind `useAllocationEditor` (no React): rows → issues, totals, status.

function coreMode(mode: AllocationMode): 'create' | 'close' | 'operate' {
  return mode === 'redistribute' ? 'operate' : mode
}

/** Normalizes a core issue path to `<index>.<field>` when it points at one row. */
function rowIndexOf(path: string): number | undefined {
  const m = /^(?:allocations)?[.[]?(\d+)\]?(?:\.|$)/.exec(path)
  return m ? Number(m[1]) : undefined
}

/** `allocations.3.amount` → `3.amount` (row paths are indexes into the full grid). */
function normalizeIssue(issue: ValidationIssue): ValidationIssue {
  return { ...issue, path: issue.path.replace(/^allocations\.(\d+)/, '$1') }
}

/** The participants with repeats (in any casing) removed, first occurrence kept. */
export function uniqueParticipants(participants: readonly string[]): string[] {
  const seen = new Set<string>()
  return participants.filter((p) => {
    const key = p.trim().toLowerCase()
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/**
 * Analyzes allocations with the node's rules (`validateAllocations` from core). A participant
 * listed twice gets one row and an issue (`duplicate_participant`); in create mode a grid with
 * nothing entered is not usable yet (`nothing_entered`: type `0` to fund nothing).
 */
export function analyzeAllocations(
  value: readonly Allocation[],
  p: Omit<UseAllocationEditorParameters, 'value' | 'defaultValue' | 'onChange'>,
): AllocationEditorResult & {
  rowIssues: Map<number, ValidationIssue[]>
  general: ValidationIssue[]
} {
  const decimals: Record<string, number> = {}
  for (const a of p.assets) decimals[a.symbol] = a.decimals
  const participants = uniqueParticipants(p.participants)
  // The full grid, so every holder is listed (an omitted holder strands funds on close).
  const rows: Allocation[] = []
  for (const asset of p.assets)
    for (const participant of participants) {
      const found = value.find(
        (v) =>
          v.asset === asset.symbol && v.participant.toLowerCase() === participant.toLowerCase(),
      )
      rows.push({
        participant: participant as `0x${string}`,
        asset: asset.symbol,
        amount: found?.amount ?? '',
      })
    }
  const issues: ValidationIssue[] = []
  if (participants.length < p.participants.length) {
    p.participants.forEach((participant, i) => {
      const first = p.participants.findIndex(
        (x) => x.trim().toLowerCase() === participant.trim().toLowerCase(),
      )
      if (first < i)
        issues.push({
          path: 'participants',
          code: 'duplicate_participant',
          message: `Participant ${i + 1} (${participant}) is the same as participant ${first + 1}: each participant gets one row. Remove the repeat.`,
        })
    })
  }
  const nothingEntered =
    p.mode === 'create' && rows.length > 0 && rows.every((r) => r.amount.trim() === '')
  if (nothingEntered)
    issues.push({
      path: 'allocations',
      code: 'nothing_entered',
      message: 'Enter what each participant puts in (0 for nothing).',
    })
  const badRows = new Set<number>()
  rows.forEach((r, i) => {
    const parsed = parseInputAmount(r.amount, decimals[r.asset] ?? 18)
    if (!parsed.ok) {
      badRows.add(i)
      issues.push({ path: `${i}.amount`, code: 'invalid_amount', message: parsed.message })
    }
  })
  const normalized = rows.map((r) => ({
    ...r,
    amount: r.amount.trim() === '' ? '0' : r.amount.trim(),
  }))
  const mode = coreMode(p.mode)
  if (badRows.size === 0) {
    const withAllowances =
      mode === 'create' && p.allowances && p.you
        ? { self: p.you, allowances: [...p.allowances] }
        : {}
    issues.push(
      ...validateAllocations(normalized, {
        mode,
        decimals,
        ...(p.definition ? { definition: p.definition } : {}),
        ...(p.current && mode !== 'create' ? { current: [...p.current] } : {}),
        ...withAllowances,
      }).map(normalizeIssue),
    )
    // Core checks one wallet's balance at a time (`self`): run it for each participant given.
    if (mode === 'create' && p.balances) {
      for (const participant of participants) {
        const key = Object.keys(p.balances).find(
          (k) => k.toLowerCase() === participant.toLowerCase(),
        )
        const balances = key ? p.balances[key] : undefined
        if (!balances) continue
        for (const issue of validateAllocations(normalized, {
          mode,
          decimals,
          self: participant,
          balances: [...balances],
        }).map(normalizeIssue)) {
          if (!issues.some((x) => x.path === issue.path && x.code === issue.code))
            issues.push(issue)
        }
      }
    }
  }
  const rowIssues = new Map<number, ValidationIssue[]>()
  const general: ValidationIssue[] = []
  for (const issue of issues) {
    const i = rowIndexOf(issue.path)
    if (i === undefined || i >= rows.length) general.push(issue)
    else rowIssues.set(i, [...(rowIssues.get(i) ?? []), issue])
  }
  // Conservation per asset.
  const assigned = totalsByAsset(normalized, decimals)
  const targets = p.current && mode !== 'create' ? totalsByAsset(p.current, decimals) : undefined
  const totals: AssetTotal[] = p.assets.map((a) => {
    const got = assigned[a.symbol] ?? 0n
    const want = targets ? (targets[a.symbol] ?? 0n) : undefined
    const diff = want === undefined ? 0n : want - got
    return {
      asset: a.symbol,
      assigned: formatAmount(got, a.decimals),
      target: want === undefined ? undefined : formatAmount(want, a.decimals),
      remaining: formatAmount(diff > 0n ? diff : 0n, a.decimals),
      over: formatAmount(diff < 0n ? -diff : 0n, a.decimals),
      state: want === undefined ? 'none' : diff === 0n ? 'conserved' : diff > 0n ? 'under' : 'over',
    }
  })
  const conservation =
    targets === undefined
      ? 'none'
      : totals.every((t) => t.state === 'conserved') && badRows.size === 0
        ? 'conserved'
        : 'not-conserved'
  const isValid = issues.length === 0
  // Canonical rows: shortest decimal form, and addresses in the checksum casing the node compares.
  const canonical = isValid
    ? normalized.map((r) => {
        const parsed = parseInputAmount(r.amount, decimals[r.asset] ?? 18)
        return {
          ...r,
          participant: checksumAddress(r.participant) ?? r.participant,
          amount: parsed.ok ? formatAmount(parsed.units, decimals[r.asset] ?? 18) : r.amount,
        }
      })
    : undefined
  const status: AllocationEditorStatus = nothingEntered
    ? 'empty'
    : conservation === 'none'
      ? isValid
        ? 'valid'
        : 'invalid'
      : isValid
        ? 'conserved'
        : conservation === 'conserved'
          ? 'invalid'
          : 'not-conserved'
  return {
    allocations: canonical,
    issues,
    isValid,
    totals,
    conservation,
    status,
    rowIssues,
    general,
  }
}
