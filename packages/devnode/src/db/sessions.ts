import type Database from 'better-sqlite3'
import { CACHED, setBounded } from './bounded.js'
import type { AppliedRequest, AppSessionRow } from './rows.js'
import type { prepareStatements } from './statements.js'

/** An `app_sessions` row as `SELECT *` returns it (columns in table order). */
type SessionRecord = AppSessionRow & { seq: number }

/**
 * The store's `app_sessions` rows, with what is known of them in memory: committed rows by id
 * (kept up to date at every commit with the rows a transaction wrote) and each session's
 * participants. The {@link Store}'s `tx` tells it when a transaction commits, a savepoint of it
 * rolls back, and it ends.
 */
export class SessionRows {
  /** The last `seq` given to a session row. */
  private seq: number
  /**
   * Participants by app-session id. A session's participants never change once it exists and
   * sessions are never deleted, so entries are never invalidated; only committed rows are cached.
   */
  private readonly participantsCache = new Map<string, readonly string[]>()
  /** Committed rows by id. Bounded: emptied when full. */
  private readonly sessions = new Map<string, SessionRecord>()
  /** Rows the current transaction wrote, by id (`null`: written, the full row not known here). */
  private readonly sessionsWritten = new Map<string, SessionRecord | null>()

  /** Reads `db` with the store's prepared statements. */
  constructor(
    private readonly db: Database.Database,
    private readonly stmts: ReturnType<typeof prepareStatements>,
  ) {
    const maxSeq = db.prepare('SELECT MAX(seq) AS s FROM app_sessions').get() as {
      s: number | null
    }
    this.seq = maxSeq.s ?? 0
  }

  /** A savepoint rolled back: the rows written so far may be undone; only their ids are known. */
  savepointRolledBack(): void {
    for (const id of this.sessionsWritten.keys()) this.sessionsWritten.set(id, null)
  }

  /** The transaction committed: what it wrote becomes the committed rows. */
  committed(savepointRolledBack: boolean): void {
    for (const [id, row] of this.sessionsWritten) {
      if (row && !savepointRolledBack) setBounded(this.sessions, CACHED, id, row)
      else this.sessions.delete(id)
    }
  }

  /** The transaction ended (committed or not). */
  ended(): void {
    this.sessionsWritten.clear()
  }

  /**
   * The committed row of this session when it is known and is what the database holds now
   * (outside a transaction, or inside one that has not written it), else `undefined`.
   */
  private committedSession(id: string): SessionRecord | undefined {
    if (this.db.inTransaction && this.sessionsWritten.has(id)) return undefined
    return this.sessions.get(id)
  }

  /** Records a session row the current transaction (or, outside one, the database) now holds. */
  private sessionWritten(id: string, row: SessionRecord | null): void {
    if (this.db.inTransaction) this.sessionsWritten.set(id, row)
    else if (row) setBounded(this.sessions, CACHED, id, row)
    else this.sessions.delete(id)
  }

  /** The app session with this id, if any (a copy: the caller may keep or change it). */
  session(id: string): AppSessionRow | undefined {
    const inTx = this.db.inTransaction
    const written = inTx ? this.sessionsWritten.get(id) : undefined
    const known = written ?? this.committedSession(id)
    if (known) return { ...known }
    const row = this.stmts.session.get(id) as SessionRecord | undefined
    // Committed unless this transaction wrote it (its rows are recorded when written).
    if (row && !(inTx && this.sessionsWritten.has(id)))
      setBounded(this.sessions, CACHED, id, { ...row })
    return row
  }

  /**
   * The participants of the app session with this id (as stored, in definition order), or
   * `undefined` when there is no such session. Cached: they never change. The array is shared:
   * do not modify it.
   */
  participantsOf(id: string): readonly string[] | undefined {
    const cached = this.participantsCache.get(id)
    if (cached) return cached
    const row =
      this.committedSession(id) ??
      (this.stmts.participants.get(id) as { participants: string } | undefined)
    if (!row) return undefined
    const participants = Object.freeze(JSON.parse(row.participants) as string[])
    // Inside a transaction the row may be one this transaction inserted and may roll back.
    if (!this.db.inTransaction) this.participantsCache.set(id, participants)
    return participants
  }

  /**
   * Inserts a new app session created by `request` (timestamps are set here); `undefined`
   * (nothing written) when a session with this id exists.
   */
  insertSession(
    row: Omit<AppSessionRow, 'created_at' | 'updated_at' | 'last_request_ts' | 'last_request_hash'>,
    request: AppliedRequest,
  ): AppSessionRow | undefined {
    const now = new Date().toISOString()
    const full = {
      ...row,
      created_at: now,
      updated_at: now,
      last_request_ts: request.ts,
      last_request_hash: request.hash,
    }
    const seq = this.seq + 1
    // The row as `SELECT *` gives it back: every column, in table order.
    const record: SessionRecord = {
      app_session_id: row.app_session_id,
      application: row.application,
      protocol: row.protocol,
      participants: row.participants,
      weights: row.weights,
      quorum: row.quorum,
      challenge: row.challenge,
      nonce: row.nonce,
      version: row.version,
      status: row.status,
      session_data: row.session_data,
      created_at: now,
      updated_at: now,
      seq,
      last_request_ts: request.ts,
      last_request_hash: request.hash,
    }
    if (this.stmts.insertSession.run(Object.values(record)).changes === 0) return undefined
    this.seq = seq
    this.sessionWritten(row.app_session_id, record)
    return full
  }

  /** Sets an app session's version, status and session data, as changed by `request`. */
  updateSession(
    id: string,
    version: number,
    status: string,
    sessionData: string | null,
    request: AppliedRequest,
  ): void {
    const now = new Date().toISOString()
    const seq = ++this.seq
    const before = this.db.inTransaction
      ? this.sessionsWritten.has(id)
        ? this.sessionsWritten.get(id)
        : this.sessions.get(id)
      : this.sessions.get(id)
    const { changes } = this.stmts.updateSession.run(
      version,
      status,
      sessionData,
      now,
      seq,
      request.ts,
      request.hash,
      id,
    )
    if (changes === 0) return
    const after = before && {
      ...before,
      version,
      status,
      session_data: sessionData,
      updated_at: now,
      seq,
      last_request_ts: request.ts,
      last_request_hash: request.hash,
    }
    this.sessionWritten(id, after ?? null)
  }
}
