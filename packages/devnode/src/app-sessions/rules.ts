import type { Address } from 'viem'
import { activeKey, walletOf } from '../auth/session-keys.js'
import type { AppliedRequest, AppSessionRow, Store } from '../db/store.js'
import { norm } from '../ledger/positions.js'
import { type RpcContext, RpcError } from '../rpc/context.js'
import { recoverSigners } from '../util/crypto.js'
import { Dec, formatDecimal } from '../util/decimal.js'
import type { RequestFrame } from '../util/envelope.js'
import type { Allocation } from './parse.js'

/** Session balances: participant (ledger key) → asset → amount. */
export type Holdings = Map<string, Map<string, Dec>>

/** Every signer of the request, or `failed to get signers from RPC message`. */
export async function requestSigners(ctx: RpcContext, frame: RequestFrame): Promise<Address[]> {
  try {
    return await recoverSigners(frame.reqRaw, frame.sigs, ctx.broker.engine)
  } catch {
    throw new RpcError('failed to get signers from RPC message')
  }
}

/**
 * Quorum over distinct signing wallets; every signer must map to a participant, and
 * session-key signers must be active and scoped to the session's application. Synchronous, so
 * it runs inside the transaction that writes the new state. A session created with quorum 0
 * (before the devnode refused it) still needs one participant's signature.
 */
export function checkQuorum(
  store: Store,
  signers: Address[],
  s: AppSessionRow,
  prefix: string,
): { wallets: Set<string>; participants: string[] } {
  const participants = JSON.parse(s.participants) as string[]
  const weights = JSON.parse(s.weights) as number[]
  const wallets = new Set<string>()
  for (const signer of signers) {
    const w = walletOf(store, signer)
    if (!participants.includes(w))
      throw new RpcError(`signature from unknown participant wallet ${w}`)
    wallets.add(w)
  }
  let sum = 0
  for (const w of wallets) sum += weights[participants.indexOf(w)] ?? 0
  if (sum < s.quorum) throw new RpcError(`${prefix}: quorum not reached: ${sum} / ${s.quorum}`)
  if (wallets.size === 0)
    throw new RpcError(`${prefix}: quorum not reached: no participant signature`)
  for (const signer of signers) {
    if (participants.includes(signer)) continue
    const k = activeKey(store, signer)
    if (!k)
      throw new RpcError(
        `failed to get session key for signer ${signer}: session key not found or expired`,
      )
    if (k.application !== 'clearnode' && k.application !== s.application) {
      throw new RpcError(
        `session key application validation failed for signer ${signer}: session key application mismatch: session key is for '${k.application}', but app session is for '${s.application}'`,
      )
    }
  }
  return { wallets, participants }
}

/**
 * Refuses a request older than the session's last applied one, so no earlier signature (a
 * close included: a close carries no version) can be replayed over a later state, and the
 * exact request applied last. Call inside the transaction that writes the new state.
 */
export function checkOrder(s: AppSessionRow, request: AppliedRequest): void {
  if (s.last_request_hash === request.hash)
    throw new RpcError('operation denied: the request has already been processed')
  if (request.ts <= s.last_request_ts)
    throw new RpcError(
      `stale state: request timestamp ${request.ts} is not newer than the session's last applied state (${s.last_request_ts})`,
    )
}

/** The open session with this id, or `an open app session not found: …`. */
export function openSession(store: Store, id: string): AppSessionRow {
  const s = id ? store.session(id) : undefined
  if (s?.status !== 'open') throw new RpcError('an open app session not found: record not found')
  return s
}

/** Current session balances, the broker's escrow position excluded. */
export function holdings(store: Store, broker: string, id: string): Holdings {
  const out: Holdings = new Map()
  for (const r of store.accountBalances(id)) {
    if (r.participant === broker) continue
    let m = out.get(r.participant)
    if (!m) {
      m = new Map()
      out.set(r.participant, m)
    }
    m.set(r.asset, new Dec(r.amount))
  }
  return out
}

/** The session total per asset. */
export function assetTotals(h: Holdings): Map<string, Dec> {
  const t = new Map<string, Dec>()
  for (const m of h.values())
    for (const [asset, v] of m) t.set(asset, (t.get(asset) ?? new Dec(0)).plus(v))
  return t
}

/**
 * Refuses rows for non-participants (exact string, as Go) and a second row for the same
 * (participant, asset): the ledger is case-insensitive, so `0xAb…` and `0xab…` are the same.
 * With `negative`, a negative row is refused first (operate, close), row by row.
 */
export function checkRowSet(
  rows: Allocation[],
  participants: string[],
  opts: { negative?: boolean } = {},
): void {
  const seen = new Set<string>()
  for (const r of rows) {
    if (opts.negative && r.amount.isNegative())
      throw new RpcError(`negative allocation: ${formatDecimal(r.amount)} for asset ${r.asset}`)
    if (!participants.includes(r.participant))
      throw new RpcError(`allocation to non-participant ${r.participant}`)
    const key = `${norm(r.participant)}|${r.asset}`
    if (seen.has(key))
      throw new RpcError(
        `duplicate allocation for participant ${r.participant} and asset ${r.asset}`,
      )
    seen.add(key)
  }
}

/** Refuses negative rows, rows for non-participants and repeated rows (operate, close). */
export function checkRows(rows: Allocation[], participants: string[]): void {
  checkRowSet(rows, participants, { negative: true })
}

/** The conservation reason for one asset, or undefined when the rows match the session total. */
export function conservation(
  totals: Map<string, Dec>,
  rows: { asset: string; amount: Dec }[],
): string | undefined {
  const sums = new Map<string, Dec>()
  for (const r of rows) sums.set(r.asset, (sums.get(r.asset) ?? new Dec(0)).plus(r.amount))
  for (const [asset, sum] of sums) {
    const total = totals.get(asset)
    if (total === undefined)
      return sum.isZero() ? undefined : `allocation references unknown asset ${asset}`
    if (total.isZero() && !sum.isZero())
      return `asset ${asset} is not deposited into the app session. Please deposit the asset first`
    if (!total.eq(sum)) return `asset ${asset} not fully redistributed`
  }
  for (const [asset, total] of totals) {
    if (!total.isZero() && !sums.has(asset)) return `asset ${asset} not fully redistributed`
  }
  return undefined
}

/**
 * Refuses the Go quirk where a funded holder left out of an operate/close keeps its balance
 * while the listed rows still match the total (value created from nothing).
 */
export function completeness(
  before: Holdings,
  rows: { participant: string; asset: string }[],
): string | undefined {
  for (const [participant, m] of before) {
    for (const [asset, v] of m) {
      if (v.isZero()) continue
      if (!rows.some((r) => r.asset === asset && norm(r.participant) === participant)) {
        return `asset ${asset} not fully redistributed: allocation for participant ${participant} is missing`
      }
    }
  }
  return undefined
}
