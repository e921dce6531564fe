import type Database from 'better-sqlite3'

/** The devnode's SQLite schema; every statement is idempotent (`IF NOT EXISTS`). */
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS balances (
  account_id TEXT NOT NULL, participant TEXT NOT NULL, asset TEXT NOT NULL, amount TEXT NOT NULL,
  PRIMARY KEY (account_id, participant, asset));
CREATE TABLE IF NOT EXISTS transactions (
  id INTEGER PRIMARY KEY AUTOINCREMENT, tx_type TEXT NOT NULL, from_account TEXT NOT NULL,
  to_account TEXT NOT NULL, asset TEXT NOT NULL, amount TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ledger_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT, tx_id INTEGER NOT NULL, account_id TEXT NOT NULL,
  account_type INTEGER NOT NULL, participant TEXT NOT NULL, asset TEXT NOT NULL,
  credit TEXT NOT NULL, debit TEXT NOT NULL, session_key TEXT, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS ledger_entries_account ON ledger_entries (account_id, asset);
CREATE TABLE IF NOT EXISTS app_sessions (
  app_session_id TEXT PRIMARY KEY, application TEXT NOT NULL, protocol TEXT NOT NULL,
  participants TEXT NOT NULL, weights TEXT NOT NULL, quorum INTEGER NOT NULL,
  challenge INTEGER NOT NULL, nonce INTEGER NOT NULL, version INTEGER NOT NULL,
  status TEXT NOT NULL, session_data TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  seq INTEGER NOT NULL, last_request_ts INTEGER NOT NULL DEFAULT 0, last_request_hash TEXT);
CREATE TABLE IF NOT EXISTS session_keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT, address TEXT NOT NULL, wallet TEXT NOT NULL,
  application TEXT NOT NULL, allowances TEXT NOT NULL, scope TEXT NOT NULL,
  expires_at INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS session_keys_address ON session_keys (address);
CREATE TABLE IF NOT EXISTS session_key_spend (
  key_id INTEGER NOT NULL, asset TEXT NOT NULL, used TEXT NOT NULL, PRIMARY KEY (key_id, asset));
CREATE TABLE IF NOT EXISTS user_tags (wallet TEXT PRIMARY KEY, tag TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`

/**
 * Columns added after the first release, with their definitions: `migrate` adds the missing
 * ones to a database file created by an older devnode (`CREATE TABLE IF NOT EXISTS` does not).
 */
const ADDED_COLUMNS: readonly { table: string; column: string; definition: string }[] = [
  // The timestamp and hash of the last request applied to a session (create, submit, close):
  // a later request must be newer, and the same request is not applied twice.
  { table: 'app_sessions', column: 'last_request_ts', definition: 'INTEGER NOT NULL DEFAULT 0' },
  { table: 'app_sessions', column: 'last_request_hash', definition: 'TEXT' },
]

/** Brings an existing database up to {@link SCHEMA}: adds the columns it lacks. */
export function migrate(db: Database.Database): void {
  for (const { table, column, definition } of ADDED_COLUMNS) {
    const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]
    if (!columns.some((c) => c.name === column))
      db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`)
  }
}
