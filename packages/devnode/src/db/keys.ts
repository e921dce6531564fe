import { randomInt } from 'node:crypto'
import type Database from 'better-sqlite3'
import { CACHED } from './bounded.js'
import { maxSessionKeyId } from './queries.js'
import type { SessionKeyRow } from './rows.js'
import type { prepareStatements } from './statements.js'

/**
 * The store's session keys and user tags. {@link SessionKeys.keyByAddress} answers are kept
 * (`null`: none) when read outside transactions or inside one that has not written
 * `session_keys` (so what it reads is committed), and emptied by every write to `session_keys`,
 * so they always hold committed rows. Bounded: emptied when full.
 */
export class SessionKeys {
  /** Session keys with an id up to this one are out of the session-key cache. */
  private keyCacheFloor = 0
  private readonly keyRows = new Map<string, Readonly<SessionKeyRow> | null>()
  /** Whether the current database transaction has written `session_keys`. */
  private keysWrittenInTx = false

  /** Reads and writes `db` with the store's prepared statements. */
  constructor(
    private readonly db: Database.Database,
    private readonly stmts: ReturnType<typeof prepareStatements>,
  ) {}

  /** The transaction ended (committed or not). */
  ended(): void {
    this.keysWrittenInTx = false
  }

  /** The newest session key registered under this exact address string. */
  keyByAddress(address: string): Readonly<SessionKeyRow> | undefined {
    const cached = this.keyRows.get(address)
    if (cached !== undefined) return cached ?? undefined
    const row = this.stmts.keyByAddress.get(address) as SessionKeyRow | undefined
    // A transaction that wrote `session_keys` may read a row of its own that may roll back.
    if (!(this.db.inTransaction && this.keysWrittenInTx)) {
      if (this.keyRows.size >= CACHED) this.keyRows.clear()
      this.keyRows.set(address, row ? Object.freeze(row) : null)
    }
    return row
  }

  /** {@link keyByAddress}, if that key is in the session-key cache (see `clearKeyCache`). */
  cachedKey(address: string): Readonly<SessionKeyRow> | undefined {
    const k = this.keyByAddress(address)
    return k && k.id > this.keyCacheFloor ? k : undefined
  }

  /** Empties the session-key cache (Go's test mode): keys so far stop mapping until reopened. */
  clearKeyCache(): void {
    this.keyCacheFloor = maxSessionKeyId(this.db)
  }

  /** The wallet's session keys that have not expired at `nowSec`, newest first. */
  activeKeysOf(wallet: string, nowSec: number): SessionKeyRow[] {
    return this.stmts.keysOfWallet.all(wallet, nowSec) as SessionKeyRow[]
  }

  /** Registers a session key, replacing the wallet's keys for the same application. */
  registerKey(k: Omit<SessionKeyRow, 'id' | 'created_at'>): void {
    this.keysWritten()
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

  /** Expires a session key at `nowSec`. */
  expireKey(id: number, nowSec: number): void {
    this.keysWritten()
    this.stmts.expireKey.run(nowSec, id)
  }

  /** Before any write to `session_keys`: the cached rows may no longer be what it holds. */
  private keysWritten(): void {
    this.keyRows.clear()
    if (this.db.inTransaction) this.keysWrittenInTx = true
  }

  /** The wallet's user tag, if it has one. */
  tagOf(wallet: string): string | undefined {
    return (this.stmts.tagOf.get(wallet) as { tag: string } | undefined)?.tag
  }

  /** The wallet owning a user tag, if any. */
  walletOfTag(tag: string): string | undefined {
    return (this.stmts.walletOfTag.get(tag) as { wallet: string } | undefined)?.wallet
  }

  /** The wallet's user tag, creating a random unique one (6 of 0–9A–Z, as Go) on first use. */
  ensureTag(wallet: string): string {
    const existing = this.tagOf(wallet)
    if (existing) return existing
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
    for (;;) {
      let tag = ''
      for (let i = 0; i < 6; i++) tag += alphabet[randomInt(alphabet.length)]
      if (!this.walletOfTag(tag)) {
        this.stmts.insertTag.run(wallet, tag)
        return tag
      }
    }
  }
}
