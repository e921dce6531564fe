import type { Challenge } from '../auth/challenge.js'
import type { AssetConfig, DevnodeLogger, DevnodeMode } from '../config.js'
import type { AppSessionRow, Store, TransactionRow } from '../db/store.js'
import type { BrokerSigner } from '../util/crypto.js'
import type { RequestFrame } from '../util/envelope.js'
import type { Connections } from './connections.js'

/** One client connection as the RPC layer sees it. */
export interface Connection {
  readonly id: number
  /** Sends a frame; a request's frames to this connection leave together at the end of the tick. */
  send(text: string): void
  /**
   * Sends a frame at once (kept in order with `send`): for the one frame a connection gets from
   * someone else's request, such as a relayed message. Defaults to `send` where absent.
   */
  sendNow?(text: string): void
  wallet?: string
  sessionKey?: string
}

/** A handler failure whose message is sent to the client verbatim. */
export class RpcError extends Error {}

/** Frames produced while handling one request, flushed in order after the handler. */
export class Outbox {
  /** Work run after the response frame is sent (e.g. the post-auth pushes). */
  readonly after: (() => Promise<void>)[] = []
  /** Wallets whose `bu` must be sent (in order, deduplicated) after commit. */
  readonly balanceUpdates: string[] = []
  /** App sessions whose `asu` must be sent after commit. */
  readonly asu: AppSessionRow[] = []
  /** Transactions whose `tr` must be sent to the listed wallets after commit. */
  readonly transfers: { wallets: string[]; tx: TransactionRow[] }[] = []
  /** Queues a `bu` for `wallet` (once per request). */
  bu(wallet: string): void {
    if (!this.balanceUpdates.includes(wallet)) this.balanceUpdates.push(wallet)
  }
}

/** What every handler may use: persistence, the broker, options and per-node state. */
export interface RpcContext {
  readonly store: Store
  readonly broker: BrokerSigner
  readonly assets: readonly Required<AssetConfig>[]
  readonly logger: DevnodeLogger
  /** `test` serves the test-mode methods (`cleanup_session_key_cache`), as Go's test mode. */
  readonly mode: DevnodeMode
  /** Open connections by wallet, and each wallet's last activity. */
  readonly connections: Connections
  /** Pending auth challenges by challenge id. */
  readonly challenges: Map<string, Challenge>
  /** HMAC key of issued JWTs (persisted in the database). */
  readonly jwtSecret: Buffer
  /** Raw `req` bytes of recently applied transfers (replay protection) → time applied. */
  readonly recentTransfers: Map<string, number>
}

/** A method handler: its return value is the params of the success response. */
export type Handler = (
  ctx: RpcContext,
  conn: Connection,
  frame: RequestFrame,
  out: Outbox,
) => Promise<unknown> | unknown
