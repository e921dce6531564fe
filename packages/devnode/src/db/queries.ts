import type Database from 'better-sqlite3'
import { Dec, formatDecimal } from '../util/decimal.js'
import {
  ACCOUNT_TYPE,
  type AppSessionRow,
  INTERNAL_TX_TYPES,
  type LedgerEntryQuery,
  type LedgerEntryRow,
  type SessionQuery,
  type TransactionQuery,
  type TransactionRow,
} from './rows.js'

/** A `WHERE …` clause (or nothing) from the collected conditions. */
function where(conditions: string[]): string {
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''
}

/** Ledger entries matching `q`, newest first. */
export function listLedgerEntries(db: Database.Database, q: LedgerEntryQuery): LedgerEntryRow[] {
  const conditions: string[] = []
  const args: unknown[] = []
  if (q.accountId) {
    conditions.push('account_id = ?')
    args.push(q.accountId)
  }
  if (q.asset) {
    conditions.push('asset = ?')
    args.push(q.asset)
  }
  if (q.participant) {
    conditions.push('participant = ?')
    args.push(q.participant)
  }
  if (q.escrowParticipant) {
    conditions.push('NOT (account_type = ? AND participant = ?)')
    args.push(ACCOUNT_TYPE.appSession, q.escrowParticipant)
  }
  return db
    .prepare(
      `SELECT id, account_id, account_type, asset, participant, credit, debit, created_at FROM ledger_entries ${where(conditions)} ORDER BY id DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, q.limit, q.offset) as LedgerEntryRow[]
}

/**
 * Transactions matching `q`, by id in `q.sort` order, with the user tags of their accounts
 * (matched by exact string, as Go's join does; `null` when the account has none).
 * {@link INTERNAL_TX_TYPES} are never listed.
 */
export function listTransactions(db: Database.Database, q: TransactionQuery): TransactionRow[] {
  const conditions = [`t.tx_type NOT IN (${INTERNAL_TX_TYPES.map(() => '?').join(', ')})`]
  const args: unknown[] = [...INTERNAL_TX_TYPES]
  if (q.account) {
    conditions.push('(t.from_account = ? OR t.to_account = ?)')
    args.push(q.account, q.account)
  }
  if (q.asset) {
    conditions.push('t.asset = ?')
    args.push(q.asset)
  }
  if (q.txType) {
    conditions.push('t.tx_type = ?')
    args.push(q.txType)
  }
  return db
    .prepare(
      `SELECT t.*, ft.tag AS from_account_tag, tt.tag AS to_account_tag FROM transactions t LEFT JOIN user_tags ft ON ft.wallet = t.from_account LEFT JOIN user_tags tt ON tt.wallet = t.to_account ${where(conditions)} ORDER BY t.id ${q.sort === 'asc' ? 'ASC' : 'DESC'} LIMIT ? OFFSET ?`,
    )
    .all(...args, q.limit, q.offset) as TransactionRow[]
}

/** App sessions matching `q`, by last change (`seq`) in `q.sort` order. */
export function listSessions(db: Database.Database, q: SessionQuery): AppSessionRow[] {
  const conditions: string[] = []
  const args: unknown[] = []
  if (q.participant) {
    conditions.push('EXISTS (SELECT 1 FROM json_each(app_sessions.participants) WHERE value = ?)')
    args.push(q.participant)
  }
  if (q.status) {
    conditions.push('status = ?')
    args.push(q.status)
  }
  const sql = `SELECT * FROM app_sessions ${where(conditions)} ORDER BY seq ${q.sort === 'asc' ? 'ASC' : 'DESC'} LIMIT ? OFFSET ?`
  return db.prepare(sql).all(...args, q.limit, q.offset) as AppSessionRow[]
}

/** Sum of every balance of accounts that are not custody (wallets, app sessions), per asset. */
export function nonCustodyTotals(db: Database.Database): Record<string, string> {
  const rows = db
    .prepare(
      'SELECT asset, amount FROM balances WHERE account_id IN (SELECT DISTINCT account_id FROM ledger_entries WHERE account_type != 0)',
    )
    .all() as { asset: string; amount: string }[]
  const out: Record<string, Dec> = {}
  for (const r of rows) out[r.asset] = (out[r.asset] ?? new Dec(0)).plus(r.amount)
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, formatDecimal(v)]))
}

/** The largest session-key row id (0 when there is none). */
export function maxSessionKeyId(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(id) AS id FROM session_keys').get() as { id: number | null }
  return row.id ?? 0
}
