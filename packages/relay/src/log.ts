// The sequenced log: every session's frames numbered 1, 2, 3… in arrival order, kept in SQLite
// within a per-session count and age bound, with each session's participants (for resume).
import Database from 'better-sqlite3'

/** How much of each session's log the relay keeps. */
export interface Retention {
  /** Most frames kept per session; older ones are dropped first. */
  count: number
  /** Frames older than this (ms) are dropped. */
  ageMs: number
}

/** Defaults: the last 1000 frames of each session, for at most 7 days. */
export const DEFAULT_RETENTION: Retention = { count: 1000, ageMs: 7 * 24 * 3600 * 1000 }

/** One stored frame. */
export interface LoggedFrame {
  sid: string
  seq: number
  /** The delivery frame text without its `seq` (see `deliveryText`). */
  frame: string
}

/** The log's tables, each name prefixed with `p` (see {@link RelayLogOptions.tablePrefix}). */
const schema = (p: string) => `
CREATE TABLE IF NOT EXISTS ${p}sessions (
  sid TEXT PRIMARY KEY,
  participants TEXT NOT NULL,
  last_seq INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS ${p}members (
  wallet TEXT NOT NULL,
  sid TEXT NOT NULL,
  PRIMARY KEY (wallet, sid)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ${p}frames (
  sid TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at INTEGER NOT NULL,
  frame TEXT NOT NULL,
  PRIMARY KEY (sid, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ${p}frames_at ON ${p}frames (at);
`

/** Options of {@link RelayLog}. */
export interface RelayLogOptions {
  /**
   * Prefix of every table and index name (default none: `sessions`, `members`, `frames`), so
   * the log can share a database file with other tables, e.g. `relay_` in the devnode's file.
   * Letters, digits and `_`, not starting with a digit.
   */
  tablePrefix?: string
  /** Sessions whose stored rows are remembered in memory (default 10 000). */
  cacheSize?: number
}

/** What the log remembers of one stored session. */
interface StoredSession {
  participants: string[]
  /** Lower-case wallets whose member row is stored. */
  members: Set<string>
}

const TABLE_PREFIX = /^([A-Za-z_][A-Za-z0-9_]*)?$/

/** The relay's SQLite log (`:memory:` or a file path). All methods are synchronous. */
export class RelayLog {
  private readonly db: Database.Database
  /**
   * Sessions whose row is stored, with their recorded participants and the members known to be
   * stored, most recently used last (at most {@link RelayLogOptions.cacheSize}). Sessions and
   * members are never deleted, so a remembered row stays true; a forgotten one is read again.
   */
  private readonly stored = new Map<string, StoredSession>()
  private readonly cacheSize: number
  private readonly q: Record<string, Database.Statement>
  private readonly appendTx: (
    sid: string,
    participants: string[],
    frame: string,
    at: number,
  ) => { seq: number; added: string[]; recorded: string[] | undefined }

  /** Opens (and creates) the log at `path`, keeping `retention`. */
  constructor(
    path: string,
    readonly retention: Retention = DEFAULT_RETENTION,
    options: RelayLogOptions = {},
  ) {
    const p = options.tablePrefix ?? ''
    if (!TABLE_PREFIX.test(p))
      throw new Error(
        `tablePrefix must be letters, digits and _ (not starting with a digit), got ${p}`,
      )
    for (const [k, v] of Object.entries(retention))
      if (!Number.isSafeInteger(v) || v < 1)
        throw new Error(`retention ${k} must be a positive integer, got ${String(v)}`)
    this.cacheSize = options.cacheSize ?? 10_000
    if (!Number.isSafeInteger(this.cacheSize) || this.cacheSize < 1)
      throw new Error(`cacheSize must be a positive integer, got ${String(options.cacheSize)}`)
    this.db = new Database(path)
    this.db.pragma('journal_mode = WAL')
    this.db.exec(schema(p))
    this.q = {
      session: this.db.prepare(`SELECT participants, last_seq FROM ${p}sessions WHERE sid = ?`),
      upsert: this.db.prepare(
        `INSERT INTO ${p}sessions (sid, participants, last_seq) VALUES (?, ?, 0)
         ON CONFLICT (sid) DO NOTHING`,
      ),
      member: this.db.prepare(`INSERT OR IGNORE INTO ${p}members (wallet, sid) VALUES (?, ?)`),
      isMember: this.db.prepare(`SELECT 1 FROM ${p}members WHERE wallet = ? AND sid = ?`),
      sessionsOf: this.db.prepare(`SELECT sid FROM ${p}members WHERE wallet = ? ORDER BY sid`),
      bump: this.db.prepare(
        `UPDATE ${p}sessions SET last_seq = last_seq + 1 WHERE sid = ? RETURNING last_seq`,
      ),
      insert: this.db.prepare(`INSERT INTO ${p}frames (sid, seq, at, frame) VALUES (?, ?, ?, ?)`),
      trimCount: this.db.prepare(`DELETE FROM ${p}frames WHERE sid = ? AND seq <= ?`),
      trimAge: this.db.prepare(`DELETE FROM ${p}frames WHERE at < ?`),
      after: this.db.prepare(
        `SELECT sid, seq, frame FROM ${p}frames WHERE sid = ? AND seq > ? AND at >= ? ORDER BY seq`,
      ),
    }
    this.appendTx = this.db.transaction((sid, participants, frame, at) => {
      // Rows already known to be stored are not written again; the memory is updated by
      // `append` once the transaction committed.
      const known = this.stored.get(sid)
      if (!known) this.q.upsert!.run(sid, JSON.stringify(participants))
      const added: string[] = []
      for (const w of participants) {
        const key = w.toLowerCase()
        if (known?.members.has(key) || added.includes(key)) continue
        this.q.member!.run(key, sid)
        added.push(key)
      }
      const { last_seq: seq } = this.q.bump!.get(sid) as { last_seq: number }
      this.q.insert!.run(sid, seq, at, frame)
      if (seq > this.retention.count) this.q.trimCount!.run(sid, seq - this.retention.count)
      return { seq, added, recorded: known ? undefined : this.participantsRow(sid) }
    })
  }

  /**
   * Appends `frame` to `sid`'s log (recording `participants` the first time) and returns its
   * sequence number. Trims the session to the retention count.
   */
  append(sid: string, participants: string[], frame: string, at = Date.now()): number {
    const { seq, added, recorded } = this.appendTx(sid, participants, frame, at)
    const known = this.stored.get(sid) ?? {
      participants: recorded ?? participants,
      members: new Set<string>(),
    }
    for (const key of added) known.members.add(key)
    this.remember(sid, known)
    return seq
  }

  /**
   * The participants recorded for `sid` (from the node, or a definition that hashes to it). The
   * same array on every call while `sid` is remembered: do not change it.
   */
  participants(sid: string): string[] | undefined {
    const known = this.stored.get(sid)
    if (known) return known.participants
    const participants = this.participantsRow(sid)
    // Members not yet known to be stored are (re)inserted, idempotently, by the next append.
    if (participants) this.remember(sid, { participants, members: new Set() })
    return participants
  }

  private participantsRow(sid: string): string[] | undefined {
    const row = this.q.session!.get(sid) as { participants: string } | undefined
    return row ? (JSON.parse(row.participants) as string[]) : undefined
  }

  /** Keeps what is stored of `sid` in memory, forgetting the least recently used beyond the bound. */
  private remember(sid: string, known: StoredSession): void {
    this.stored.delete(sid)
    this.stored.set(sid, known)
    if (this.stored.size > this.cacheSize) {
      const oldest = this.stored.keys().next().value
      if (oldest !== undefined) this.stored.delete(oldest)
    }
  }

  /** Whether `wallet` is a participant of `sid` (case-insensitive). */
  isMember(wallet: string, sid: string): boolean {
    return this.q.isMember!.get(wallet.toLowerCase(), sid) !== undefined
  }

  /** Every session with frames logged in which `wallet` is a participant. */
  sessionsOf(wallet: string): string[] {
    return (this.q.sessionsOf!.all(wallet.toLowerCase()) as { sid: string }[]).map((r) => r.sid)
  }

  /** The retained frames of `sid` after `seq`, in order (none older than the retention age). */
  after(sid: string, seq: number, now = Date.now()): LoggedFrame[] {
    return this.q.after!.all(sid, seq, now - this.retention.ageMs) as LoggedFrame[]
  }

  /** The last sequence number given out for `sid` (0 when none). */
  lastSeq(sid: string): number {
    const row = this.q.session!.get(sid) as { last_seq: number } | undefined
    return row?.last_seq ?? 0
  }

  /** Drops frames older than the retention age; returns how many. */
  pruneByAge(now = Date.now()): number {
    return this.q.trimAge!.run(now - this.retention.ageMs).changes
  }

  /** Closes the database. */
  close(): void {
    this.db.close()
  }
}
