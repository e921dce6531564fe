import type Database from 'better-sqlite3'

/** Every SQL statement the {@link Store} runs, by name. */
const SQL = {
  balance: 'SELECT amount FROM balances WHERE account_id = ? AND participant = ? AND asset = ?',
  balancesOf:
    'SELECT asset, amount FROM balances WHERE account_id = ? AND participant = ? ORDER BY asset',
  accountBalances: 'SELECT participant, asset, amount FROM balances WHERE account_id = ?',
  spend: 'SELECT used FROM session_key_spend WHERE key_id = ? AND asset = ?',
  session: 'SELECT * FROM app_sessions WHERE app_session_id = ?',
  participants: 'SELECT participants FROM app_sessions WHERE app_session_id = ?',
  insertSession:
    'INSERT INTO app_sessions (app_session_id, application, protocol, participants, weights, quorum, challenge, nonce, version, status, session_data, created_at, updated_at, seq, last_request_ts, last_request_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (app_session_id) DO NOTHING',
  updateSession:
    'UPDATE app_sessions SET version = ?, status = ?, session_data = ?, updated_at = ?, seq = ?, last_request_ts = ?, last_request_hash = ? WHERE app_session_id = ?',
  keyByAddress: 'SELECT * FROM session_keys WHERE address = ? ORDER BY id DESC LIMIT 1',
  keysOfWallet: 'SELECT * FROM session_keys WHERE wallet = ? AND expires_at > ? ORDER BY id DESC',
  deleteKeys: 'DELETE FROM session_keys WHERE wallet = ? AND application = ?',
  insertKey:
    'INSERT INTO session_keys (address, wallet, application, allowances, scope, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  expireKey: 'UPDATE session_keys SET expires_at = ? WHERE id = ?',
  tagOf: 'SELECT tag FROM user_tags WHERE wallet = ?',
  walletOfTag: 'SELECT wallet FROM user_tags WHERE tag = ?',
  insertTag: 'INSERT INTO user_tags (wallet, tag) VALUES (?, ?)',
  meta: 'SELECT value FROM meta WHERE key = ?',
  setMeta:
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
} as const

/** The name of one of the store's statements. */
export type StatementName = keyof typeof SQL

/** Every statement the {@link Store} runs, prepared once per database. */
export function prepareStatements(
  db: Database.Database,
): Record<StatementName, Database.Statement> {
  const out = {} as Record<StatementName, Database.Statement>
  for (const name of Object.keys(SQL) as StatementName[]) out[name] = db.prepare(SQL[name])
  return out
}
