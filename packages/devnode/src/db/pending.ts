import type Database from 'better-sqlite3'

/** Rows per multi-row `INSERT` (SQLite allows 32 766 bound parameters per statement). */
const ROWS_PER_STATEMENT = 32

/** One table's deferred rows: their columns and the clause that follows `VALUES …`. */
interface TableSpec {
  table: string
  columns: readonly string[]
  tail: string
}

const TRANSACTIONS: TableSpec = {
  table: 'transactions',
  columns: ['id', 'tx_type', 'from_account', 'to_account', 'asset', 'amount', 'created_at'],
  tail: '',
}
const ENTRIES: TableSpec = {
  table: 'ledger_entries',
  columns: [
    'id',
    'tx_id',
    'account_id',
    'account_type',
    'participant',
    'asset',
    'credit',
    'debit',
    'session_key',
    'created_at',
  ],
  tail: '',
}
const BALANCES: TableSpec = {
  table: 'balances',
  columns: ['account_id', 'participant', 'asset', 'amount'],
  tail: ' ON CONFLICT (account_id, participant, asset) DO UPDATE SET amount = excluded.amount',
}
const SPEND: TableSpec = {
  table: 'session_key_spend',
  columns: ['key_id', 'asset', 'used'],
  tail: ' ON CONFLICT (key_id, asset) DO UPDATE SET used = excluded.used',
}

/** The next id an `AUTOINCREMENT` table gives: past both its largest row and its sequence. */
function nextId(db: Database.Database, table: string): number {
  const max = db.prepare(`SELECT MAX(id) AS id FROM ${table}`).get() as { id: number | null }
  const seq = db.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').get(table) as
    | { seq: number }
    | undefined
  return Math.max(max.id ?? 0, seq?.seq ?? 0) + 1
}

/** Where the id counters stood (see {@link PendingWrites.mark}). */
export interface IdMark {
  tx: number
  entry: number
}

/**
 * The ledger writes of the current database transaction, held back and written together
 * (one multi-row statement per table) before the transaction commits, or before anything reads
 * those tables: the transaction rows, the ledger entries, the balances and the session-key
 * spends. Ids are given here, in the order the rows are added, as `AUTOINCREMENT` would give
 * them; a balance or spend written twice is written once, with its last value. Only the
 * {@link Store} writes these tables, so the counters stay what SQLite would assign.
 */
export class PendingWrites {
  private readonly db: Database.Database
  private readonly statements = new Map<string, Database.Statement>()
  private nextTx: number
  private nextEntry: number
  private readonly txRows: unknown[][] = []
  private readonly entryRows: unknown[][] = []
  /** By `account\0participant\0asset`, in first-write order. */
  private readonly balances = new Map<string, unknown[]>()
  /** By `keyId\0asset`, in first-write order. */
  private readonly spends = new Map<string, unknown[]>()

  /** Deferred writes over `db`, whose schema exists. */
  constructor(db: Database.Database) {
    this.db = db
    this.nextTx = nextId(db, 'transactions')
    this.nextEntry = nextId(db, 'ledger_entries')
  }

  /** Whether anything waits to be written. */
  get empty(): boolean {
    return (
      this.txRows.length === 0 &&
      this.entryRows.length === 0 &&
      this.balances.size === 0 &&
      this.spends.size === 0
    )
  }

  /** A transaction row; returns its id. */
  transaction(row: {
    txType: string
    from: string
    to: string
    asset: string
    amount: string
    createdAt: string
  }): number {
    const id = this.nextTx++
    this.txRows.push([id, row.txType, row.from, row.to, row.asset, row.amount, row.createdAt])
    return id
  }

  /** One ledger entry of transaction `txId` (ids in the order entries are added). */
  entry(
    txId: number,
    account: string,
    accountType: number,
    participant: string,
    asset: string,
    credit: string,
    debit: string,
    sessionKey: number | null,
    createdAt: string,
  ): void {
    const id = this.nextEntry++
    this.entryRows.push([
      id,
      txId,
      account,
      accountType,
      participant,
      asset,
      credit,
      debit,
      sessionKey,
      createdAt,
    ])
  }

  /** A position's new balance of an asset. */
  balance(account: string, participant: string, asset: string, amount: string): void {
    this.balances.set(`${account}\u0000${participant}\u0000${asset}`, [
      account,
      participant,
      asset,
      amount,
    ])
  }

  /** A session key's new spend of an asset. */
  spend(keyId: number, asset: string, used: string): void {
    this.spends.set(`${keyId}\u0000${asset}`, [keyId, asset, used])
  }

  /** Where the id counters stand, to {@link reset} them to if what follows rolls back. */
  mark(): IdMark {
    return { tx: this.nextTx, entry: this.nextEntry }
  }

  /**
   * Drops what waits (it rolled back with its transaction or savepoint) and puts the counters
   * back at `mark`, as SQLite's sequence rolls back.
   */
  reset(mark: IdMark): void {
    this.clear()
    this.nextTx = mark.tx
    this.nextEntry = mark.entry
  }

  /** Writes everything that waits, inside the current database transaction. */
  flush(): void {
    if (this.empty) return
    this.write(TRANSACTIONS, this.txRows)
    this.write(ENTRIES, this.entryRows)
    this.write(BALANCES, [...this.balances.values()])
    this.write(SPEND, [...this.spends.values()])
    this.clear()
  }

  private clear(): void {
    this.txRows.length = 0
    this.entryRows.length = 0
    this.balances.clear()
    this.spends.clear()
  }

  private write(spec: TableSpec, rows: unknown[][]): void {
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT)
      this.statement(spec, chunk.length).run(chunk.flat())
    }
  }

  /** The `INSERT` of `n` rows of `spec`, prepared once. */
  private statement(spec: TableSpec, n: number): Database.Statement {
    const name = `${spec.table}/${n}`
    let s = this.statements.get(name)
    if (!s) {
      const row = `(${spec.columns.map(() => '?').join(', ')})`
      s = this.db.prepare(
        `INSERT INTO ${spec.table} (${spec.columns.join(', ')}) VALUES ${Array(n).fill(row).join(', ')}${spec.tail}`,
      )
      this.statements.set(name, s)
    }
    return s
  }
}
