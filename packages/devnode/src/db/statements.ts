import type Database from 'better-sqlite3'

/** Every statement the {@link Store} runs, prepared once per database. */
export function prepareStatements(db: Database.Database) {
  return {
    balance: db.prepare(
      'SELECT amount FROM balances WHERE account_id = ? AND participant = ? AND asset = ?',
    ),
    // Both positions of a move in one statement (the second row wins if they are the same).
    upsertBalances: db.prepare(
      'INSERT INTO balances (account_id, participant, asset, amount) VALUES (?, ?, ?, ?), (?, ?, ?, ?) ON CONFLICT (account_id, participant, asset) DO UPDATE SET amount = excluded.amount',
    ),
    balancesOf: db.prepare(
      'SELECT asset, amount FROM balances WHERE account_id = ? AND participant = ? ORDER BY asset',
    ),
    accountBalances: db.prepare(
      'SELECT participant, asset, amount FROM balances WHERE account_id = ?',
    ),
    insertTx: db.prepare(
      'INSERT INTO transactions (tx_type, from_account, to_account, asset, amount, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    // A move's debit and credit entry in one statement (ids in that order).
    insertEntries: db.prepare(
      'INSERT INTO ledger_entries (tx_id, account_id, account_type, participant, asset, credit, debit, session_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    spend: db.prepare('SELECT used FROM session_key_spend WHERE key_id = ? AND asset = ?'),
    upsertSpend: db.prepare(
      'INSERT INTO session_key_spend (key_id, asset, used) VALUES (?, ?, ?) ON CONFLICT (key_id, asset) DO UPDATE SET used = excluded.used',
    ),
    session: db.prepare('SELECT * FROM app_sessions WHERE app_session_id = ?'),
    participants: db.prepare('SELECT participants FROM app_sessions WHERE app_session_id = ?'),
    insertSession: db.prepare(
      'INSERT INTO app_sessions (app_session_id, application, protocol, participants, weights, quorum, challenge, nonce, version, status, session_data, created_at, updated_at, seq, last_request_ts, last_request_hash) VALUES (@app_session_id, @application, @protocol, @participants, @weights, @quorum, @challenge, @nonce, @version, @status, @session_data, @created_at, @updated_at, @seq, @last_request_ts, @last_request_hash)',
    ),
    updateSession: db.prepare(
      'UPDATE app_sessions SET version = ?, status = ?, session_data = ?, updated_at = ?, seq = ?, last_request_ts = ?, last_request_hash = ? WHERE app_session_id = ?',
    ),
    keyByAddress: db.prepare(
      'SELECT * FROM session_keys WHERE address = ? ORDER BY id DESC LIMIT 1',
    ),
    keysOfWallet: db.prepare(
      'SELECT * FROM session_keys WHERE wallet = ? AND expires_at > ? ORDER BY id DESC',
    ),
    deleteKeys: db.prepare('DELETE FROM session_keys WHERE wallet = ? AND application = ?'),
    insertKey: db.prepare(
      'INSERT INTO session_keys (address, wallet, application, allowances, scope, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    expireKey: db.prepare('UPDATE session_keys SET expires_at = ? WHERE id = ?'),
    tagOf: db.prepare('SELECT tag FROM user_tags WHERE wallet = ?'),
    walletOfTag: db.prepare('SELECT wallet FROM user_tags WHERE tag = ?'),
    insertTag: db.prepare('INSERT INTO user_tags (wallet, tag) VALUES (?, ?)'),
    meta: db.prepare('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
  }
}
