import type { Address } from 'viem'
import { authRequest, authVerify } from './auth/challenge.js'
import { loadJwtSecret } from './auth/jwt.js'
import {
  activeKey,
  checkCap,
  getSessionKeys,
  revokeSessionKey,
  walletOf,
} from './auth/session-keys.js'
import {
  type AssetConfig,
  AUTH_IDLE_MS,
  type DevnodeLogger,
  MSG_EXPIRY_MS,
  PROTOCOLS,
} from './config.js'
import {
  ACCOUNT_TYPE,
  type AppSessionRow,
  type Position,
  type SessionKeyRow,
  type Store,
} from './db/store.js'
import { norm, sessionPos, walletPos } from './ledger/positions.js'
import {
  getLedgerBalances,
  getLedgerEntries,
  getLedgerTransactions,
  getUserTag,
} from './ledger/reads.js'
import { transfer } from './ledger/transfer.js'
import { Connections } from './rpc/connections.js'
import { type Connection, type Handler, Outbox, type RpcContext, RpcError } from './rpc/context.js'
import { assetList, getAssets, getConfig, noChannels, testModeDisabled } from './rpc/info.js'
import { notify, pushAppSession, pushBalances, signFrame } from './rpc/notify.js'
import { amount, obj, optional, str, uint } from './rpc/params.js'
import { sessionJson, stateResponse, txJson } from './rpc/wire.js'
import { type BrokerSigner, recoverSigners } from './util/crypto.js'
import { Dec, formatDecimal } from './util/decimal.js'
import { parseEnvelope, type RequestFrame } from './util/envelope.js'
import { appSessionId, type GoDefinition } from './util/go-json.js'

export { type Connection, RpcError } from './rpc/context.js'

const PRIVATE = new Set([
  'get_user_tag',
  'get_ledger_balances',
  'get_rpc_history',
  'get_session_keys',
  'revoke_session_key',
  'transfer',
  'create_app_session',
  'submit_app_state',
  'close_app_session',
  'create_channel',
  'resize_channel',
  'close_channel',
])

/** The devnode's RPC engine: envelope, auth, ledger, app sessions, relay, notifications. */
export class RpcNode {
  private readonly ctx: RpcContext
  private readonly handlers: Record<
    string,
    (conn: Connection, frame: RequestFrame, out: Outbox) => unknown
  >

  constructor(
    readonly store: Store,
    readonly broker: BrokerSigner,
    readonly assets: Required<AssetConfig>[],
    readonly options: { relay: boolean; logger: DevnodeLogger },
  ) {
    this.ctx = {
      store,
      broker,
      assets,
      logger: options.logger,
      connections: new Connections(),
      challenges: new Map(),
      jwtSecret: loadJwtSecret(store),
      recentTransfers: new Map(),
    }
    const ctx = this.ctx
    const use = (h: Handler) => (c: Connection, f: RequestFrame, o: Outbox) => h(ctx, c, f, o)
    this.handlers = {
      ping: () => null,
      get_config: use(getConfig),
      get_assets: use(getAssets),
      get_channels: () => ({ channels: [] }),
      auth_request: use(authRequest),
      auth_verify: use(authVerify),
      get_user_tag: use(getUserTag),
      get_ledger_balances: use(getLedgerBalances),
      get_ledger_entries: use(getLedgerEntries),
      get_ledger_transactions: use(getLedgerTransactions),
      get_rpc_history: () => ({ rpc_entries: [] }),
      get_session_keys: use(getSessionKeys),
      revoke_session_key: use(revokeSessionKey),
      transfer: use(transfer),
      get_app_definition: (_c, f) => this.getAppDefinition(f),
      get_app_sessions: (_c, f) => this.getAppSessions(f),
      create_app_session: (c, f, o) => this.createAppSession(c, f, o),
      submit_app_state: (c, f, o) => this.submitAppState(c, f, o),
      close_app_session: (c, f, o) => this.closeAppSession(c, f, o),
      create_channel: use(noChannels),
      resize_channel: use(noChannels),
      close_channel: use(noChannels),
      cleanup_session_key_cache: use(testModeDisabled),
    }
    if (options.relay) this.handlers.message = (c, f) => this.relay(c, f)
  }

  // ---------------------------------------------------------------- connections

  /** Sends the `assets` notification a new connection receives first. */
  async onConnect(conn: Connection): Promise<void> {
    await notify(this.ctx, [conn], 'assets', { assets: assetList(this.assets) })
  }

  onClose(conn: Connection): void {
    this.ctx.connections.remove(conn)
  }

  // ---------------------------------------------------------------- frames

  private frame(id: string, method: string, params: unknown, ts: number): Promise<string> {
    return signFrame(this.broker, id, method, params, ts)
  }

  private notify(conns: Connection[], method: string, params: unknown): Promise<void> {
    return notify(this.ctx, conns, method, params)
  }

  private connectionsOf(walletAddress: string): Connection[] {
    return this.ctx.connections.of(walletAddress)
  }

  /** Pushes the wallet's full unified balance list to all of its connections. */
  pushBalances(walletAddress: string): Promise<void> {
    return pushBalances(this.ctx, walletAddress)
  }

  /** Answers a frame that was not processed (e.g. too large) with an error. */
  async refuse(conn: Connection, message: string): Promise<void> {
    conn.send(await this.frame(String(Date.now()), 'error', { error: message }, Date.now()))
  }

  /** Handles one text frame from `conn`; resolves once every resulting frame is sent. */
  async handle(conn: Connection, text: string): Promise<void> {
    const parsed = parseEnvelope(text)
    if (!parsed.ok) {
      const id = parsed.idRaw ?? String(Date.now())
      conn.send(await this.frame(id, 'error', { error: parsed.error }, Date.now()))
      return
    }
    const frame = parsed.frame
    const replyTs = () => Math.max(Date.now(), frame.ts + 1)
    const handler = this.handlers[frame.method]
    if (!handler) {
      conn.send(
        await this.frame(
          frame.idRaw,
          'error',
          { error: `unknown method: ${frame.method}` },
          replyTs(),
        ),
      )
      return
    }
    const out = new Outbox()
    let result: { method: string; params: unknown } | undefined
    try {
      if (PRIVATE.has(frame.method)) this.gate(conn, frame)
      const params = await handler(conn, frame, out)
      if (frame.method === 'message') return // relayed: the echo is the acknowledgement
      const method =
        frame.method === 'auth_request'
          ? 'auth_challenge'
          : frame.method === 'ping'
            ? 'pong'
            : frame.method
      result = { method, params }
    } catch (error) {
      const message =
        error instanceof RpcError ? error.message : 'an error occurred while processing the request'
      if (!(error instanceof RpcError))
        this.options.logger.error(`handler ${frame.method} failed`, error)
      result = { method: 'error', params: { error: message } }
    }
    // Notifications produced by the committed change precede the response (Go frame order).
    for (const w of out.balanceUpdates) await this.pushBalances(w)
    for (const s of out.asu) await pushAppSession(this.ctx, s)
    for (const t of out.transfers) {
      for (const w of t.wallets)
        await this.notify(this.connectionsOf(w), 'tr', { transactions: t.tx.map(txJson) })
    }
    if (
      conn.wallet &&
      ['create_app_session', 'submit_app_state', 'close_app_session', 'transfer'].includes(
        frame.method,
      )
    ) {
      await this.pushBalances(conn.wallet)
    }
    conn.send(await this.frame(frame.idRaw, result.method, result.params, replyTs()))
    for (const f of out.after) await f()
  }

  private gate(conn: Connection, frame: RequestFrame): void {
    if (!conn.wallet) throw new RpcError('authentication required')
    const last = this.ctx.connections.lastActiveAt(conn.wallet)
    if (Date.now() - last > AUTH_IDLE_MS)
      throw new RpcError('session expired, please re-authenticate')
    this.ctx.connections.touch(conn.wallet)
    const tsDigits = String(frame.ts).length
    if (tsDigits !== 13 || Date.now() - frame.ts > MSG_EXPIRY_MS)
      throw new RpcError('invalid message timestamp')
  }

  // ---------------------------------------------------------------- signers

  private async signers(frame: RequestFrame, fallback: string): Promise<Address[]> {
    try {
      return await recoverSigners(frame.reqRaw, frame.sigs)
    } catch {
      throw new RpcError(fallback)
    }
  }

  // ---------------------------------------------------------------- public methods

  // ---------------------------------------------------------------- keys, ledger

  // ---------------------------------------------------------------- app sessions

  private getAppDefinition(frame: RequestFrame) {
    const p = optional(frame.params)
    const id = typeof p.app_session_id === 'string' ? p.app_session_id : ''
    if (!id) throw new RpcError('missing account ID')
    const s = this.store.session(id)
    if (!s) throw new RpcError('failed to get application session')
    return {
      application: s.application,
      protocol: s.protocol,
      participants: JSON.parse(s.participants),
      weights: JSON.parse(s.weights),
      quorum: s.quorum,
      challenge: s.challenge,
      nonce: s.nonce,
    }
  }

  private getAppSessions(frame: RequestFrame) {
    const p = optional(frame.params)
    const sort = p.sort === undefined || p.sort === '' ? 'desc' : p.sort
    if (sort !== 'asc' && sort !== 'desc') throw new RpcError('failed to get application sessions')
    const limitRaw = typeof p.limit === 'number' && p.limit > 0 ? p.limit : 10
    const rows = this.store.listSessions({
      participant: typeof p.participant === 'string' && p.participant ? p.participant : undefined,
      status: typeof p.status === 'string' && p.status ? p.status : undefined,
      offset: typeof p.offset === 'number' && p.offset > 0 ? p.offset : 0,
      limit: Math.min(limitRaw, 100),
      sort,
    })
    return { app_sessions: rows.map(sessionJson) }
  }

  private parseDefinition(raw: unknown): GoDefinition {
    const d = obj(raw)
    const participants = d.participants ?? []
    const weights = d.weights ?? []
    if (!Array.isArray(participants) || !participants.every((x) => typeof x === 'string'))
      throw new RpcError('failed to parse parameters')
    if (
      !Array.isArray(weights) ||
      !weights.every((w) => typeof w === 'number' && Number.isInteger(w))
    )
      throw new RpcError('failed to parse parameters')
    return {
      application: str(d.application),
      protocol: str(d.protocol),
      participants: participants as string[],
      weights: weights as number[],
      quorum: uint(d.quorum),
      challenge: uint(d.challenge),
      nonce: uint(d.nonce),
    }
  }

  private parseAllocations(raw: unknown): { participant: string; asset: string; amount: Dec }[] {
    if (raw === undefined || raw === null) return []
    if (!Array.isArray(raw)) throw new RpcError('failed to parse parameters')
    return raw.map((a) => {
      const o = obj(a)
      return { participant: str(o.participant), asset: str(o.asset), amount: amount(o.amount) }
    })
  }

  private async createAppSession(_conn: Connection, frame: RequestFrame, out: Outbox) {
    const p = obj(frame.params)
    const def = this.parseDefinition(p.definition ?? {})
    const allocations = this.parseAllocations(p.allocations)
    const sessionData =
      p.session_data === undefined || p.session_data === null ? '' : str(p.session_data)
    const signers = await this.signers(frame, 'failed to get signers from RPC message')
    if (!PROTOCOLS.has(def.protocol)) throw new RpcError(`unsupported protocol: ${def.protocol}`)
    if (def.participants.length < 2) throw new RpcError('invalid number of participants')
    if (def.weights.length !== def.participants.length)
      throw new RpcError('number of weights must be equal to participants')
    if (def.nonce === 0) throw new RpcError('nonce is zero or not provided')
    def.weights.forEach((w, i) => {
      if (w < 0) throw new RpcError(`participant ${def.participants[i]} weight cannot be negative`)
    })
    const total = def.weights.reduce((a, b) => a + b, 0)
    if (def.quorum > total)
      throw new RpcError(
        `target quorum (${def.quorum}) cannot be greater than total sum of weights (${total})`,
      )
    const id = appSessionId(def)
    this.store.tx(() => {
      for (const a of allocations) {
        if (a.amount.isZero()) continue
        if (a.amount.isNegative())
          throw new RpcError(`negative allocation: ${formatDecimal(a.amount)} for asset ${a.asset}`)
        let key: SessionKeyRow | undefined
        if (!signers.includes(a.participant as Address)) {
          for (const s of signers) {
            const k = activeKey(this.store, s)
            if (k && k.wallet === a.participant) {
              key = k
              break
            }
          }
          if (!key) throw new RpcError(`missing signature for participant ${a.participant}`)
          if (key.application !== 'clearnode' && key.application !== def.application) {
            throw new RpcError(
              `session key application validation failed: session key application mismatch: session key is for '${key.application}', but app session is for '${def.application}'`,
            )
          }
          checkCap(this.store, key, a.asset, a.amount, 'session key spending validation failed: ')
        }
        const who = norm(a.participant)
        if (this.store.balance(who, who, a.asset).lt(a.amount))
          throw new RpcError(`insufficient funds: ${a.participant} for asset ${a.asset}`)
        this.store.move({
          from: walletPos(who),
          to: sessionPos(id, who),
          asset: a.asset,
          amount: a.amount,
          txType: 'app_deposit',
          sessionKey: key?.id,
        })
        out.bu(a.participant)
      }
      if (this.store.session(id)) throw new RpcError('failed to create application session')
      this.store.insertSession({
        app_session_id: id,
        application: def.application,
        protocol: def.protocol,
        participants: JSON.stringify(def.participants),
        weights: JSON.stringify(def.weights),
        quorum: def.quorum,
        challenge: def.challenge,
        nonce: def.nonce,
        version: 1,
        status: 'open',
        session_data: sessionData || null,
      })
    })
    return stateResponse(id, 1, 'open')
  }

  /** Quorum over distinct signing wallets; every signer must map to a participant. */
  private async quorum(frame: RequestFrame, s: AppSessionRow, prefix: string) {
    const signers = await this.signers(frame, 'failed to get signers from RPC message')
    const participants = JSON.parse(s.participants) as string[]
    const weights = JSON.parse(s.weights) as number[]
    const wallets = new Set<string>()
    for (const signer of signers) {
      const w = walletOf(this.store, signer)
      if (!participants.includes(w))
        throw new RpcError(`signature from unknown participant wallet ${w}`)
      wallets.add(w)
    }
    let sum = 0
    for (const w of wallets) sum += weights[participants.indexOf(w)] ?? 0
    if (sum < s.quorum) throw new RpcError(`${prefix}: quorum not reached: ${sum} / ${s.quorum}`)
    // Session-key signers must be active and scoped to this application.
    for (const signer of signers) {
      if (participants.includes(signer)) continue
      const k = activeKey(this.store, signer)
      if (!k)
        throw new RpcError(
          `failed to get session key for signer ${signer}: session key not found or expired`,
        )
      if (k.application !== 'clearnode' && k.application !== s.application) {
        throw new RpcError(
          `session key application validation failed for signer ${signer}: session key application mismatch: session key is for '${k.application}', but app session is for '${s.application}'`,
        )
      }
    }
    return { signers, wallets, participants }
  }

  private openSession(id: string): AppSessionRow {
    const s = id ? this.store.session(id) : undefined
    if (!s || s.status !== 'open')
      throw new RpcError('an open app session not found: record not found')
    return s
  }

  /** Current session balances: participant → asset → amount. */
  private holdings(id: string): Map<string, Map<string, Dec>> {
    const out = new Map<string, Map<string, Dec>>()
    for (const r of this.store.accountBalances(id)) {
      if (r.participant === this.broker.address) continue
      let m = out.get(r.participant)
      if (!m) {
        m = new Map()
        out.set(r.participant, m)
      }
      m.set(r.asset, new Dec(r.amount))
    }
    return out
  }

  private assetTotals(h: Map<string, Map<string, Dec>>): Map<string, Dec> {
    const t = new Map<string, Dec>()
    for (const m of h.values())
      for (const [asset, v] of m) t.set(asset, (t.get(asset) ?? new Dec(0)).plus(v))
    return t
  }

  /** The conservation reason for one asset, or undefined when the rows match the session total. */
  private conservation(
    totals: Map<string, Dec>,
    rows: { asset: string; amount: Dec }[],
  ): string | undefined {
    const sums = new Map<string, Dec>()
    for (const r of rows) sums.set(r.asset, (sums.get(r.asset) ?? new Dec(0)).plus(r.amount))
    for (const [asset, sum] of sums) {
      const total = totals.get(asset)
      if (total === undefined)
        return sum.isZero() ? undefined : `allocation references unknown asset ${asset}`
      if (total.isZero() && !sum.isZero())
        return `asset ${asset} is not deposited into the app session. Please deposit the asset first`
      if (!total.eq(sum)) return `asset ${asset} not fully redistributed`
    }
    for (const [asset, total] of totals) {
      if (!total.isZero() && !sums.has(asset)) return `asset ${asset} not fully redistributed`
    }
    return undefined
  }

  private async submitAppState(_conn: Connection, frame: RequestFrame, out: Outbox) {
    const p = obj(frame.params)
    const id = str(p.app_session_id)
    const rows = this.parseAllocations(p.allocations)
    const intent = str(p.intent)
    const version = uint(p.version)
    const sessionData =
      p.session_data === undefined || p.session_data === null ? undefined : str(p.session_data)
    await this.signers(frame, 'failed to get signers from RPC message')
    const s = this.openSession(id)
    if (s.protocol === 'NitroRPC/0.4') {
      if (version !== s.version + 1)
        throw new RpcError(
          `incorrect app state: incorrect version: expected ${s.version + 1}, got ${version}`,
        )
    } else if (intent !== '' || version !== 0) {
      throw new RpcError(
        'incorrect request: specified parameters are not supported in this protocol',
      )
    }
    const prefix =
      intent === 'deposit'
        ? 'incorrect deposit request'
        : intent === 'withdraw'
          ? 'incorrect withdrawal request'
          : 'incorrect submit_state request'
    const { signers, participants } = await this.quorum(frame, s, prefix)
    if (!['', 'operate', 'deposit', 'withdraw'].includes(intent))
      throw new RpcError(`incorrect app state: unsupported intent: ${intent}`)
    const before = this.holdings(id)
    const totals = this.assetTotals(before)
    const current = (participant: string, asset: string) =>
      before.get(norm(participant))?.get(asset) ?? new Dec(0)
    this.store.tx(() => {
      if (intent === 'deposit') {
        let increased = false
        for (const r of rows) {
          if (!participants.includes(r.participant))
            throw new RpcError(`allocation to non-participant ${r.participant}`)
          const cur = current(r.participant, r.asset)
          if (r.amount.lt(cur))
            throw new RpcError(
              `incorrect deposit request: decreased allocation for participant ${r.participant}`,
            )
          if (r.amount.eq(cur)) continue
          increased = true
          const delta = r.amount.minus(cur)
          let key: SessionKeyRow | undefined
          if (!signers.includes(r.participant as Address)) {
            key = signers
              .map((x) => activeKey(this.store, x))
              .find((k) => k?.wallet === r.participant)
            if (!key)
              throw new RpcError('incorrect deposit request: depositor signature is required')
          }
          const who = norm(r.participant)
          if (this.store.balance(who, who, r.asset).lt(delta))
            throw new RpcError('incorrect deposit request: insufficient unified balance')
          if (key)
            checkCap(this.store, key, r.asset, delta, 'session key spending validation failed: ')
          this.store.move({
            from: walletPos(who),
            to: sessionPos(id, who),
            asset: r.asset,
            amount: delta,
            txType: 'app_deposit',
            sessionKey: key?.id,
          })
          out.bu(r.participant)
        }
        if (!increased)
          throw new RpcError('incorrect deposit request: non-positive allocations sum delta')
      } else if (intent === 'withdraw') {
        let decreased = false
        for (const r of rows) {
          if (!participants.includes(r.participant))
            throw new RpcError(`allocation to non-participant ${r.participant}`)
          if (r.amount.isNegative())
            throw new RpcError(
              `negative allocation: ${formatDecimal(r.amount)} for asset ${r.asset}`,
            )
          const cur = current(r.participant, r.asset)
          if (r.amount.gt(cur))
            throw new RpcError(
              `incorrect withdrawal request: increased allocation for participant ${r.participant}`,
            )
          if (r.amount.eq(cur)) continue
          decreased = true
          const who = norm(r.participant)
          this.store.move({
            from: sessionPos(id, who),
            to: walletPos(who),
            asset: r.asset,
            amount: cur.minus(r.amount),
            txType: 'app_withdrawal',
          })
          out.bu(r.participant)
        }
        if (!decreased)
          throw new RpcError('incorrect withdrawal request: non-negative allocations sum delta')
      } else {
        for (const r of rows) {
          if (r.amount.isNegative())
            throw new RpcError(
              `negative allocation: ${formatDecimal(r.amount)} for asset ${r.asset}`,
            )
          if (!participants.includes(r.participant))
            throw new RpcError(`allocation to non-participant ${r.participant}`)
        }
        const reason = this.conservation(totals, rows) ?? this.completeness(before, rows)
        if (reason)
          throw new RpcError(`incorrect operate request: non-zero allocations sum delta: ${reason}`)
        this.redistribute(id, before, rows)
      }
      this.store.updateSession(id, s.version + 1, 'open', sessionData ?? s.session_data)
    })
    const updated = this.store.session(id)!
    out.asu.push(updated)
    return stateResponse(id, updated.version, 'open')
  }

  /**
   * Refuses the Go quirk where a funded holder left out of an operate/close keeps its balance
   * while the listed rows still match the total (value created from nothing).
   */
  private completeness(
    before: Map<string, Map<string, Dec>>,
    rows: { participant: string; asset: string }[],
  ): string | undefined {
    for (const [participant, m] of before) {
      for (const [asset, v] of m) {
        if (v.isZero()) continue
        if (!rows.some((r) => r.asset === asset && norm(r.participant) === participant)) {
          return `asset ${asset} not fully redistributed: allocation for participant ${participant} is missing`
        }
      }
    }
    return undefined
  }

  /** Sets the session's balances to the listed rows (conservation already checked). */
  private redistribute(
    id: string,
    before: Map<string, Map<string, Dec>>,
    rows: { participant: string; asset: string; amount: Dec }[],
  ) {
    const target = new Map<string, Dec>()
    for (const r of rows) {
      const k = `${norm(r.participant)}|${r.asset}`
      target.set(k, (target.get(k) ?? new Dec(0)).plus(r.amount))
    }
    // Move decreases into a transient escrow, then increases out of it: the ledger stays balanced.
    const escrow: Position = {
      account: id,
      participant: this.broker.address,
      type: ACCOUNT_TYPE.appSession,
    }
    const ups: [string, string, Dec][] = []
    for (const [k, amt] of target) {
      const [who, asset] = k.split('|') as [string, string]
      const cur = before.get(who)?.get(asset) ?? new Dec(0)
      if (amt.lt(cur))
        this.store.move({
          from: sessionPos(id, who),
          to: escrow,
          asset,
          amount: cur.minus(amt),
          txType: 'escrow_lock',
        })
      else if (amt.gt(cur)) ups.push([who, asset, amt.minus(cur)])
    }
    for (const [who, asset, delta] of ups)
      this.store.move({
        from: escrow,
        to: sessionPos(id, who),
        asset,
        amount: delta,
        txType: 'escrow_unlock',
      })
  }

  private async closeAppSession(_conn: Connection, frame: RequestFrame, out: Outbox) {
    const p = obj(frame.params)
    const id = str(p.app_session_id)
    const rows = this.parseAllocations(p.allocations)
    const sessionData =
      p.session_data === undefined || p.session_data === null ? undefined : str(p.session_data)
    await this.signers(frame, 'failed to get signers from RPC message')
    if (!id || rows.length === 0)
      throw new RpcError('missing required parameters: app_id or allocations')
    const s = this.openSession(id)
    const { participants } = await this.quorum(frame, s, 'incorrect submit_state request')
    const before = this.holdings(id)
    const totals = this.assetTotals(before)
    this.store.tx(() => {
      for (const r of rows) {
        if (r.amount.isNegative())
          throw new RpcError(`negative allocation: ${formatDecimal(r.amount)} for asset ${r.asset}`)
        if (!participants.includes(r.participant))
          throw new RpcError(`allocation to non-participant ${r.participant}`)
      }
      const reason = this.conservation(totals, rows)
      if (reason) throw new RpcError(reason)
      // Every holder's session balance leaves the session (no stranded funds), then each row
      // is paid out to its participant's unified account.
      const escrow: Position = {
        account: id,
        participant: this.broker.address,
        type: ACCOUNT_TYPE.appSession,
      }
      for (const [who, m] of before) {
        for (const [asset, v] of m)
          if (v.gt(0))
            this.store.move({
              from: sessionPos(id, who),
              to: escrow,
              asset,
              amount: v,
              txType: 'escrow_lock',
            })
      }
      for (const r of rows) {
        if (r.amount.isZero()) continue
        const who = norm(r.participant)
        this.store.move({
          from: escrow,
          to: walletPos(who),
          asset: r.asset,
          amount: r.amount,
          txType: 'app_withdrawal',
        })
        out.bu(r.participant)
      }
      this.store.updateSession(id, s.version + 1, 'closed', sessionData ?? s.session_data)
    })
    return stateResponse(id, s.version + 1, 'closed')
  }

  // ---------------------------------------------------------------- relay

  private async relay(conn: Connection, frame: RequestFrame): Promise<void> {
    const denied = 'unauthorized: invalid signature or sender is not a participant of this vApp'
    if (!conn.wallet) throw new RpcError('authentication required')
    const sid = frame.sid
    if (!sid) throw new RpcError('Failed to forward message: missing sid')
    let participants: string[]
    const session = this.store.session(sid)
    if (session) {
      participants = JSON.parse(session.participants)
    } else {
      // Pre-creation relay: the params carry the definition whose id is the sid.
      const params = frame.params as Record<string, unknown> | null
      let def: GoDefinition | undefined
      try {
        def =
          params && typeof params === 'object' && params.definition
            ? this.parseDefinition(params.definition)
            : undefined
      } catch {
        def = undefined
      }
      if (!def || appSessionId(def) !== sid)
        throw new RpcError(`Failed to forward message: app session ${sid} not found`)
      participants = def.participants
    }
    let signers: string[]
    try {
      signers = await recoverSigners(frame.reqRaw, frame.sigs)
    } catch {
      throw new RpcError(denied)
    }
    const wallets = signers.map((s) => walletOf(this.store, s))
    if (!wallets.includes(conn.wallet) || !participants.includes(conn.wallet))
      throw new RpcError(denied)
    // A sender may not speak for another participant (Nitrolite Kit frames name their sender).
    const from = (frame.params as { from?: unknown } | null)?.from
    if (from !== undefined && from !== conn.wallet) throw new RpcError(denied)
    for (const w of new Set(participants)) for (const c of this.connectionsOf(w)) c.send(frame.raw)
  }
}
