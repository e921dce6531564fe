// The ledger invariant, read straight from the node's SQLite file (not through the node, which
// could be the thing that is wrong). Plain functions without Vitest, so `pnpm fuzz` uses them too.
import Database from 'better-sqlite3'
import { Dec } from '../src/util/decimal.js'

/** A read of the ledger straight from the node's SQLite file. */
export interface LedgerSnapshot {
  /** Every non-custody balance row: account, participant, asset, amount. */
  balances: { account_id: string; participant: string; asset: string; amount: string }[]
  /** Every app session's id and status. */
  sessions: { app_session_id: string; status: string; version: number }[]
  /** Custody balances per asset (what the faucet minted, negated). */
  custody: Record<string, string>
}

/** Reads every balance and session from the devnode database file at `dbPath`. */
export function readLedger(dbPath: string): LedgerSnapshot {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true })
  try {
    const custodyAccounts = new Set(
      (
        db
          .prepare('SELECT DISTINCT account_id FROM ledger_entries WHERE account_type = 0')
          .all() as { account_id: string }[]
      ).map((r) => r.account_id),
    )
    const all = db
      .prepare('SELECT account_id, participant, asset, amount FROM balances')
      .all() as LedgerSnapshot['balances']
    const custody: Record<string, Dec> = {}
    const balances: LedgerSnapshot['balances'] = []
    for (const r of all) {
      if (custodyAccounts.has(r.account_id) && r.participant === r.account_id) {
        custody[r.asset] = (custody[r.asset] ?? new Dec(0)).plus(r.amount)
      } else balances.push(r)
    }
    const sessions = db
      .prepare('SELECT app_session_id, status, version FROM app_sessions')
      .all() as LedgerSnapshot['sessions']
    return {
      balances,
      sessions,
      custody: Object.fromEntries(Object.entries(custody).map(([k, v]) => [k, v.toFixed()])),
    }
  } finally {
    db.close()
  }
}

/**
 * What breaks the ledger invariant, one sentence each (empty when it holds): a balance below
 * zero, accounts that do not sum to what was `minted` per asset (custody holding its negative),
 * or a closed session that still holds funds.
 */
export function ledgerViolations(dbPath: string, minted: Record<string, string>): string[] {
  const l = readLedger(dbPath)
  const out: string[] = []
  for (const b of l.balances)
    if (new Dec(b.amount).isNegative())
      out.push(`negative balance: ${b.account_id} holds ${b.amount} ${b.asset}`)
  const sums: Record<string, Dec> = {}
  for (const b of l.balances) sums[b.asset] = (sums[b.asset] ?? new Dec(0)).plus(b.amount)
  for (const asset of new Set([...Object.keys(sums), ...Object.keys(minted)])) {
    const sum = sums[asset] ?? new Dec(0)
    const want = new Dec(minted[asset] ?? 0)
    if (!sum.eq(want)) out.push(`accounts hold ${sum.toFixed()} ${asset}, minted ${want.toFixed()}`)
    const custody = new Dec(l.custody[asset] ?? 0)
    if (!custody.negated().eq(want))
      out.push(`custody holds ${custody.toFixed()} ${asset}, expected -${want.toFixed()}`)
  }
  const closed = new Set(
    l.sessions.filter((s) => s.status === 'closed').map((s) => s.app_session_id),
  )
  for (const b of l.balances)
    if (closed.has(b.account_id) && !new Dec(b.amount).isZero())
      out.push(`closed session ${b.account_id} still holds ${b.amount} ${b.asset}`)
  return out
}
