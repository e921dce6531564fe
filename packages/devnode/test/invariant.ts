// The ledger invariant every ledger, fault and fuzz test asserts, read straight from the node's
// SQLite file (not through the node, which could be the thing that is wrong).
import Database from 'better-sqlite3'
import { expect } from 'vitest'
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
 * The ledger invariant: every account balance is ≥ 0, the sum of all (non-custody) accounts
 * equals what the faucet minted (and the custody account's negative), and every closed
 * session's account is empty.
 */
export function assertLedgerInvariant(dbPath: string, minted: Record<string, string>): void {
  const l = readLedger(dbPath)
  const negative = l.balances.filter((b) => new Dec(b.amount).isNegative())
  expect(negative, 'no balance may be negative').toEqual([])
  const sums: Record<string, Dec> = {}
  for (const b of l.balances) sums[b.asset] = (sums[b.asset] ?? new Dec(0)).plus(b.amount)
  const nonZero = Object.fromEntries(
    Object.entries(sums)
      .filter(([, v]) => !v.isZero())
      .map(([k, v]) => [k, v.toFixed()]),
  )
  expect(nonZero, 'the accounts sum to what was minted').toEqual(minted)
  const minusCustody = Object.fromEntries(
    Object.entries(l.custody)
      .filter(([, v]) => !new Dec(v).isZero())
      .map(([k, v]) => [k, new Dec(v).negated().toFixed()]),
  )
  expect(minusCustody, 'custody holds the negative of what was minted').toEqual(minted)
  const closed = new Set(
    l.sessions.filter((s) => s.status === 'closed').map((s) => s.app_session_id),
  )
  const stranded = l.balances.filter((b) => closed.has(b.account_id) && !new Dec(b.amount).isZero())
  expect(stranded, 'closed sessions hold nothing').toEqual([])
}
