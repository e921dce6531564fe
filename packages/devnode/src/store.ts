import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { Dec, formatDecimal } from './util/decimal.js'

/** `account_type` values in ledger entries. */
export const ACCOUNT_TYPE = { custody: 0, wallet: 1000, appSession: 4000 } as const

/** A position in the ledger: an account (wallet or app session) and the participant within it. */
export interface Position {
  account: string
  participant: string
  type: number
}

export type TxType =
  | 'transfer'
  | 'deposit'
  | 'withdrawal'
  | 'app_deposit'
  | 'app_withdrawal'
  | 'escrow_lock'
  | 'escrow_unlock'

export interface TransactionRow {
  id: number
  tx_type: TxType
  from_account: string
  to_account: string
  asset: string
  amount: string
  created_at: string
}

export interface AppSessionRow {
  app_session_id: string
  application: string
  protocol: string
  participants: string
  weights: string
  quorum: number
  challenge: number
  nonce: number
  version: number
  status: string
  session_data: string | null
  created_at: string
  updated_at: string
}

export interface SessionKeyRow {
  id: number
  address: string
  wallet: string
  application: string
  allowances: string
  scope: string
  expires_at: number
  created_at: string
}

const SCHEMA = `
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
  seq INTEGER NOT NULL);
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

/** SQLite persistence: a double-entry ledger plus app sessions, session keys and tags. */
export class Store {
  readonly db: Database.Database
  private seq = 0
  private readonly stmts

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    this.db = new Database(path)
    if (path !== ':memory:') {
      this.db.pragma('journal_mode = WAL')
      this.db.pragma('synchronous = NORMAL')
    }
    this.db.exec(SCHEMA)
    const maxSeq = this.db.prepare('SELECT MAX(seq) AS s FROM app_sessions').get() as {
      s: number | null
    }
    this.seq = maxSeq.s ?? 0
    const db = this.db
    this.stmts = {
      balance: db.prepare(
        'SELECT amount FROM balances WHERE account_id = ? AND participant = ? AND asset = ?',
      ),
      upsertBalance: db.prepare(
        'INSERT INTO balances (account_id, participant, asset, amount) VALUES (?, ?, ?, ?) ON CONFLICT (account_id, participant, asset) DO UPDATE SET amount = excluded.amount',
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
      insertEntry: db.prepare(
        'INSERT INTO ledger_entries (tx_id, account_id, account_type, participant, asset, credit, debit, session_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      spend: db.prepare('SELECT used FROM session_key_spend WHERE key_id = ? AND asset = ?'),
      upsertSpend: db.prepare(
        'INSERT INTO session_key_spend (key_id, asset, used) VALUES (?, ?, ?) ON CONFLICT (key_id, asset) DO UPDATE SET used = excluded.used',
      ),
      session: db.prepare('SELECT * FROM app_sessions WHERE app_session_id = ?'),
      insertSession: db.prepare(
        'INSERT INTO app_sessions (app_session_id, application, protocol, participants, weights, quorum, challenge, nonce, version, status, session_data, created_at, updated_at, seq) VALUES (@app_session_id, @application, @protocol, @participants, @weights, @quorum, @challenge, @nonce, @version, @status, @session_data, @created_at, @updated_at, @seq)',
      ),
      updateSession: db.prepare(
        'UPDATE app_sessions SET version = ?, status = ?, session_data = ?, updated_at = ?, seq = ? WHERE app_session_id = ?',
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

  /** Runs `fn` in one database transaction: all of its changes land, or none. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  close(): void {
    this.db.close()
  }

  meta(key: string): string | undefined {
    return (this.stmts.meta.get(key) as { value: string } | undefined)?.value
  }

  setMeta(key: string, value: string): void {
    this.stmts.setMeta.run(key, value)
  }

  balance(account: string, participant: string, asset: string): Dec {
    const row = this.stmts.balance.get(account, participant, asset) as
      | { amount: string }
      | undefined
    return new Dec(row?.amount ?? 0)
  }

  /** Every asset that ever had an entry for this position, zeros included. */
  balancesOf(account: string, participant: string): { asset: string; amount: string }[] {
    return this.stmts.balancesOf.all(account, participant) as { asset: string; amount: string }[]
  }

  accountBalances(account: string): { participant: string; asset: string; amount: string }[] {
    return this.stmts.accountBalances.all(account) as {
      participant: string
      asset: string
      amount: string
    }[]
  }

  /**
   * Moves `amount` of `asset` from one position to another: one transaction row, a debit
   * and a credit entry, both balances updated. Call inside `tx`.
   */
  move(args: {
    from: Position
    to: Position
    asset: string
    amount: Dec
    txType: TxType
    sessionKey?: number
  }): TransactionRow {
    const { from, to, asset, amount, txType } = args
    const now = new Date().toISOString()
    const text = formatDecimal(amount)
    const info = this.stmts.insertTx.run(txType, from.account, to.account, asset, text, now)
    const txId = Number(info.lastInsertRowid)
    this.stmts.insertEntry.run(
      txId,
      from.account,
      from.type,
      from.participant,
      asset,
      '0',
      text,
      args.sessionKey ?? null,
      now,
    )
    this.stmts.insertEntry.run(
      txId,
      to.account,
      to.type,
      to.participant,
      asset,
      text,
      '0',
      null,
      now,
    )
    const fromBal = this.balance(from.account, from.participant, asset).minus(amount)
    const toBal = this.balance(to.account, to.participant, asset).plus(amount)
    this.stmts.upsertBalance.run(from.account, from.participant, asset, formatDecimal(fromBal))
    this.stmts.upsertBalance.run(to.account, to.participant, asset, formatDecimal(toBal))
    if (args.sessionKey !== undefined) {
      const used = this.keyUsed(args.sessionKey, asset).plus(amount)
      this.stmts.upsertSpend.run(args.sessionKey, asset, formatDecimal(used))
    }
    return {
      id: txId,
      tx_type: txType,
      from_account: from.account,
      to_account: to.account,
      asset,
      amount: text,
      created_at: now,
    }
  }

  keyUsed(keyId: number, asset: string): Dec {
    const row = this.stmts.spend.get(keyId, asset) as { used: string } | undefined
    return new Dec(row?.used ?? 0)
  }

  session(id: string): AppSessionRow | undefined {
    return this.stmts.session.get(id) as AppSessionRow | undefined
  }

  insertSession(row: Omit<AppSessionRow, 'created_at' | 'updated_at'>): AppSessionRow {
    const now = new Date().toISOString()
    const full = { ...row, created_at: now, updated_at: now }
    this.stmts.insertSession.run({ ...full, seq: ++this.seq })
    return full
  }

  updateSession(id: string, version: number, status: string, sessionData: string | null): void {
    this.stmts.updateSession.run(
      version,
      status,
      sessionData,
      new Date().toISOString(),
      ++this.seq,
      id,
    )
  }

  listSessions(q: {
    participant?: string
    status?: string
    offset: number
    limit: number
    sort: 'asc' | 'desc'
  }): AppSessionRow[] {
    const where: string[] = []
    const args: unknown[] = []
    if (q.participant) {
      where.push('EXISTS (SELECT 1 FROM json_each(app_sessions.participants) WHERE value = ?)')
      args.push(q.participant)
    }
    if (q.status) {
      where.push('status = ?')
      args.push(q.status)
    }
    const sql = `SELECT * FROM app_sessions ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq ${q.sort === 'asc' ? 'ASC' : 'DESC'} LIMIT ? OFFSET ?`
    return this.db.prepare(sql).all(...args, q.limit, q.offset) as AppSessionRow[]
  }

  keyByAddress(address: string): SessionKeyRow | undefined {
    return this.stmts.keyByAddress.get(address) as SessionKeyRow | undefined
  }

  activeKeysOf(wallet: string, nowSec: number): SessionKeyRow[] {
    return this.stmts.keysOfWallet.all(wallet, nowSec) as SessionKeyRow[]
  }

  registerKey(k: Omit<SessionKeyRow, 'id' | 'created_at'>): void {
    this.stmts.deleteKeys.run(k.wallet, k.application)
    this.stmts.insertKey.run(
      k.address,
      k.wallet,
      k.application,
      k.allowances,
      k.scope,
      k.expires_at,
      new Date().toISOString(),
    )
  }

  expireKey(id: number, nowSec: number): void {
    this.stmts.expireKey.run(nowSec, id)
  }

  tagOf(wallet: string): string | undefined {
    return (this.stmts.tagOf.get(wallet) as { tag: string } | undefined)?.tag
  }

  walletOfTag(tag: string): string | undefined {
    return (this.stmts.walletOfTag.get(tag) as { wallet: string } | undefined)?.wallet
  }

  ensureTag(wallet: string): string {
    const existing = this.tagOf(wallet)
    if (existing) return existing
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
    for (;;) {
      let tag = ''
      for (let i = 0; i < 6; i++) tag += alphabet[Math.floor(Math.random() * alphabet.length)]
      if (!this.walletOfTag(tag)) {
        this.stmts.insertTag.run(wallet, tag)
        return tag
      }
    }
  }

  /** Sum of every balance held by wallets and app sessions (custody excluded), per asset. */
  totals(): Record<string, string> {
    const rows = this.db
      .prepare(
        'SELECT asset, amount FROM balances WHERE account_id IN (SELECT DISTINCT account_id FROM ledger_entries WHERE account_type != 0)',
      )
      .all() as { asset: string; amount: string }[]
    const out: Record<string, Dec> = {}
    for (const r of rows) out[r.asset] = (out[r.asset] ?? new Dec(0)).plus(r.amount)
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, formatDecimal(v)]))
  }
}
