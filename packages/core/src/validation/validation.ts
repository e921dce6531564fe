import { getAddress, isAddress } from 'viem'
import { type DecimalsByAsset, parseAmount } from '../amounts/amounts.js'
import { AmountError } from '../errors.js'
import type { Allocation, Allowance, AppDefinition, Balance } from '../types.js'

/** One validation problem: the field path (`participants.1`, `allocations.0.amount`), a stable code and a message. */
export interface ValidationIssue {
  path: string
  code: string
  message: string
}

const PROTOCOLS = ['NitroRPC/0.2', 'NitroRPC/0.4']

/**
 * Checks a definition with the ClearNode's rules (protocol, ≥ 2 participants, one weight each,
 * non-negative weights, 1 ≤ quorum ≤ Σ weights, non-zero nonce) plus checksummed, unique
 * addresses other than the zero address (nobody can sign for it).
 * Messages use the node's wording where the node has one.
 */
export function validateDefinition(d: Partial<AppDefinition>): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const participants = d.participants ?? []
  const weights = d.weights ?? []
  if (typeof d.application !== 'string')
    issues.push({ path: 'application', code: 'required', message: 'Application is required.' })
  if (!d.protocol || !PROTOCOLS.includes(d.protocol)) {
    issues.push({
      path: 'protocol',
      code: 'unsupported_protocol',
      message: `unsupported protocol: ${d.protocol ?? ''}`,
    })
  }
  if (participants.length < 2) {
    issues.push({
      path: 'participants',
      code: 'too_few_participants',
      message: 'invalid number of participants',
    })
  }
  const seen = new Map<string, number>()
  participants.forEach((p, i) => {
    if (!isAddress(p, { strict: false })) {
      issues.push({
        path: `participants.${i}`,
        code: 'invalid_address',
        message: 'Not an address (0x followed by 40 hex digits).',
      })
      return
    }
    if (/^0x0{40}$/.test(p)) {
      // Nobody holds its key: it can never sign, and what is allocated to it is lost at close.
      issues.push({
        path: `participants.${i}`,
        code: 'zero_address',
        message: 'The zero address (0x000…000) cannot sign for anything: not a participant.',
      })
      return
    }
    if (getAddress(p) !== p) {
      issues.push({
        path: `participants.${i}`,
        code: 'not_checksummed',
        message: `Use the checksummed form ${getAddress(p)}: the node compares addresses case-sensitively.`,
      })
    }
    const key = p.toLowerCase()
    const first = seen.get(key)
    if (first !== undefined) {
      issues.push({
        path: `participants.${i}`,
        code: 'duplicate_participant',
        message: `Same address as participant ${first + 1}.`,
      })
    } else seen.set(key, i)
  })
  if (weights.length !== participants.length) {
    issues.push({
      path: 'weights',
      code: 'weights_mismatch',
      message: 'number of weights must be equal to participants',
    })
  }
  weights.forEach((w, i) => {
    if (!Number.isInteger(w))
      issues.push({
        path: `weights.${i}`,
        code: 'invalid_weight',
        message: 'Weight must be a whole number.',
      })
    else if (w < 0) {
      issues.push({
        path: `weights.${i}`,
        code: 'negative_weight',
        message: `participant ${participants[i] ?? i} weight cannot be negative`,
      })
    }
  })
  const sum = weights.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0)
  const quorum = d.quorum
  if (quorum === undefined || !Number.isInteger(quorum) || quorum < 1) {
    // Quorum 0 would let anyone change or close the session without a signature.
    issues.push({
      path: 'quorum',
      code: 'invalid_quorum',
      message: 'Quorum must be a whole number ≥ 1.',
    })
  } else if (quorum > sum) {
    issues.push({
      path: 'quorum',
      code: 'quorum_too_high',
      message: `target quorum (${quorum}) cannot be greater than total sum of weights (${sum})`,
    })
  }
  if (d.challenge !== undefined && (!Number.isInteger(d.challenge) || d.challenge < 0)) {
    issues.push({
      path: 'challenge',
      code: 'invalid_challenge',
      message: 'Challenge must be a whole number of seconds ≥ 0.',
    })
  }
  if (!d.nonce)
    issues.push({ path: 'nonce', code: 'zero_nonce', message: 'nonce is zero or not provided' })
  else if (!Number.isSafeInteger(d.nonce) || d.nonce < 0)
    issues.push({
      path: 'nonce',
      code: 'invalid_nonce',
      message: 'Nonce must be a positive whole number.',
    })
  return issues
}

/** Context for {@link validateAllocations}. */
export interface AllocationContext {
  /**
   * `create`: what each participant commits; `operate`/`close`: the new distribution of the
   * session's funds (totals conserved); `deposit`/`withdraw`: the new holdings after adding to
   * or taking from the session (no row may move the other way, at least one must change).
   */
  mode: 'create' | 'operate' | 'close' | 'deposit' | 'withdraw'
  definition?: Pick<AppDefinition, 'participants'>
  /** Decimals per asset symbol (from `get_assets`). Unknown assets use 18. */
  decimals?: DecimalsByAsset
  /** The session's current allocations (operate/close): totals to conserve. */
  current?: readonly Allocation[]
  /** Available unified balance of `self` (create). */
  balances?: readonly Balance[]
  /** Remaining session-key allowance of `self` (create). */
  allowances?: readonly Allowance[]
  /** The wallet whose `balances`/`allowances` are given. */
  self?: string
}

/**
 * Checks allocations with the node's rules: exact decimal amounts (no negatives or
 * over-precision for the asset), participants of the definition, and per mode: balances and
 * allowance on create; exact per-asset conservation against `current` on operate and close,
 * with every funded holder listed.
 */
export function validateAllocations(
  allocations: readonly Allocation[],
  ctx: AllocationContext,
): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const dec = (asset: string) => ctx.decimals?.[asset] ?? 18
  const sums = new Map<string, bigint>()
  const selfTotals = new Map<string, bigint>()
  const rows = new Set<string>()
  allocations.forEach((a, i) => {
    const row = `${String(a.participant).toLowerCase()}|${a.asset}`
    if (rows.has(row))
      issues.push({
        path: `allocations.${i}`,
        code: 'duplicate_row',
        message: `${a.participant} has more than one ${a.asset} row: list each participant and asset once.`,
      })
    rows.add(row)
    if (!a.asset)
      issues.push({
        path: `allocations.${i}.asset`,
        code: 'required',
        message: 'Asset is required.',
      })
    if (ctx.definition && !ctx.definition.participants.includes(a.participant)) {
      issues.push({
        path: `allocations.${i}.participant`,
        code: 'non_participant',
        message: `allocation to non-participant ${a.participant}`,
      })
    }
    let amount: bigint
    try {
      amount = parseAmount(a.amount, dec(a.asset))
    } catch (e) {
      issues.push({
        path: `allocations.${i}.amount`,
        code: e instanceof AmountError ? `amount_${e.code}` : 'amount_invalid',
        message: e instanceof AmountError ? e.shortMessage : String(e),
      })
      return
    }
    sums.set(a.asset, (sums.get(a.asset) ?? 0n) + amount)
    if (
      ctx.mode === 'create' &&
      ctx.self &&
      a.participant.toLowerCase() === ctx.self.toLowerCase()
    ) {
      const total = (selfTotals.get(a.asset) ?? 0n) + amount
      selfTotals.set(a.asset, total)
      if (ctx.balances) {
        const bal = ctx.balances.find((b) => b.asset === a.asset)
        const available = bal ? parseAmount(bal.amount, dec(a.asset)) : 0n
        if (total > available) {
          issues.push({
            path: `allocations.${i}.amount`,
            code: 'insufficient_funds',
            message: `insufficient funds: ${a.participant} for asset ${a.asset}`,
          })
        }
      }
      if (ctx.allowances) {
        const al = ctx.allowances.find((x) => x.asset === a.asset)
        const cap = al ? parseAmount(al.amount, dec(a.asset)) : 0n
        if (total > cap) {
          issues.push({
            path: `allocations.${i}.amount`,
            code: 'allowance_exceeded',
            message: al
              ? `Exceeds the session allowance of ${al.amount} ${a.asset}.`
              : `The session key has no allowance for ${a.asset}.`,
          })
        }
      }
    }
  })
  if ((ctx.mode === 'deposit' || ctx.mode === 'withdraw') && ctx.current)
    issues.push(...checkDirection(allocations, ctx.current, ctx.mode, dec))
  if ((ctx.mode === 'operate' || ctx.mode === 'close') && ctx.current) {
    const totals = new Map<string, bigint>()
    const holders = new Map<string, bigint>()
    for (const c of ctx.current) {
      const v = parseAmount(c.amount, dec(c.asset))
      totals.set(c.asset, (totals.get(c.asset) ?? 0n) + v)
      const k = `${c.participant.toLowerCase()}|${c.asset}`
      holders.set(k, (holders.get(k) ?? 0n) + v)
    }
    for (const asset of new Set([...totals.keys(), ...sums.keys()])) {
      const total = totals.get(asset)
      const sum = sums.get(asset)
      if (total === undefined) {
        if (sum)
          issues.push({
            path: 'allocations',
            code: 'unknown_asset',
            message: `allocation references unknown asset ${asset}`,
          })
      } else if (total === 0n && sum) {
        issues.push({
          path: 'allocations',
          code: 'asset_not_deposited',
          message: `asset ${asset} is not deposited into the app session. Please deposit the asset first`,
        })
      } else if (total !== (sum ?? 0n)) {
        issues.push({
          path: 'allocations',
          code: 'not_conserved',
          message: `asset ${asset} not fully redistributed`,
        })
      }
    }
    for (const [k, v] of holders) {
      if (v === 0n) continue
      const [who, asset] = k.split('|') as [string, string]
      if (!allocations.some((a) => a.asset === asset && a.participant.toLowerCase() === who)) {
        issues.push({
          path: 'allocations',
          code: 'holder_missing',
          message: `List every holder: ${who} holds ${asset} in this session.`,
        })
      }
    }
  }
  return issues
}

/** Holdings by `participant|asset` (lower-case participant); unparsable amounts count as 0. */
function holdingsOf(
  allocations: readonly Allocation[],
  dec: (asset: string) => number,
): Map<string, bigint> {
  const out = new Map<string, bigint>()
  for (const a of allocations) {
    let v = 0n
    try {
      v = parseAmount(a.amount, dec(a.asset))
    } catch {}
    const k = `${String(a.participant).toLowerCase()}|${a.asset}`
    out.set(k, (out.get(k) ?? 0n) + v)
  }
  return out
}

/** `deposit` only raises holdings, `withdraw` only lowers them; an unlisted holder keeps theirs. */
function checkDirection(
  allocations: readonly Allocation[],
  current: readonly Allocation[],
  mode: 'deposit' | 'withdraw',
  dec: (asset: string) => number,
): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const before = holdingsOf(current, dec)
  const after = holdingsOf(allocations, dec)
  let changed = false
  for (const [k, v] of after) {
    const was = before.get(k) ?? 0n
    if (v !== was) changed = true
    if (mode === 'deposit' ? v < was : v > was) {
      const [who, asset] = k.split('|') as [string, string]
      issues.push({
        path: 'allocations',
        code: mode === 'deposit' ? 'deposit_decreases' : 'withdraw_increases',
        message:
          mode === 'deposit'
            ? `A deposit cannot lower ${who}'s ${asset}.`
            : `A withdrawal cannot raise ${who}'s ${asset}.`,
      })
    }
  }
  if (!changed)
    issues.push({
      path: 'allocations',
      code: 'no_change',
      message: `This ${mode === 'deposit' ? 'deposit' : 'withdrawal'} changes nothing.`,
    })
  return issues
}

/** Whose signatures a request needs: a weight per wallet and the total weight to reach. */
export interface SignerRequirement {
  signers: { wallet: string; weight: number }[]
  /** Weight to reach. On create every funder must sign (weight 1 each, threshold = their count). */
  threshold: number
  kind: 'funders' | 'quorum'
}

/** Create: every participant with a non-zero allocation. Submit/close: weights reaching the quorum. */
export function requiredSigners(
  definition: Pick<AppDefinition, 'participants' | 'weights' | 'quorum'>,
  allocations: readonly Allocation[],
  mode: 'create' | 'operate' | 'close' | 'deposit' | 'withdraw',
  decimals: DecimalsByAsset = {},
): SignerRequirement {
  if (mode === 'create') {
    const funders: string[] = []
    for (const a of allocations) {
      let v = 0n
      try {
        v = parseAmount(a.amount, decimals[a.asset] ?? 18)
      } catch {
        v = 0n
      }
      if (v > 0n && !funders.includes(a.participant)) funders.push(a.participant)
    }
    return {
      signers: funders.map((wallet) => ({ wallet, weight: 1 })),
      threshold: funders.length,
      kind: 'funders',
    }
  }
  return {
    signers: definition.participants.map((wallet, i) => ({
      wallet,
      weight: definition.weights[i] ?? 0,
    })),
    threshold: definition.quorum,
    kind: 'quorum',
  }
}
