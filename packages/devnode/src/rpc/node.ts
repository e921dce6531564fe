import { loadJwtSecret } from '../auth/jwt.js'
import { type AssetConfig, AUTH_IDLE_MS, type DevnodeLogger, type DevnodeMode } from '../config.js'
import type { Store } from '../db/store.js'
import type { BrokerSigner } from '../util/crypto.js'
import { type EnvelopeResult, parseEnvelope, type RequestFrame } from '../util/envelope.js'
import { Connections } from './connections.js'
import { type Connection, Outbox, type RpcContext, RpcError } from './context.js'
import { assetList } from './info.js'
import { type MethodSpec, methodsFor } from './methods.js'
import { notify, pushAppSession, pushBalances, type SentBalances, signFrame } from './notify.js'
import { checkMessageAge } from './timestamps.js'
import { txJson } from './wire.js'

/**
 * The devnode's RPC engine: connection bookkeeping, envelope handling and dispatch through
 * the method table of `rpc/methods.ts`; the methods themselves live in their areas.
 */
export class RpcNode {
  private readonly ctx: RpcContext
  private readonly methods: ReadonlyMap<string, MethodSpec>

  /** A node over `store`, signing with `broker`, serving `assets`. */
  constructor(
    store: Store,
    broker: BrokerSigner,
    assets: Required<AssetConfig>[],
    options: { relay: boolean; logger: DevnodeLogger; mode?: DevnodeMode },
  ) {
    this.ctx = {
      store,
      broker,
      assets,
      logger: options.logger,
      mode: options.mode ?? 'production',
      connections: new Connections(),
      challenges: new Map(),
      jwtSecret: loadJwtSecret(store),
      recentTransfers: new Map(),
    }
    this.methods = methodsFor(options.relay)
  }

  /** Sends the `assets` notification a new connection receives first. */
  async onConnect(conn: Connection): Promise<void> {
    await notify(this.ctx, [conn], 'assets', { assets: assetList(this.ctx.assets) })
  }

  /** Forgets a closed connection. */
  onClose(conn: Connection): void {
    this.ctx.connections.remove(conn)
  }

  /** Pushes the wallet's full unified balance list to all of its connections. */
  pushBalances(walletAddress: string): Promise<void> {
    return pushBalances(this.ctx, walletAddress)
  }

  /** Answers a frame that was not processed (e.g. too large) with an error. */
  async refuse(conn: Connection, message: string): Promise<void> {
    conn.send(await this.frame(String(Date.now()), 'error', { error: message }, Date.now()))
  }

  /**
   * Handles one text frame from `conn`; resolves once every resulting frame is sent. `parsed`
   * is `parseEnvelope(text)` when the caller already scanned the frame (it is scanned once).
   */
  async handle(
    conn: Connection,
    text: string,
    parsed: EnvelopeResult = parseEnvelope(text),
  ): Promise<void> {
    if (!parsed.ok) {
      const id = parsed.idRaw ?? String(Date.now())
      conn.send(await this.frame(id, 'error', { error: parsed.error }, Date.now()))
      return
    }
    const frame = parsed.frame
    const replyTs = () => Math.max(Date.now(), frame.ts + 1)
    const spec = this.methods.get(frame.method)
    if (!spec) {
      const unknown = { error: `unknown method: ${frame.method}` }
      conn.send(await this.frame(frame.idRaw, 'error', unknown, replyTs()))
      return
    }
    const out = new Outbox()
    let result: { method: string; params: unknown }
    try {
      if (spec.access === 'private') this.gate(conn, frame)
      const params = await spec.handler(this.ctx, conn, frame, out)
      if (spec.reply === null) return // relayed: the echo is the acknowledgement
      result = { method: spec.reply, params }
    } catch (error) {
      const message =
        error instanceof RpcError ? error.message : 'an error occurred while processing the request'
      if (!(error instanceof RpcError))
        this.ctx.logger.error(`handler ${frame.method} failed`, error)
      result = { method: 'error', params: { error: message } }
    }
    const sent: SentBalances = new Map()
    await this.flush(out, sent)
    if (conn.wallet && spec.pushesBalances) await pushBalances(this.ctx, conn.wallet, sent)
    conn.send(await this.frame(frame.idRaw, result.method, result.params, replyTs()))
    for (const f of out.after) await f()
  }

  /** Notifications produced by the committed change, which precede the response (Go frame order). */
  private async flush(out: Outbox, sent: SentBalances): Promise<void> {
    for (const w of out.balanceUpdates) await pushBalances(this.ctx, w, sent)
    for (const s of out.asu) await pushAppSession(this.ctx, s)
    for (const t of out.transfers) {
      for (const w of t.wallets)
        await notify(this.ctx, this.ctx.connections.of(w), 'tr', {
          transactions: t.tx.map(txJson),
        })
    }
  }

  /** The checks of every private method: auth, 24 h idle expiry, a fresh timestamp. */
  private gate(conn: Connection, frame: RequestFrame): void {
    if (!conn.wallet) throw new RpcError('authentication required')
    const last = this.ctx.connections.lastActiveAt(conn.wallet)
    if (Date.now() - last > AUTH_IDLE_MS)
      throw new RpcError('session expired, please re-authenticate')
    this.ctx.connections.touch(conn.wallet)
    checkMessageAge(frame.ts)
  }

  private frame(id: string, method: string, params: unknown, ts: number): Promise<string> {
    return signFrame(this.ctx.broker, id, method, params, ts)
  }
}
