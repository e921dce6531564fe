// The sequenced log: every session's frames numbered 1, 2, 3… in arrival order, kept in SQLite
// within a per-session count and age bound, with each session's participants (for resume).
// A session's last sequence number is its newest frame's; `sessions.last_seq` keeps it only for
// sessions whose newest frame was dropped by age (see `pruneByAge`), so an append of a known
// session is one statement (the frame insert) instead of a session-row update and an insert.
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
  /** The last participants list found all stored (callers pass the same array per session). */
  checked?: readonly string[]
  /** The session's last sequence number, as this log last stored it. */
  last?: number
}

const TABLE_PREFIX = /^([A-Za-z_][A-Za-z0-9_]*)?$/

/** SQL for `@sid`'s last sequence number (0 when none), in the tables prefixed `p`. */
const lastSeqOf = (p: string) =>
  `max(coalesce((SELECT max(seq) FROM ${p}frames WHERE sid = @sid), 0),
       coalesce((SELECT last_seq FROM ${p}sessions WHERE sid = @sid), 0))`

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
  private readonly pruneTx: (before: number) => number

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
      // The next number: one past the newest frame's, or past `last_seq` when there is none left
      // (or an older version of the log, which bumped `last_seq` on every append, left it higher).
      insert: this.db.prepare(
        `INSERT INTO ${p}frames (sid, seq, at, frame) VALUES (@sid, ${lastSeqOf(p)} + 1, @at, @frame)
         RETURNING seq`,
      ),
      insertAt: this.db.prepare(`INSERT INTO ${p}frames (sid, seq, at, frame) VALUES (?, ?, ?, ?)`),
      lastSeq: this.db.prepare(`SELECT ${lastSeqOf(p)} AS last_seq`),
      // Before frames go by age, each affected session's `last_seq` takes its newest number.
      keepLast: this.db.prepare(
        `UPDATE ${p}sessions SET last_seq = max(last_seq,
           coalesce((SELECT max(seq) FROM ${p}frames f WHERE f.sid = ${p}sessions.sid), 0))
         WHERE sid IN (SELECT sid FROM ${p}frames WHERE at < ?)`,
      ),
      trimAge: this.db.prepare(`DELETE FROM ${p}frames WHERE at < ?`),
      after: this.db.prepare(
        `SELECT sid, seq, frame FROM ${p}frames WHERE sid = ? AND seq > ? AND at >= ? ORDER BY seq`,
      ),
    }
    // The count bound, kept inside each frame insert's own transaction (a connection's TEMP
    // trigger: it goes with the connection, so each open applies its own retention). It never
    // drops a session's newest frame.
    this.db.exec(
      `CREATE TEMP TRIGGER ${p}frames_keep_count AFTER INSERT ON main.${p}frames BEGIN
         DELETE FROM ${p}frames WHERE sid = NEW.sid AND seq <= NEW.seq - ${retention.count};
       END`,
    )
    this.pruneTx = this.db.transaction((before: number) => {
      this.q.keepLast!.run(before)
      return this.q.trimAge!.run(before).changes
    })
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
      const seq = this.insert(sid, frame, at)
      return { seq, added, recorded: known ? undefined : this.participantsRow(sid) }
    })
  }

  /**
   * Appends `frame` to `sid`'s log (recording `participants` the first time) and returns its
   * sequence number. Trims the session to the retention count. Do not change `participants`
   * afterwards: the same array passed again (as the relay does per session) is known stored.
   */
  append(sid: string, participants: string[], frame: string, at = Date.now()): number {
    const known = this.stored.get(sid)
    if (
      known &&
      (known.checked === participants ||
        participants.every((w) => known.members.has(w.toLowerCase())))
    ) {
      // Every row but the frame's is stored: one statement, its own transaction.
      const seq = this.insertNext(sid, known.last, frame, at)
      known.checked = participants
      known.last = seq
      this.remember(sid, known)
      return seq
    }
    const { seq, added, recorded } = this.appendTx(sid, participants, frame, at)
    const entry = this.stored.get(sid) ?? {
      participants: recorded ?? participants,
      members: new Set<string>(),
    }
    for (const key of added) entry.members.add(key)
    entry.last = seq
    this.remember(sid, entry)
    return seq
  }

  /**
   * Inserts `frame` as number `last + 1` when this log knows `last` (no lookup), else as the one
   * after the stored newest; the same when another writer of the database took `last + 1`.
   */
  private insertNext(sid: string, last: number | undefined, frame: string, at: number): number {
    if (last !== undefined)
      try {
        this.q.insertAt!.run(sid, last + 1, at, frame)
        return last + 1
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw error
      }
    return this.insert(sid, frame, at)
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

  /** Inserts `frame` as `sid`'s next one (the retention count applied); returns its number. */
  private insert(sid: string, frame: string, at: number): number {
    return (this.q.insert!.get({ sid, at, frame }) as { seq: number }).seq
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
    return (this.q.lastSeq!.get({ sid }) as { last_seq: number }).last_seq
  }

  /** Drops frames older than the retention age (numbering continues after them); returns how many. */
  pruneByAge(now = Date.now()): number {
    return this.pruneTx(now - this.retention.ageMs)
  }

  /** Closes the database. */
  close(): void {
    this.db.close()
  }
}
