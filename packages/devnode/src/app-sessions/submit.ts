import type { Address } from 'viem'
import { activeKey, checkCap } from '../auth/session-keys.js'
import type { SessionKeyRow, Store } from '../db/store.js'
import { escrowPos, norm, sessionPos, walletPos } from '../ledger/positions.js'
import { type Handler, type Outbox, RpcError } from '../rpc/context.js'
import { obj, str, uint } from '../rpc/params.js'
import { appliedRequest, checkStateChangeTime } from '../rpc/timestamps.js'
import { stateResponse } from '../rpc/wire.js'
import { Dec, formatDecimal } from '../util/decimal.js'
import { type Allocation, parseAllocations, parseSessionData } from './parse.js'
import {
  assetTotals,
  checkOrder,
  checkQuorum,
  checkRowSet,
  checkRows,
  completeness,
  conservation,
  type Holdings,
  holdings,
  openSession,
  requestSigners,
} from './rules.js'

/** What one submit intent works on; it runs inside the request's database transaction. */
export interface IntentInput {
  store: Store
  /** Broker address: the participant of the session's escrow position. */
  broker: string
  id: string
  rows: Allocation[]
  signers: Address[]
  participants: string[]
  /** Session balances before the change. */
  before: Holdings
  out: Outbox
}

/** Error prefix of each intent's quorum failure. */
function quorumPrefix(intent: string): string {
  if (intent === 'deposit') return 'incorrect deposit request'
  if (intent === 'withdraw') return 'incorrect withdrawal request'
  return 'incorrect submit_state request'
}

function current(before: Holdings, participant: string, asset: string): Dec {
  return before.get(norm(participant))?.get(asset) ?? new Dec(0)
}

/** `deposit`: rows may only grow; each increase comes from the depositor's unified balance. */
export function deposit(i: IntentInput): void {
  const { store, id, signers, out } = i
  checkRowSet(i.rows, i.participants)
  let increased = false
  for (const r of i.rows) {
    if (!i.participants.includes(r.participant))
      throw new RpcError(`allocation to non-participant ${r.participant}`)
    const cur = current(i.before, r.participant, r.asset)
    if (r.amount.lt(cur))
      throw new RpcError(
        `incorrect deposit request: decreased allocation for participant ${r.participant}`,
      )
    if (r.amount.eq(cur)) continue
    increased = true
    const delta = r.amount.minus(cur)
    let key: SessionKeyRow | undefined
    if (!signers.includes(r.participant as Address)) {
      key = signers.map((x) => activeKey(store, x)).find((k) => k?.wallet === r.participant)
      if (!key) throw new RpcError('incorrect deposit request: depositor signature is required')
    }
    const who = norm(r.participant)
    if (store.balance(who, who, r.asset).lt(delta))
      throw new RpcError('incorrect deposit request: insufficient unified balance')
    if (key) checkCap(store, key, r.asset, delta, 'session key spending validation failed: ')
    store.move({
      from: walletPos(who),
      to: sessionPos(id, who),
      asset: r.asset,
      amount: delta,
      txType: 'app_deposit',
      sessionKey: key?.id,
    })
    out.bu(r.participant)
  }
  if (!increased)
    throw new RpcError('incorrect deposit request: non-positive allocations sum delta')
}

/** `withdraw`: rows may only shrink; each decrease goes back to the unified balance. */
export function withdraw(i: IntentInput): void {
  const { store, id, out } = i
  checkRowSet(i.rows, i.participants)
  let decreased = false
  for (const r of i.rows) {
    if (!i.participants.includes(r.participant))
      throw new RpcError(`allocation to non-participant ${r.participant}`)
    if (r.amount.isNegative())
      throw new RpcError(`negative allocation: ${formatDecimal(r.amount)} for asset ${r.asset}`)
    const cur = current(i.before, r.participant, r.asset)
    if (r.amount.gt(cur))
      throw new RpcError(
        `incorrect withdrawal request: increased allocation for participant ${r.participant}`,
      )
    if (r.amount.eq(cur)) continue
    decreased = true
    const who = norm(r.participant)
    store.move({
      from: sessionPos(id, who),
      to: walletPos(who),
      asset: r.asset,
      amount: cur.minus(r.amount),
      txType: 'app_withdrawal',
    })
    out.bu(r.participant)
  }
  if (!decreased)
    throw new RpcError('incorrect withdrawal request: non-negative allocations sum delta')
}

/** `operate` (and NitroRPC/0.2 submits): a full redistribution conserving every asset. */
export function operate(i: IntentInput): void {
  checkRows(i.rows, i.participants)
  const reason = conservation(assetTotals(i.before), i.rows) ?? completeness(i.before, i.rows)
  if (reason)
    throw new RpcError(`incorrect operate request: non-zero allocations sum delta: ${reason}`)
  redistribute(i)
}

/** Sets the session's balances to the listed rows (conservation already checked). */
function redistribute({ store, broker, id, before, rows }: IntentInput): void {
  const target = new Map<string, Dec>()
  for (const r of rows) {
    const k = `${norm(r.participant)}|${r.asset}`
    target.set(k, (target.get(k) ?? new Dec(0)).plus(r.amount))
  }
  // Move decreases into a transient escrow, then increases out of it: the ledger stays balanced.
  // These rows are internal (INTERNAL_TX_TYPES): like Go, an operate lists no transaction.
  const escrow = escrowPos(id, broker)
  const ups: [string, string, Dec][] = []
  for (const [k, amt] of target) {
    const [who, asset] = k.split('|') as [string, string]
    const cur = before.get(who)?.get(asset) ?? new Dec(0)
    if (amt.lt(cur))
      store.move({
        from: sessionPos(id, who),
        to: escrow,
        asset,
        amount: cur.minus(amt),
        txType: 'escrow_lock',
      })
    else if (amt.gt(cur)) ups.push([who, asset, amt.minus(cur)])
  }
  for (const [who, asset, delta] of ups)
    store.move({
      from: escrow,
      to: sessionPos(id, who),
      asset,
      amount: delta,
      txType: 'escrow_unlock',
    })
}

const INTENTS: Record<string, (i: IntentInput) => void> = {
  '': operate,
  operate,
  deposit,
  withdraw,
}

/**
 * `submit_app_state`: a new session state by quorum (0.4: versioned, with an intent). The
 * signers are recovered first; every check of the session (status, version, order, quorum,
 * rows, balances) and the write then run in one synchronous database transaction, so a
 * request racing from another socket sees either the state before or the state after.
 */
export const submitAppState: Handler = async (ctx, _conn, frame, out) => {
  checkStateChangeTime(frame.ts)
  const p = obj(frame.params)
  const id = str(p.app_session_id)
  const rows = parseAllocations(p.allocations)
  const intent = str(p.intent)
  const version = uint(p.version)
  const sessionData = parseSessionData(p.session_data)
  const { store } = ctx
  const broker = ctx.broker.address
  const request = appliedRequest(frame)
  const signers = await requestSigners(ctx, frame)
  const updated = store.tx(() => {
    const s = openSession(store, id)
    if (s.protocol === 'NitroRPC/0.4') {
      if (version !== s.version + 1)
        throw new RpcError(
          `incorrect app state: incorrect version: expected ${s.version + 1}, got ${version}`,
        )
    } else if (intent !== '' || version !== 0) {
      throw new RpcError(
        'incorrect request: specified parameters are not supported in this protocol',
      )
    }
    checkOrder(s, request)
    const { participants } = checkQuorum(store, signers, s, quorumPrefix(intent))
    const apply = Object.hasOwn(INTENTS, intent) ? INTENTS[intent] : undefined
    if (!apply) throw new RpcError(`incorrect app state: unsupported intent: ${intent}`)
    const before = holdings(store, broker, id)
    apply({ store, broker, id, rows, signers, participants, before, out })
    store.updateSession(id, s.version + 1, 'open', sessionData ?? s.session_data, request)
    return store.session(id)!
  })
  out.asu.push(updated)
  return stateResponse(id, updated.version, 'open')
}
