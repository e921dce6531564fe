import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { RpcError } from '../rpc/context.js'
import { Dec, formatDecimal } from '../util/decimal.js'
import { CACHED, setBounded } from './bounded.js'
import { SessionKeys } from './keys.js'
import { PendingWrites } from './pending.js'
import { listLedgerEntries, listSessions, listTransactions, nonCustodyTotals } from './queries.js'
import {
  ACCOUNT_TYPE,
  type AppSessionRow,
  type LedgerEntryQuery,
  type LedgerEntryRow,
  type Position,
  type SessionQuery,
  type TransactionQuery,
  type TransactionRow,
  type TxType,
} from './rows.js'
import { migrate, SCHEMA } from './schema.js'
import { SessionRows } from './sessions.js'
import { prepareStatements } from './statements.js'

export {
  ACCOUNT_TYPE,
  type AppliedRequest,
  type AppSessionRow,
  type Position,
  type SessionKeyRow,
  type TransactionRow,
  type TxType,
} from './rows.js'

/** The cache key of one position: an account and a participant in it. */
const positionKey = (account: string, participant: string) => `${account}\u0000${participant}`

/** SQLite's `ORDER BY` of a TEXT column (BINARY collation): by UTF-8 bytes. */
const byUtf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b))

/**
 * SQLite persistence: a double-entry ledger plus app sessions, session keys and tags.
 * Every SQL statement of the devnode lives in `db/`.
 */
export class Store {
  private readonly db: Database.Database
  private readonly stmts: ReturnType<typeof prepareStatements>
  /** One prepared transaction wrapper, reused by every {@link tx}. */
  private readonly runTx: (fn: () => unknown) => unknown
  /** The ledger writes of the current transaction, written together before it commits. */
  private readonly pending: PendingWrites
  /**
   * Balances and session-key spends read or written in the current transaction (emptied when
   * it ends or a savepoint rolls back): a move reads each position once. Every write to those
   * tables goes through this class, so the cache is always what the database holds.
   */
  private readonly txCache = new Map<string, Dec>()
  /**
   * Accounts whose every balance row the current transaction read into {@link txCache} (emptied
   * with it): a position of such an account that is not in the cache has no row, so zero.
   */
  private readonly loadedAccounts = new Set<string>()
  /**
   * Committed balances by position ({@link positionKey}) → asset → amount as stored: every asset
   * with a row, in {@link balancesOf} order. Filled by reads whose rows are committed ones and
   * kept up to date at every commit with what the transaction wrote (see {@link written}).
   * Bounded: emptied when full.
   */
  private readonly committed = new Map<string, Map<string, string>>()
  /** Committed session-key spends by `keyId\0asset` (as stored; `'0'` when there is no row). */
  private readonly spends = new Map<string, string>()
  /** Spends the current transaction wrote, by `keyId\0asset`. */
  private readonly spendsWritten = new Map<string, Dec>()
  /** Balances the current transaction wrote, by position and asset (emptied when it ends). */
  private readonly written = new Map<string, Map<string, Dec>>()
  /**
   * Whether a savepoint of the current transaction rolled back: what {@link written} holds is
   * then only the list of positions to forget at commit, and {@link committed} is not read.
   */
  private savepointRolledBack = false
  /** The `app_sessions` rows and what is known of them in memory. */
  private readonly sessionRows: SessionRows
  /** Session keys and user tags (`store.keys.keyByAddress(…)`, `store.keys.ensureTag(…)`, …). */
  readonly keys: SessionKeys

  /** Opens (creating folders and tables as needed) the database at `path`, or `:memory:`. */
  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    this.db = new Database(path)
    if (path !== ':memory:') {
      this.db.pragma('journal_mode = WAL')
      this.db.pragma('synchronous = NORMAL')
    }
    this.db.exec(SCHEMA)
    // The outermost call writes what its moves held back before SQLite commits.
    this.runTx = this.db.transaction((fn: () => unknown) => {
      const result = fn()
      if (this.db.inTransaction) this.pending.flush()
      return result
    })
    migrate(this.db)
    this.pending = new PendingWrites(this.db)
    this.stmts = prepareStatements(this.db)
    this.sessionRows = new SessionRows(this.db, this.stmts)
    this.keys = new SessionKeys(this.db, this.stmts)
  }

  /**
   * Runs `fn` in one database transaction: all of its changes land, or none. A call inside
   * another `tx` is a savepoint of it (better-sqlite3's nesting).
   */
  tx<T>(fn: () => T): T {
    if (this.db.inTransaction) {
      // What waits so far belongs to the outer transaction: written before the savepoint.
      this.pending.flush()
      const mark = this.pending.mark()
      try {
        return this.runTx(fn) as T
      } catch (error) {
        // The savepoint rolled back: what it read or wrote is no longer known.
        this.pending.reset(mark)
        this.txCache.clear()
        this.loadedAccounts.clear()
        this.savepointRolledBack = true
        this.sessionRows.savepointRolledBack()
        throw error
      }
    }
    let done = false
    const mark = this.pending.mark()
    try {
      const result = this.runTx(fn) as T
      done = true
      return result
    } finally {
      if (done) this.commitWritten()
      else this.pending.reset(mark)
      this.txCache.clear()
      this.loadedAccounts.clear()
      this.written.clear()
      this.sessionRows.ended()
      this.spendsWritten.clear()
      this.savepointRolledBack = false
      this.keys.ended()
    }
  }

  /** Closes the database. */
  close(): void {
    this.db.close()
  }

  /** A value of the `meta` key/value table. */
  meta(key: string): string | undefined {
    return (this.stmts.meta.get(key) as { value: string } | undefined)?.value
  }

  /** Sets a value of the `meta` key/value table. */
  setMeta(key: string, value: string): void {
    this.stmts.setMeta.run(key, value)
  }

  /**
   * Whether the committed balances of `position` are what the database holds now: always
   * outside a transaction; inside one, while it has not written the position (and no savepoint
   * of it rolled back).
   */
  private committedReadable(position: string): boolean {
    return !this.db.inTransaction || (!this.savepointRolledBack && !this.written.has(position))
  }

  /** After a commit: what the transaction wrote, into the committed caches. */
  private commitWritten(): void {
    this.sessionRows.committed(this.savepointRolledBack)
    for (const [key, used] of this.spendsWritten) {
      if (this.savepointRolledBack) this.spends.delete(key)
      else setBounded(this.spends, CACHED, key, formatDecimal(used))
    }
    for (const [position, assets] of this.written) {
      const list = this.committed.get(position)
      if (!list) continue
      // A savepoint rolled back: what the database kept of these positions is not known here.
      if (this.savepointRolledBack) {
        this.committed.delete(position)
        continue
      }
      let added = false
      for (const [asset, value] of assets) {
        if (!list.has(asset)) added = true
        list.set(asset, formatDecimal(value))
      }
      if (added) this.committed.set(position, new Map([...list].sort(([a], [b]) => byUtf8(a, b))))
    }
  }

  /** Balance of one position in one asset (zero when it never had an entry). */
  balance(account: string, participant: string, asset: string): Dec {
    const inTx = this.db.inTransaction
    const key = inTx ? `b\u0000${account}\u0000${participant}\u0000${asset}` : ''
    const cached = inTx ? this.txCache.get(key) : undefined
    if (cached) return cached
    let value: Dec
    const position = positionKey(account, participant)
    const list = this.committedReadable(position) ? this.committed.get(position) : undefined
    if (list) value = new Dec(list.get(asset) ?? 0)
    else if (inTx && this.loadedAccounts.has(account)) value = new Dec(0)
    else {
      const row = this.stmts.balance.get(account, participant, asset) as
        | { amount: string }
        | undefined
      value = new Dec(row?.amount ?? 0)
    }
    if (inTx) this.txCache.set(key, value)
    return value
  }

  /** Every asset that ever had an entry for this position, zeros included (by asset). */
  balancesOf(account: string, participant: string): { asset: string; amount: string }[] {
    const position = positionKey(account, participant)
    const readable = this.committedReadable(position)
    const list = readable ? this.committed.get(position) : undefined
    if (list) return Array.from(list, ([asset, amount]) => ({ asset, amount }))
    this.pending.flush()
    const rows = this.stmts.balancesOf.all(account, participant) as {
      asset: string
      amount: string
    }[]
    if (readable) {
      if (this.committed.size >= CACHED) this.committed.clear()
      this.committed.set(position, new Map(rows.map((r) => [r.asset, r.amount])))
    }
    return rows
  }

  /**
   * Every participant's balance of every asset in one account. Inside a transaction the rows
   * also answer its later {@link balance} reads of that account.
   */
  accountBalances(account: string): { participant: string; asset: string; amount: string }[] {
    this.pending.flush()
    const rows = this.stmts.accountBalances.all(account) as {
      participant: string
      asset: string
      amount: string
    }[]
    if (this.db.inTransaction) {
      for (const r of rows) {
        const key = `b\u0000${account}\u0000${r.participant}\u0000${r.asset}`
        if (!this.txCache.has(key)) this.txCache.set(key, new Dec(r.amount))
      }
      this.loadedAccounts.add(account)
    }
    return rows
  }

  /**
   * Moves `amount` of `asset` from one position to another: one transaction row, a debit
   * and a credit entry, both balances updated. Must run inside `tx`. A debit that would take
   * a wallet or app-session position below zero is refused before anything is written (the
   * custody account, which mints, is the only position allowed to go negative); the thrown
   * error rolls the whole transaction back. A zero amount writes only the transaction row
   * (Go records no ledger entry for zero).
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
    if (!this.db.inTransaction) throw new Error('ledger move outside a database transaction')
    const fromBal = this.balance(from.account, from.participant, asset).minus(amount)
    if (from.type !== ACCOUNT_TYPE.custody && fromBal.isNegative()) {
      throw new RpcError(
        from.type === ACCOUNT_TYPE.wallet
          ? `insufficient funds: ${from.participant} for asset ${asset}`
          : `insufficient app session balance: ${from.participant} in ${from.account} for asset ${asset}`,
      )
    }
    const now = new Date().toISOString()
    const text = formatDecimal(amount)
    // Written before the transaction commits (see `PendingWrites`), in this order.
    const txId = this.pending.transaction({
      txType,
      from: from.account,
      to: to.account,
      asset,
      amount: text,
      createdAt: now,
    })
    const row = { id: txId, tx_type: txType, from_account: from.account, to_account: to.account }
    if (amount.isZero()) return { ...row, asset, amount: text, created_at: now }
    const p = this.pending
    p.entry(
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
    p.entry(txId, to.account, to.type, to.participant, asset, text, '0', null, now)
    const toBal = this.balance(to.account, to.participant, asset).plus(amount)
    // For a move to the same position the second value wins, as in the database.
    p.balance(from.account, from.participant, asset, formatDecimal(fromBal))
    p.balance(to.account, to.participant, asset, formatDecimal(toBal))
    this.txCache.set(`b\u0000${from.account}\u0000${from.participant}\u0000${asset}`, fromBal)
    this.txCache.set(`b\u0000${to.account}\u0000${to.participant}\u0000${asset}`, toBal)
    this.wrote(positionKey(from.account, from.participant), asset, fromBal)
    this.wrote(positionKey(to.account, to.participant), asset, toBal)
    if (args.sessionKey !== undefined) {
      const used = this.keyUsed(args.sessionKey, asset).plus(amount)
      p.spend(args.sessionKey, asset, formatDecimal(used))
      this.txCache.set(`s\u0000${args.sessionKey}\u0000${asset}`, used)
      this.spendsWritten.set(`${args.sessionKey}\u0000${asset}`, used)
    }
    return { ...row, asset, amount: text, created_at: now }
  }

  /** Records a balance the current transaction wrote (see {@link written}). */
  private wrote(position: string, asset: string, value: Dec): void {
    let assets = this.written.get(position)
    if (!assets) {
      assets = new Map()
      this.written.set(position, assets)
    }
    assets.set(asset, value)
  }

  /** How much of `asset` the session key has spent so far. */
  keyUsed(keyId: number, asset: string): Dec {
    const inTx = this.db.inTransaction
    const key = inTx ? `s\u0000${keyId}\u0000${asset}` : ''
    const cached = inTx ? this.txCache.get(key) : undefined
    if (cached) return cached
    const spendKey = `${keyId}\u0000${asset}`
    // Committed rows are what the database holds unless this transaction wrote them.
    const readable = !inTx || (!this.savepointRolledBack && !this.spendsWritten.has(spendKey))
    let used = readable ? this.spends.get(spendKey) : undefined
    if (used === undefined) {
      const row = this.stmts.spend.get(keyId, asset) as { used: string } | undefined
      used = row?.used ?? '0'
      if (readable) setBounded(this.spends, CACHED, spendKey, used)
    }
    const value = new Dec(used)
    if (inTx) this.txCache.set(key, value)
    return value
  }

  /** The app session with this id, if any (a copy: the caller may keep or change it). */
  session(id: string): AppSessionRow | undefined {
    return this.sessionRows.session(id)
  }

  /** See {@link SessionRows.participantsOf}: cached, shared (do not modify). */
  participantsOf(id: string): readonly string[] | undefined {
    return this.sessionRows.participantsOf(id)
  }

  /** See {@link SessionRows.insertSession}: `undefined` when a session with this id exists. */
  insertSession(...args: Parameters<SessionRows['insertSession']>): AppSessionRow | undefined {
    return this.sessionRows.insertSession(...args)
  }

  /** See {@link SessionRows.updateSession}. */
  updateSession(...args: Parameters<SessionRows['updateSession']>): void {
    this.sessionRows.updateSession(...args)
  }

  /** App sessions matching `q` (see {@link SessionQuery}). */
  listSessions(q: SessionQuery): AppSessionRow[] {
    return listSessions(this.db, q)
  }

  /** Ledger entries matching `q`, newest first. */
  ledgerEntries(q: LedgerEntryQuery): LedgerEntryRow[] {
    this.pending.flush()
    return listLedgerEntries(this.db, q)
  }

  /** Transactions matching `q`. */
  transactions(q: TransactionQuery): TransactionRow[] {
    this.pending.flush()
    return listTransactions(this.db, q)
  }

  /** Sum of every balance held by wallets and app sessions (custody excluded), per asset. */
  totals(): Record<string, string> {
    this.pending.flush()
    return nonCustodyTotals(this.db)
  }
}
