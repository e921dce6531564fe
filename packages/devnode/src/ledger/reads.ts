import type { Handler } from '../rpc/context.js'
import { cappedLimit, nonEmpty, optional, positive } from '../rpc/params.js'
import { txJson } from '../rpc/wire.js'
import { norm } from './positions.js'

/** `get_user_tag`: the caller's tag, created on first use. */
export const getUserTag: Handler = (ctx, conn) => ({ tag: ctx.store.keys.ensureTag(conn.wallet!) })

/** `get_ledger_balances`: the caller's balances in its own or another account. */
export const getLedgerBalances: Handler = (ctx, conn, frame) => {
  const p = optional(frame.params)
  const accountId = nonEmpty(p.account_id)
  const me = norm(conn.wallet!)
  if (!accountId || norm(accountId) === me) return { ledger_balances: ctx.store.balancesOf(me, me) }
  return { ledger_balances: ctx.store.balancesOf(accountId, me) }
}

/** `get_ledger_entries`: double-entry rows, newest first (limit ≤ 1000, default 100). */
export const getLedgerEntries: Handler = (ctx, _conn, frame) => {
  const p = optional(frame.params)
  const account = nonEmpty(p.account_id)
  const wallet = nonEmpty(p.wallet)
  const rows = ctx.store.ledgerEntries({
    accountId: account ? norm(account) : undefined,
    asset: nonEmpty(p.asset),
    participant: wallet ? norm(wallet) : undefined,
    escrowParticipant: ctx.broker.address,
    limit: cappedLimit(p.limit, 1000, 100),
    offset: positive(p.offset, 0),
  })
  return { ledger_entries: rows }
}

/** `get_ledger_transactions`: transactions touching an account (limit ≤ 100, default 10). */
export const getLedgerTransactions: Handler = (ctx, _conn, frame) => {
  const p = optional(frame.params)
  const account = nonEmpty(p.account_id)
  const rows = ctx.store.transactions({
    account: account ? norm(account) : undefined,
    asset: nonEmpty(p.asset),
    txType: nonEmpty(p.tx_type),
    limit: cappedLimit(p.limit, 100, 10),
    offset: positive(p.offset, 0),
    sort: p.sort === 'asc' ? 'asc' : 'desc',
  })
  return { ledger_transactions: rows.map(txJson) }
}
