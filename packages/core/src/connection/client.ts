import {
  createApplicationMessage,
  createAppSessionMessage,
  createAuthRequestMessage,
  createAuthVerifyMessage,
  createAuthVerifyMessageWithJWT,
  createCloseAppSessionMessage,
  createEIP712AuthMessageSigner,
  createGetAppDefinitionMessageV2,
  createGetAppSessionsMessageV2,
  createGetAssetsMessageV2,
  createGetConfigMessageV2,
  createGetLedgerBalancesMessage,
  createGetLedgerEntriesMessageV2,
  createGetLedgerTransactionsMessageV2,
  createPingMessageV2,
  createSubmitAppStateMessage,
  type MessageSigner,
  parseAnyRPCResponse,
} from '@erc7824/nitrolite'
import { type Address, getAddress, type Hex, keccak256, toBytes, type WalletClient } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { formatAmount, parseAmount, sumByAsset } from '../amounts/amounts.js'
import { computeAppSessionId } from '../app-sessions/app-session-id.js'
import {
  memorySessionKeyStore,
  type SessionKeyStore,
  type StoredSessionKey,
} from '../auth/session-key-store.js'
import {
  AllowanceExceededError,
  AppSessionClosedError,
  BaseError,
  ConnectionLostError,
  NodeRejectedError,
  RelayUnsupportedError,
  SignatureCollectionError,
  TimeoutError,
  ValidationError,
} from '../errors.js'
import { type Logger, silentLogger } from '../logger.js'
import {
  clearNodeRelay,
  type MessageTransport,
  type MessageTransportFactory,
  type TransportMessage,
} from '../transports/transport.js'
import type {
  Allocation,
  Allowance,
  AppDefinition,
  AppSession,
  Asset,
  Balance,
  ConnectionStatus,
  Intent,
  PreparedRequest,
  SessionMessage,
  SignedMethod,
} from '../types.js'
import {
  requiredSigners,
  validateAllocations,
  validateDefinition,
} from '../validation/validation.js'

/** Minimal WebSocket shape the client needs (browser `WebSocket` or the `ws` package). */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((ev: unknown) => void) | null
  onclose: ((ev: unknown) => void) | null
  onerror: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
}

/** A WebSocket constructor. */
export type WebSocketConstructor = new (url: string) => WebSocketLike

/** A co-signing request from another participant, waiting for this user's decision. */
export interface SignatureRequest {
  /** keccak256 of the payload. */
  id: Hex
  from: Address
  prepared: PreparedRequest
  /** The session's allocations as this client last knew them (none for a create). */
  current?: Allocation[]
  /** Signs with this client's session key and sends the signature to the initiator. */
  approve(): Promise<void>
  /** Tells the initiator this user declines. */
  reject(reason?: string): Promise<void>
}

/** Decides whether a signature request is signed without asking the user. */
export type AutoSignPolicy = (request: SignatureRequest) => boolean

/** Events of {@link ClearNodeClient.on}. */
export interface ClearNodeClientEvents {
  status: ConnectionStatus
  message: SessionMessage
  appSession: AppSession
  balances: Balance[]
  signatureRequest: SignatureRequest
  /** A request left the pending list (approved, rejected, or collected elsewhere). */
  signatureRequestSettled: { id: Hex; outcome: 'approved' | 'rejected' }
  error: Error
}

/** Options of {@link createClearNodeClient}. */
export interface ClearNodeClientOptions {
  /** WebSocket URL of the ClearNode, e.g. `ws://127.0.0.1:8000/ws`. */
  url: string
  /** Application name the session key is scoped to. */
  application: string
  /** Scope string stored with the session key. Defaults to `app.create`. */
  scope?: string
  /** Spending caps of the session key. Defaults to none (the key can commit nothing). */
  allowances?: Allowance[]
  /** Session-key lifetime in seconds. Defaults to 24 h. */
  expiresIn?: number
  /** The user's wallet; it signs the EIP-712 policy once per session key. */
  walletSigner: WalletClient
  /** Where the session key and JWT are kept. Defaults to memory. */
  sessionKeyStore?: SessionKeyStore
  /** WebSocket implementation. Defaults to `globalThis.WebSocket` (pass `ws` in Node 20). */
  WebSocket?: WebSocketConstructor
  /** Per-request timeout. Defaults to 15 000 ms. */
  requestTimeoutMs?: number
  /** Reconnect with exponential backoff and jitter. Defaults to `true`. */
  reconnect?: boolean | { baseDelayMs?: number; maxDelayMs?: number; maxAttempts?: number }
  /** Keep-alive ping interval. Defaults to 25 000 ms; `0` disables it. */
  keepAliveMs?: number
  /** Delivery of session messages and co-signing traffic. Defaults to {@link clearNodeRelay}. */
  messageTransport?: MessageTransportFactory
  /** Signs incoming requests without asking when it returns `true`. Defaults to never. */
  autoSign?: AutoSignPolicy
  /** Diagnostics sink. Defaults to silent. */
  logger?: Logger
}

type Pending = {
  method: string
  resolve: (v: { method: string; params: any; text: string }) => void
  reject: (e: Error) => void
  timer: ReturnType<typeof setTimeout>
}

type Listener<E extends keyof ClearNodeClientEvents> = (value: ClearNodeClientEvents[E]) => void

const OPEN = 1

/** The client: one authenticated connection to a ClearNode and every app-session operation. */
export interface ClearNodeClient {
  readonly url: string
  readonly application: string
  getStatus(): ConnectionStatus
  /** Wallet and session key once authenticated. */
  getAccount(): { wallet: Address; sessionKey: Address } | undefined
  /** The last error that put the client in the `error` state. */
  getError(): Error | undefined
  /** Opens the socket and authenticates (JWT first, EIP-712 challenge otherwise). */
  connect(): Promise<void>
  /** Closes for good: rejects in-flight requests, removes every listener. */
  disconnect(): Promise<void>
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof ClearNodeClientEvents>(event: E, listener: Listener<E>): () => void
  /** Number of listeners currently attached (all events). */
  listenerCount(): number

  getAssets(): Promise<Asset[]>
  getConfig(): Promise<{ brokerAddress: Address }>
  getLedgerBalances(accountId?: string): Promise<Balance[]>
  getAppSessions(params?: {
    participant?: Address
    status?: 'open' | 'closed'
  }): Promise<AppSession[]>
  getAppDefinition(appSessionId: Hex): Promise<AppDefinition>
  /** Re-reads a session and every participant's holdings from the node. */
  refreshAppSession(appSessionId: Hex): Promise<AppSession | undefined>
  /** Sessions this client knows about (created, updated or listed through it). */
  getKnownSessions(): AppSession[]

  prepareCreateAppSession(p: {
    definition: AppDefinition
    allocations: Allocation[]
    sessionData?: string
  }): Promise<PreparedRequest<'create_app_session'>>
  prepareSubmitAppState(p: {
    appSessionId: Hex
    allocations: Allocation[]
    intent?: Intent
    version?: number
    sessionData?: string
  }): Promise<PreparedRequest<'submit_app_state'>>
  prepareCloseAppSession(p: {
    appSessionId: Hex
    allocations: Allocation[]
    sessionData?: string
  }): Promise<PreparedRequest<'close_app_session'>>
  /** Adds this client's session-key signature. */
  sign<P extends PreparedRequest>(prepared: P): Promise<P>
  /** Weight collected so far and weight needed. */
  signingProgress(prepared: PreparedRequest): {
    collected: number
    required: number
    complete: boolean
  }
  /** Asks the other participants to sign through the transport until the node's rule is met. */
  collectSignatures<P extends PreparedRequest>(
    prepared: P,
    options?: { timeoutMs?: number; signal?: AbortSignal; onProgress?: (p: P) => void },
  ): Promise<P>
  /** Sends a fully signed request. */
  send(prepared: PreparedRequest): Promise<AppSession>

  createAppSession(
    p: { definition: AppDefinition; allocations: Allocation[]; sessionData?: string },
    options?: CollectOptions,
  ): Promise<AppSession>
  submitAppState(
    p: { appSessionId: Hex; allocations: Allocation[]; intent?: Intent; sessionData?: string },
    options?: CollectOptions,
  ): Promise<AppSession>
  closeAppSession(
    p: { appSessionId: Hex; allocations: Allocation[]; sessionData?: string },
    options?: CollectOptions,
  ): Promise<AppSession>
  /** Sends an app message to every participant (the sender gets the echo). */
  sendMessage<T>(appSessionId: Hex, payload: T): Promise<void>
}

/** Options of the one-call operations. */
export interface CollectOptions {
  /** Time to wait for co-signatures. Defaults to 120 000 ms. */
  timeoutMs?: number
  signal?: AbortSignal
  onProgress?: (prepared: PreparedRequest) => void
}

interface Waiter {
  prepared: PreparedRequest
  onSignature(wallet: Address, signature: Hex): void
  onReject(reason: string): void
}

/**
 * Creates a client for one ClearNode connection. Nothing happens until `connect()`.
 *
 * @example
 * const client = createClearNodeClient({ url, application: 'chess', walletSigner, allowances: [{ asset: 'usdc', amount: '100' }], WebSocket })
 * await client.connect()
 * const session = await client.createAppSession({ definition, allocations })
 */
export function createClearNodeClient(options: ClearNodeClientOptions): ClearNodeClient {
  const logger = options.logger ?? silentLogger
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000
  const store = options.sessionKeyStore ?? memorySessionKeyStore()
  const reconnectCfg =
    options.reconnect === false
      ? undefined
      : {
          baseDelayMs: 250,
          maxDelayMs: 10_000,
          maxAttempts: Number.POSITIVE_INFINITY,
          ...(typeof options.reconnect === 'object' ? options.reconnect : {}),
        }
  const keepAliveMs = options.keepAliveMs ?? 25_000
  const WS = (options.WebSocket ??
    (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket) as
    | WebSocketConstructor
    | undefined

  let status: ConnectionStatus = 'disconnected'
  let lastError: Error | undefined
  let socket: WebSocketLike | undefined
  let account: { wallet: Address; sessionKey: Address } | undefined
  let sessionKey: (StoredSessionKey & { address: Address }) | undefined
  let signer: MessageSigner | undefined
  let sessionKeyAccount: ReturnType<typeof privateKeyToAccount> | undefined
  let intentionalClose = false
  let connecting: Promise<void> | undefined
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined
  let keepAliveTimer: ReturnType<typeof setInterval> | undefined
  let assetsCache: Asset[] | undefined
  let seq = Date.now() * 1000
  const nextId = () => ++seq
  const pending = new Map<number, Pending>()
  const echoes = new Map<
    number,
    { resolve: () => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }
  >()
  const listeners = new Map<keyof ClearNodeClientEvents, Set<(v: unknown) => void>>()
  const sessions = new Map<Hex, AppSession>()
  const relayListeners = new Set<(m: TransportMessage) => void>()
  const waiters = new Map<Hex, Waiter>()
  const incoming = new Map<Hex, SignatureRequest>()

  const emit = <E extends keyof ClearNodeClientEvents>(
    event: E,
    value: ClearNodeClientEvents[E],
  ) => {
    for (const l of listeners.get(event) ?? []) {
      try {
        l(value)
      } catch (error) {
        logger.error(`listener for \`${event}\` threw`, error)
      }
    }
  }

  const setStatus = (s: ConnectionStatus) => {
    if (status === s) return
    status = s
    emit('status', s)
  }

  const storeKey = (wallet: string) => `${options.application}:${wallet.toLowerCase()}`

  // ------------------------------------------------------------------ transport (relay)
  const relay = {
    async send(message: {
      appSessionId: Hex
      kind: TransportMessage['kind']
      data: unknown
      definition?: AppDefinition
    }) {
      const wallet = requireAccount().wallet
      const id = nextId()
      const params: Record<string, unknown> = {
        nk: 1,
        kind: message.kind,
        from: wallet,
        data: message.data,
      }
      if (message.definition) params.definition = message.definition
      const text = await createApplicationMessage(
        requireSigner(),
        message.appSessionId,
        params,
        id,
        Date.now(),
      )
      const ack = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          echoes.delete(id)
          reject(new TimeoutError({ method: 'message', timeoutMs: requestTimeoutMs }))
        }, requestTimeoutMs)
        echoes.set(id, { resolve, reject, timer })
      })
      // An error response (not relayed, not a participant) arrives as a normal response.
      const failure = new Promise<never>((_, reject) => {
        pending.set(id, {
          method: 'message',
          resolve: () => {},
          reject,
          timer: setTimeout(() => pending.delete(id), requestTimeoutMs + 1000),
        })
      })
      sendText(text)
      try {
        await Promise.race([ack, failure])
      } catch (error) {
        if (error instanceof NodeRejectedError && error.nodeMessage === 'unknown method: message') {
          throw new RelayUnsupportedError({ url: options.url })
        }
        throw error
      } finally {
        const p = pending.get(id)
        if (p) clearTimeout(p.timer)
        pending.delete(id)
        const e = echoes.get(id)
        if (e) clearTimeout(e.timer)
        echoes.delete(id)
      }
    },
    subscribe(listener: (m: TransportMessage) => void) {
      relayListeners.add(listener)
      return () => relayListeners.delete(listener)
    },
  }
  const transport: MessageTransport = (options.messageTransport ?? clearNodeRelay())({
    getWallet: () => account?.wallet,
    relay,
  })
  const unsubscribeTransport = transport.subscribe((m) => onTransportMessage(m))

  function requireAccount() {
    if (!account) throw new ConnectionLostError()
    return account
  }
  function requireSigner() {
    if (!signer) throw new ConnectionLostError()
    return signer
  }

  function sendText(text: string) {
    if (!socket || socket.readyState !== OPEN)
      throw new ConnectionLostError({ details: 'The socket is not open.' })
    socket.send(text)
  }

  /** Sends an SDK-built request and resolves with its response (or rejects with a typed error). */
  function request(
    text: string,
    method: string,
    timeoutMs = requestTimeoutMs,
  ): Promise<{ method: string; params: any; text: string }> {
    const id = (JSON.parse(text) as { req: [number] }).req[0]
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new TimeoutError({ method, timeoutMs }))
      }, timeoutMs)
      pending.set(id, { method, resolve, reject, timer })
      try {
        sendText(text)
      } catch (error) {
        clearTimeout(timer)
        pending.delete(id)
        reject(error)
      }
    })
  }

  function parseFrame(text: string): { method: string; params: any } {
    try {
      const parsed = parseAnyRPCResponse(text) as unknown as { method: string; params: any }
      return { method: parsed.method, params: parsed.params }
    } catch {
      const raw = JSON.parse(text) as { res: [number, string, any, number] }
      return { method: raw.res[1], params: raw.res[2] }
    }
  }

  function onText(text: string) {
    let env: {
      req?: [number, string, any, number]
      res?: [number, string, any, number]
      sid?: string
    }
    try {
      env = JSON.parse(text)
    } catch {
      logger.warn('dropped a frame that is not JSON')
      return
    }
    if (env.req && env.req[1] === 'message' && typeof env.sid === 'string')
      return onRelayed(env.req, env.sid as Hex)
    if (!env.res) return
    const [id, method] = env.res
    if (id !== 0) {
      const p = pending.get(id)
      if (!p) return
      clearTimeout(p.timer)
      pending.delete(id)
      if (method === 'error')
        p.reject(
          new NodeRejectedError({
            method: p.method,
            nodeMessage: String(env.res[2]?.error ?? 'unknown error'),
          }),
        )
      else {
        try {
          p.resolve({ ...parseFrame(text), text })
        } catch (error) {
          p.reject(error as Error)
        }
      }
      return
    }
    try {
      onNotification(parseFrame(text), env.res[2])
    } catch (error) {
      logger.warn(`could not handle notification \`${method}\``, error)
    }
  }

  function onNotification(frame: { method: string; params: any }, raw: any) {
    switch (frame.method) {
      case 'bu':
        emit('balances', (raw.balance_updates ?? []) as Balance[])
        break
      case 'assets':
        assetsCache = toAssets(raw.assets ?? [])
        break
      case 'asu': {
        const session = toSession(raw.app_session)
        session.allocations = (raw.participant_allocations ?? []).map((a: any) => ({
          participant: a.participant,
          asset: a.asset,
          amount: String(a.amount),
        }))
        remember(session)
        break
      }
      default:
        break
    }
  }

  function onRelayed(req: [number, string, any, number], sid: Hex) {
    const [id, , params, ts] = req
    const echo = echoes.get(id)
    if (echo && params?.from === account?.wallet) {
      clearTimeout(echo.timer)
      echoes.delete(id)
      echo.resolve()
    }
    if (!params || params.nk !== 1 || typeof params.from !== 'string') {
      // A relayed message from another SDK: surface it as an app message.
      for (const l of relayListeners)
        l({
          appSessionId: sid,
          sender: (params?.from ?? '0x') as Address,
          kind: 'app',
          data: params,
          id,
          timestamp: ts,
        })
      return
    }
    const msg: TransportMessage = {
      appSessionId: sid,
      sender: params.from as Address,
      kind: params.kind,
      data: params.data,
      id,
      timestamp: ts,
    }
    if (params.definition && params.kind === 'sign_request')
      (msg.data as any).definition ??= params.definition
    for (const l of relayListeners) l(msg)
  }

  function onTransportMessage(m: TransportMessage) {
    const me = account?.wallet
    switch (m.kind) {
      case 'app':
        emit('message', {
          appSessionId: m.appSessionId,
          id: m.id,
          sender: m.sender,
          payload: m.data,
          timestamp: m.timestamp,
          own: m.sender === me,
        })
        break
      case 'sign_request':
        if (m.sender !== me) onSignRequest(m)
        break
      case 'signature': {
        const d = m.data as { requestId: Hex; signature: Hex }
        waiters.get(d?.requestId)?.onSignature(m.sender, d.signature)
        break
      }
      case 'state':
        // A peer says the session changed (create/close send no `asu`): re-read it from the node.
        if (m.sender !== me && account)
          refreshAppSession(m.appSessionId).catch((error) =>
            logger.warn('state refresh failed', error),
          )
        break
      case 'sign_reject': {
        const d = m.data as { requestId: Hex; reason?: string }
        if (m.sender !== me) waiters.get(d?.requestId)?.onReject(d.reason ?? 'rejected')
        break
      }
    }
  }

  function onSignRequest(m: TransportMessage) {
    const me = account?.wallet
    if (!me) return
    const d = m.data as { prepared?: PreparedRequest; definition?: AppDefinition }
    const prepared = d?.prepared
    if (!prepared || typeof prepared.payload !== 'string') return
    // Never sign blindly: the payload must be the request described, for a session I am in.
    let req: unknown[]
    try {
      req = JSON.parse(prepared.payload)
    } catch {
      return logger.warn('ignored a sign request with an unparsable payload')
    }
    if (!Array.isArray(req) || req.length !== 4 || req[1] !== prepared.method)
      return logger.warn('ignored a sign request whose payload does not match its method')
    const params = req[2] as Record<string, any>
    if (!['create_app_session', 'submit_app_state', 'close_app_session'].includes(String(req[1])))
      return
    if (prepared.method === 'create_app_session') {
      const def = params.definition as AppDefinition
      if (!def || computeAppSessionId(def) !== m.appSessionId || !def.participants.includes(me))
        return
      prepared.definition = def
    } else {
      if (params.app_session_id !== m.appSessionId) return
      const known = sessions.get(m.appSessionId)
      if (known && !known.participants.includes(me)) return
    }
    if (!prepared.requiredSigners.some((s) => s.wallet === me)) return
    prepared.params = params
    const id = keccak256(toBytes(prepared.payload))
    if (incoming.has(id)) return
    const requestObj: SignatureRequest = {
      id,
      from: m.sender,
      prepared,
      current:
        prepared.method === 'create_app_session'
          ? undefined
          : sessions.get(m.appSessionId)?.allocations,
      approve: async () => {
        const signature = await signPayload(prepared.payload)
        incoming.delete(id)
        emit('signatureRequestSettled', { id, outcome: 'approved' })
        await transport.send({
          appSessionId: m.appSessionId,
          kind: 'signature',
          data: { requestId: id, signature },
          definition: prepared.definition,
        })
      },
      reject: async (reason?: string) => {
        incoming.delete(id)
        emit('signatureRequestSettled', { id, outcome: 'rejected' })
        await transport.send({
          appSessionId: m.appSessionId,
          kind: 'sign_reject',
          data: { requestId: id, reason },
          definition: prepared.definition,
        })
      },
    }
    incoming.set(id, requestObj)
    if (options.autoSign?.(requestObj)) {
      requestObj.approve().catch((error) => emit('error', error))
      return
    }
    emit('signatureRequest', requestObj)
  }

  async function signPayload(payload: string): Promise<Hex> {
    if (!sessionKeyAccount) throw new ConnectionLostError()
    return sessionKeyAccount.sign({ hash: keccak256(toBytes(payload)) })
  }

  // ------------------------------------------------------------------ connection
  function openSocket(): Promise<void> {
    if (!WS)
      throw new BaseError('No WebSocket implementation found.', {
        metaMessages: ['Pass `WebSocket` (e.g. from the `ws` package) in Node 20.'],
      })
    return new Promise((resolve, reject) => {
      let opened = false
      const ws = new WS(options.url)
      socket = ws
      ws.onopen = () => {
        opened = true
        resolve()
      }
      ws.onerror = () => {
        if (!opened) reject(new ConnectionLostError({ details: `Could not open ${options.url}.` }))
      }
      ws.onmessage = (ev) => onText(typeof ev.data === 'string' ? ev.data : String(ev.data))
      ws.onclose = () => {
        if (socket === ws) socket = undefined
        if (!opened) {
          reject(new ConnectionLostError({ details: `Could not open ${options.url}.` }))
          return
        }
        onSocketClosed()
      }
    })
  }

  function failInFlight() {
    for (const [id, p] of pending) {
      clearTimeout(p.timer)
      p.reject(new ConnectionLostError({ method: p.method }))
      pending.delete(id)
    }
    for (const [id, e] of echoes) {
      clearTimeout(e.timer)
      e.reject(new ConnectionLostError({ method: 'message' }))
      echoes.delete(id)
    }
  }

  function onSocketClosed() {
    stopKeepAlive()
    failInFlight()
    if (intentionalClose) return
    if (!reconnectCfg) {
      setStatus('disconnected')
      return
    }
    scheduleReconnect(0)
  }

  function scheduleReconnect(attempt: number) {
    if (!reconnectCfg || intentionalClose) return
    if (attempt >= reconnectCfg.maxAttempts) {
      lastError = new ConnectionLostError({ details: 'Gave up reconnecting.' })
      setStatus('error')
      return
    }
    setStatus('reconnecting')
    const exp = Math.min(reconnectCfg.maxDelayMs, reconnectCfg.baseDelayMs * 2 ** attempt)
    const delay = exp / 2 + Math.random() * (exp / 2)
    reconnectTimer = setTimeout(async () => {
      reconnectTimer = undefined
      try {
        await openSocket()
        setStatus('authenticating')
        await authenticate()
        setStatus('connected')
        startKeepAlive()
        await refreshKnownSessions()
      } catch (error) {
        logger.warn('reconnect attempt failed', error)
        try {
          socket?.close()
        } catch {}
        socket = undefined
        scheduleReconnect(attempt + 1)
      }
    }, delay)
  }

  function startKeepAlive() {
    stopKeepAlive()
    if (!keepAliveMs) return
    keepAliveTimer = setInterval(() => {
      request(
        createPingMessageV2(nextId(), Date.now()),
        'ping',
        Math.min(keepAliveMs, requestTimeoutMs),
      ).catch(() => {
        logger.warn('keep-alive ping failed; reconnecting')
        try {
          socket?.close()
        } catch {}
      })
    }, keepAliveMs)
  }

  function stopKeepAlive() {
    if (keepAliveTimer) clearInterval(keepAliveTimer)
    keepAliveTimer = undefined
  }

  async function walletAddress(): Promise<Address> {
    const a = options.walletSigner.account?.address
    if (a) return getAddress(a)
    const list = await options.walletSigner.getAddresses()
    if (!list[0])
      throw new BaseError('The wallet client has no account.', {
        metaMessages: ['Connect a wallet before connecting to the ClearNode.'],
      })
    return getAddress(list[0])
  }

  async function authenticate(): Promise<void> {
    const wallet = await walletAddress()
    const key = storeKey(wallet)
    let stored = await store.get(key)
    const now = Math.floor(Date.now() / 1000)
    if (stored && stored.expiresAt <= now + 60) {
      await store.delete(key)
      stored = undefined
    }
    if (stored?.jwt) {
      try {
        const res = await request(
          await createAuthVerifyMessageWithJWT(stored.jwt, nextId(), Date.now()),
          'auth_verify',
        )
        const address = privateKeyToAccount(stored.privateKey).address
        if (res.params.success && getAddress(res.params.address) === wallet) {
          setAccount(wallet, { ...stored, address })
          return
        }
      } catch (error) {
        logger.info('JWT re-authentication failed; signing a new challenge', error)
      }
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      if (!stored) {
        stored = {
          privateKey: generatePrivateKey(),
          expiresAt: now + (options.expiresIn ?? 24 * 3600),
        }
        await store.set(key, stored)
      }
      const address = privateKeyToAccount(stored.privateKey).address
      const allowances = options.allowances ?? []
      const scope = options.scope ?? 'app.create'
      const expires_at = BigInt(stored.expiresAt)
      try {
        const challenge = await request(
          await createAuthRequestMessage(
            {
              address: wallet,
              session_key: address,
              application: options.application,
              allowances,
              expires_at,
              scope,
            },
            nextId(),
            Date.now(),
          ),
          'auth_request',
        )
        const eip712 = createEIP712AuthMessageSigner(
          options.walletSigner,
          { scope, session_key: address, expires_at, allowances },
          { name: options.application },
        )
        const verify = await request(
          await createAuthVerifyMessage(
            eip712,
            {
              method: 'auth_challenge',
              params: challenge.params,
              requestId: 0,
              timestamp: 0,
            } as any,
            nextId(),
            Date.now(),
          ),
          'auth_verify',
        )
        stored = { ...stored, jwt: verify.params.jwtToken ?? verify.params.jwt_token }
        await store.set(key, stored)
        setAccount(wallet, { ...stored, address })
        return
      } catch (error) {
        if (
          error instanceof NodeRejectedError &&
          /already exists but is expired|already in use/.test(error.nodeMessage) &&
          attempt === 0
        ) {
          await store.delete(key)
          stored = undefined
          continue
        }
        throw error
      }
    }
  }

  function setAccount(wallet: Address, key: StoredSessionKey & { address: Address }) {
    sessionKey = key
    // Derived once: deriving the account from the key costs a point multiplication per call.
    sessionKeyAccount = privateKeyToAccount(key.privateKey)
    signer = (payload) =>
      signPayload(JSON.stringify(payload, (_, v) => (typeof v === 'bigint' ? v.toString() : v)))
    account = { wallet, sessionKey: key.address }
  }

  async function connect(): Promise<void> {
    if (status === 'connected') return
    if (connecting) return connecting
    intentionalClose = false
    connecting = (async () => {
      setStatus('connecting')
      try {
        await openSocket()
        setStatus('authenticating')
        await authenticate()
        setStatus('connected')
        startKeepAlive()
      } catch (error) {
        lastError = error as Error
        try {
          socket?.close()
        } catch {}
        socket = undefined
        setStatus('error')
        throw error
      } finally {
        connecting = undefined
      }
    })()
    return connecting
  }

  async function disconnect(): Promise<void> {
    intentionalClose = true
    if (reconnectTimer) clearTimeout(reconnectTimer)
    reconnectTimer = undefined
    stopKeepAlive()
    failInFlight()
    for (const w of waiters.values()) w.onReject('disconnected')
    const s = socket
    socket = undefined
    if (s) {
      s.onclose = null
      s.onmessage = null
      s.onerror = null
      try {
        s.close()
      } catch {}
    }
    account = undefined
    signer = undefined
    sessionKeyAccount = undefined
    setStatus('disconnected')
    unsubscribeTransport()
    transport.close?.()
    listeners.clear()
    relayListeners.clear()
  }

  // ------------------------------------------------------------------ reads
  function toAssets(list: any[]): Asset[] {
    return list.map((a) => ({
      token: a.token,
      chainId: a.chainId ?? a.chain_id,
      symbol: a.symbol,
      decimals: a.decimals,
    }))
  }

  function toSession(s: any): AppSession {
    const str = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v ?? ''))
    return {
      appSessionId: s.appSessionId ?? s.app_session_id,
      application: s.application ?? '',
      status: s.status,
      participants: s.participants,
      protocol: s.protocol,
      weights: s.weights,
      quorum: s.quorum,
      challenge: s.challenge,
      nonce: s.nonce,
      version: s.version,
      sessionData: s.sessionData ?? s.session_data,
      createdAt: str(s.createdAt ?? s.created_at),
      updatedAt: str(s.updatedAt ?? s.updated_at),
    }
  }

  function remember(session: AppSession) {
    const prev = sessions.get(session.appSessionId)
    const merged = { ...prev, ...session, allocations: session.allocations ?? prev?.allocations }
    if (prev && prev.version > merged.version) return prev
    sessions.set(session.appSessionId, merged)
    emit('appSession', merged)
    return merged
  }

  async function getAssets(): Promise<Asset[]> {
    const res = await request(
      createGetAssetsMessageV2(undefined, nextId(), Date.now()),
      'get_assets',
    )
    assetsCache = toAssets(res.params.assets ?? [])
    return assetsCache
  }

  async function decimals(): Promise<Record<string, number>> {
    const list = assetsCache ?? (await getAssets())
    return Object.fromEntries(list.map((a) => [a.symbol, a.decimals]))
  }

  async function getLedgerBalances(accountId?: string): Promise<Balance[]> {
    const res = await request(
      await createGetLedgerBalancesMessage(requireSigner(), accountId, nextId(), Date.now()),
      'get_ledger_balances',
    )
    return (res.params.ledgerBalances ?? []).map((b: any) => ({
      asset: b.asset,
      amount: String(b.amount),
    }))
  }

  async function getAppSessions(
    params: { participant?: Address; status?: 'open' | 'closed' } = {},
  ): Promise<AppSession[]> {
    const participant = params.participant ?? requireAccount().wallet
    const res = await request(
      createGetAppSessionsMessageV2(participant, params.status as any, nextId(), Date.now()),
      'get_app_sessions',
    )
    return (res.params.appSessions ?? []).map((s: any) => remember(toSession(s)))
  }

  async function holdings(appSessionId: Hex): Promise<Allocation[]> {
    const res = await request(
      createGetLedgerEntriesMessageV2(appSessionId, undefined, nextId(), Date.now()),
      'get_ledger_entries',
    )
    const dec = await decimals()
    const map = new Map<string, bigint>()
    for (const e of res.params.ledgerEntries ?? []) {
      const d = dec[e.asset] ?? 18
      const key = `${e.participant}|${e.asset}`
      const credit = parseAmount(String(e.credit), Math.max(d, 18))
      const debit = parseAmount(String(e.debit), Math.max(d, 18))
      map.set(key, (map.get(key) ?? 0n) + credit - debit)
    }
    const known = sessions.get(appSessionId)
    const out: Allocation[] = []
    for (const [key, v] of map) {
      const [who, asset] = key.split('|') as [Address, string]
      if (v === 0n) continue
      const participant =
        known?.participants.find((p) => p.toLowerCase() === who.toLowerCase()) ?? who
      out.push({ participant, asset, amount: formatAmount(v, Math.max(dec[asset] ?? 18, 18)) })
    }
    return out
  }

  /** Final allocations of a closed session: its last batch of `app_withdrawal` payouts. */
  async function payouts(session: AppSession): Promise<Allocation[]> {
    const known = sessions.get(session.appSessionId)
    if (known?.status === 'closed' && known.allocations) return known.allocations
    const res = await request(
      createGetLedgerTransactionsMessageV2(
        session.appSessionId,
        { tx_type: 'app_withdrawal' as never, limit: 100 } as never,
        nextId(),
        Date.now(),
      ),
      'get_ledger_transactions',
    )
    const closedAt = Date.parse(session.updatedAt) - 2000
    const out: Allocation[] = []
    for (const t of res.params.ledgerTransactions ?? []) {
      const at =
        t.createdAt instanceof Date ? t.createdAt.getTime() : Date.parse(String(t.createdAt))
      if (t.fromAccount !== session.appSessionId || at < closedAt) continue
      const participant =
        session.participants.find((p) => p.toLowerCase() === String(t.toAccount).toLowerCase()) ??
        (t.toAccount as Address)
      out.push({ participant, asset: t.asset, amount: String(t.amount) })
    }
    return out
  }

  async function refreshAppSession(appSessionId: Hex): Promise<AppSession | undefined> {
    const me = requireAccount().wallet
    const list = await request(
      createGetAppSessionsMessageV2(me, undefined, nextId(), Date.now()),
      'get_app_sessions',
    )
    const found = (list.params.appSessions ?? []).find((s: any) => s.appSessionId === appSessionId)
    if (!found) return sessions.get(appSessionId)
    const session = toSession(found)
    session.allocations =
      session.status === 'open' ? await holdings(appSessionId) : await payouts(session)
    return remember(session)
  }

  async function refreshKnownSessions() {
    try {
      await getAppSessions({})
    } catch (error) {
      logger.warn('could not refresh sessions after reconnect', error)
    }
  }

  // ------------------------------------------------------------------ prepare & sign
  async function build<M extends SignedMethod>(
    method: M,
    params: Record<string, unknown>,
    requirement: { requiredSigners: { wallet: Address; weight: number }[]; quorum: number },
    appSessionId: Hex,
    definition?: AppDefinition,
  ): Promise<PreparedRequest<M>> {
    const requestId = nextId()
    const timestamp = Date.now()
    let payload = ''
    const capture: MessageSigner = async (p) => {
      payload = JSON.stringify(p)
      return '0x' as Hex
    }
    if (method === 'create_app_session')
      await createAppSessionMessage(capture, params as any, requestId, timestamp)
    else if (method === 'submit_app_state')
      await createSubmitAppStateMessage(capture, params as any, requestId, timestamp)
    else await createCloseAppSessionMessage(capture, params as any, requestId, timestamp)
    return {
      method,
      params,
      payload,
      requestId,
      timestamp,
      ...requirement,
      signatures: [],
      appSessionId,
      definition,
    }
  }

  async function prepareCreateAppSession(p: {
    definition: AppDefinition
    allocations: Allocation[]
    sessionData?: string
  }) {
    const dec = await decimals()
    const me = requireAccount().wallet
    const issues = [
      ...validateDefinition(p.definition).map((i) => ({ ...i, path: `definition.${i.path}` })),
      ...validateAllocations(p.allocations, {
        mode: 'create',
        definition: p.definition,
        decimals: dec,
      }),
    ]
    if (issues.length) throw new ValidationError(issues, 'The session')
    checkAllowance(
      p.allocations.filter((a) => a.participant === me),
      dec,
    )
    const req = requiredSigners(p.definition, p.allocations, 'create', dec)
    const params: Record<string, unknown> = {
      definition: p.definition,
      allocations: p.allocations.map((a) => ({
        participant: a.participant,
        asset: a.asset,
        amount: a.amount,
      })),
    }
    if (p.sessionData !== undefined) params.session_data = p.sessionData
    return build(
      'create_app_session',
      params,
      {
        requiredSigners: req.signers as { wallet: Address; weight: number }[],
        quorum: req.threshold,
      },
      computeAppSessionId(p.definition),
      p.definition,
    )
  }

  function checkAllowance(mine: Allocation[], dec: Record<string, number>) {
    const sums = sumByAsset(mine, dec)
    for (const [asset, amount] of Object.entries(sums)) {
      if (amount === 0n) continue
      const cap = (options.allowances ?? []).find((a) => a.asset === asset)
      const capUnits = cap ? parseAmount(cap.amount, dec[asset] ?? 18) : 0n
      if (amount > capUnits) {
        throw new AllowanceExceededError({
          asset,
          requested: formatAmount(amount, dec[asset] ?? 18),
          available: cap?.amount ?? '0',
        })
      }
    }
  }

  async function sessionFor(appSessionId: Hex): Promise<AppSession> {
    const known = sessions.get(appSessionId)
    if (known?.allocations) return known
    const refreshed = await refreshAppSession(appSessionId)
    if (!refreshed)
      throw new ValidationError([
        {
          path: 'appSessionId',
          code: 'unknown_session',
          message: `Unknown app session ${appSessionId}.`,
        },
      ])
    return refreshed
  }

  /** The session, if it is open (else `AppSessionClosedError`), with its allocations known. */
  async function openSessionFor(appSessionId: Hex): Promise<AppSession> {
    const session = await sessionFor(appSessionId)
    if (session.status !== 'open') {
      throw new AppSessionClosedError({
        appSessionId: session.appSessionId,
        version: session.version,
      })
    }
    return session
  }

  /** Builds a submit/close request for an open session: quorum signers, optional session data. */
  function buildStateChange<M extends 'submit_app_state' | 'close_app_session'>(
    method: M,
    session: AppSession,
    p: { appSessionId: Hex; allocations: Allocation[]; sessionData?: string },
    extra: Record<string, unknown> = {},
  ) {
    const params: Record<string, unknown> = {
      app_session_id: p.appSessionId,
      allocations: p.allocations,
      ...extra,
    }
    if (p.sessionData !== undefined) params.session_data = p.sessionData
    const req = requiredSigners(
      session,
      p.allocations,
      method === 'close_app_session' ? 'close' : 'operate',
    )
    return build(
      method,
      params,
      {
        requiredSigners: req.signers as { wallet: Address; weight: number }[],
        quorum: req.threshold,
      },
      p.appSessionId,
    )
  }

  async function prepareSubmitAppState(p: {
    appSessionId: Hex
    allocations: Allocation[]
    intent?: Intent
    version?: number
    sessionData?: string
  }) {
    const session = await openSessionFor(p.appSessionId)
    const decimalsByAsset = await decimals()
    const intent = p.intent ?? 'operate'
    // operate redistributes (conservation); deposit/withdraw change totals (amount rules only).
    const issues = validateAllocations(
      p.allocations,
      intent === 'operate'
        ? {
            mode: 'operate',
            definition: session,
            decimals: decimalsByAsset,
            current: session.allocations,
          }
        : { mode: 'create', definition: session, decimals: decimalsByAsset },
    )
    if (issues.length) throw new ValidationError(issues, 'The new state')
    const versioned =
      session.protocol === 'NitroRPC/0.4'
        ? { intent, version: p.version ?? session.version + 1 }
        : {}
    return buildStateChange('submit_app_state', session, p, versioned)
  }

  async function prepareCloseAppSession(p: {
    appSessionId: Hex
    allocations: Allocation[]
    sessionData?: string
  }) {
    const session = await openSessionFor(p.appSessionId)
    const issues = validateAllocations(p.allocations, {
      mode: 'close',
      definition: session,
      decimals: await decimals(),
      current: session.allocations,
    })
    if (p.allocations.length === 0) {
      issues.push({
        path: 'allocations',
        code: 'required',
        message: 'List the final allocation of every participant.',
      })
    }
    if (issues.length) throw new ValidationError(issues, 'The final allocations')
    return buildStateChange('close_app_session', session, p)
  }

  async function sign<P extends PreparedRequest>(prepared: P): Promise<P> {
    const me = requireAccount().wallet
    if (prepared.signatures.some((s) => s.wallet === me)) return prepared
    const signature = await signPayload(prepared.payload)
    return { ...prepared, signatures: [...prepared.signatures, { wallet: me, signature }] }
  }

  function signingProgress(prepared: PreparedRequest) {
    let collected = 0
    for (const s of prepared.requiredSigners)
      if (prepared.signatures.some((x) => x.wallet === s.wallet)) collected += s.weight
    return { collected, required: prepared.quorum, complete: collected >= prepared.quorum }
  }

  async function collectSignatures<P extends PreparedRequest>(
    prepared: P,
    opts: { timeoutMs?: number; signal?: AbortSignal; onProgress?: (p: P) => void } = {},
  ): Promise<P> {
    let current = prepared
    if (signingProgress(current).complete) return current
    const id = keccak256(toBytes(prepared.payload))
    const timeoutMs = opts.timeoutMs ?? 120_000
    return new Promise<P>((resolve, reject) => {
      let done = false
      const finish = (error?: Error) => {
        if (done) return
        done = true
        clearTimeout(timer)
        waiters.delete(id)
        opts.signal?.removeEventListener('abort', onAbort)
        if (error) reject(error)
        else resolve(current)
      }
      const timer = setTimeout(() => {
        const p = signingProgress(current)
        finish(
          new SignatureCollectionError({
            reason: 'timeout',
            collected: p.collected,
            required: p.required,
          }),
        )
      }, timeoutMs)
      const onAbort = () => {
        const p = signingProgress(current)
        finish(
          new SignatureCollectionError({
            reason: 'aborted',
            collected: p.collected,
            required: p.required,
          }),
        )
      }
      opts.signal?.addEventListener('abort', onAbort)
      waiters.set(id, {
        prepared,
        onSignature(wallet, signature) {
          if (!current.requiredSigners.some((s) => s.wallet === wallet)) return
          if (current.signatures.some((s) => s.wallet === wallet)) return
          current = { ...current, signatures: [...current.signatures, { wallet, signature }] }
          opts.onProgress?.(current)
          if (signingProgress(current).complete) finish()
        },
        onReject(reason) {
          const p = signingProgress(current)
          finish(
            new SignatureCollectionError({
              reason: 'rejected',
              collected: p.collected,
              required: p.required,
              details: reason,
            }),
          )
        },
      })
      // Signatures already collected travel along so co-signers see who signed.
      const wire: PreparedRequest = { ...current }
      transport
        .send({
          appSessionId: prepared.appSessionId,
          kind: 'sign_request',
          data: { prepared: wire },
          definition: prepared.definition,
        })
        .catch((error) => finish(error))
    })
  }

  async function send(prepared: PreparedRequest): Promise<AppSession> {
    const text = JSON.stringify({
      req: JSON.parse(prepared.payload),
      sig: prepared.signatures.map((s) => s.signature),
    })
    // The `req` bytes must be exactly what was signed.
    const rebuilt = text.slice(7, 7 + prepared.payload.length)
    if (rebuilt !== prepared.payload)
      throw new BaseError('Internal error: the request bytes changed after signing.')
    let res: { method: string; params: any; text: string }
    try {
      res = await request(text, prepared.method)
    } catch (error) {
      // A state change on a session the node no longer has open: tell "already closed" apart.
      if (
        error instanceof NodeRejectedError &&
        error.nodeMessage.startsWith('an open app session not found') &&
        prepared.method !== 'create_app_session'
      ) {
        const s = await refreshAppSession(prepared.appSessionId).catch(() => undefined)
        if (s?.status === 'closed')
          throw new AppSessionClosedError({
            appSessionId: prepared.appSessionId,
            version: s.version,
            cause: error,
          })
      }
      throw error
    }
    const now = new Date().toISOString()
    const params = prepared.params as any
    let session: AppSession
    if (prepared.method === 'create_app_session') {
      const d = prepared.definition!
      session = {
        appSessionId: res.params.appSessionId,
        application: d.application,
        status: res.params.status,
        participants: d.participants,
        protocol: d.protocol,
        weights: d.weights,
        quorum: d.quorum,
        challenge: d.challenge,
        nonce: d.nonce,
        version: res.params.version,
        sessionData: params.session_data,
        createdAt: now,
        updatedAt: now,
        allocations: mergeAllocations([], params.allocations),
      }
    } else {
      const prev = sessions.get(prepared.appSessionId)!
      session = {
        ...prev,
        status: res.params.status,
        version: res.params.version,
        updatedAt: now,
        sessionData: params.session_data ?? prev.sessionData,
        allocations: mergeAllocations(prev.allocations ?? [], params.allocations),
      }
    }
    return remember(session)
  }

  function mergeAllocations(prev: Allocation[], rows: Allocation[]): Allocation[] {
    const out = new Map(prev.map((a) => [`${a.participant}|${a.asset}`, a]))
    for (const r of rows)
      out.set(`${r.participant}|${r.asset}`, {
        participant: r.participant,
        asset: r.asset,
        amount: r.amount,
      })
    return [...out.values()]
  }

  async function run<P extends PreparedRequest>(
    prepared: P,
    opts: CollectOptions = {},
  ): Promise<AppSession> {
    const me = requireAccount().wallet
    let p = prepared
    if (p.requiredSigners.some((s) => s.wallet === me) || p.method !== 'create_app_session')
      p = await sign(p)
    opts.onProgress?.(p)
    p = await collectSignatures(p, {
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      onProgress: opts.onProgress as any,
    })
    const session = await send(p)
    // Tell the other participants (the node pushes no `asu` on create or close).
    transport
      .send({
        appSessionId: session.appSessionId,
        kind: 'state',
        data: { version: session.version, status: session.status },
      })
      .catch((error) => logger.debug('state hint not delivered', error))
    return session
  }

  const client: ClearNodeClient = {
    url: options.url,
    application: options.application,
    getStatus: () => status,
    getAccount: () => account,
    getError: () => lastError,
    connect,
    disconnect,
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) {
        set = new Set()
        listeners.set(event, set)
      }
      set.add(listener as (v: unknown) => void)
      return () => {
        listeners.get(event)?.delete(listener as (v: unknown) => void)
      }
    },
    listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
    getAssets,
    async getConfig() {
      const res = await request(createGetConfigMessageV2(nextId(), Date.now()), 'get_config')
      return { brokerAddress: res.params.brokerAddress }
    },
    getLedgerBalances,
    getAppSessions,
    async getAppDefinition(appSessionId) {
      const res = await request(
        createGetAppDefinitionMessageV2(appSessionId, nextId(), Date.now()),
        'get_app_definition',
      )
      const raw = JSON.parse(res.text).res[2]
      return {
        application: raw.application,
        protocol: raw.protocol,
        participants: raw.participants,
        weights: raw.weights,
        quorum: raw.quorum,
        challenge: raw.challenge,
        nonce: raw.nonce,
      }
    },
    refreshAppSession,
    getKnownSessions: () => [...sessions.values()],
    prepareCreateAppSession,
    prepareSubmitAppState,
    prepareCloseAppSession,
    sign,
    signingProgress,
    collectSignatures,
    send,
    async createAppSession(p, opts) {
      return run(await prepareCreateAppSession(p), opts)
    },
    async submitAppState(p, opts) {
      return run(await prepareSubmitAppState(p), opts)
    },
    async closeAppSession(p, opts) {
      return run(await prepareCloseAppSession(p), opts)
    },
    async sendMessage(appSessionId, payload) {
      requireAccount()
      await transport.send({ appSessionId, kind: 'app', data: payload })
    },
  }
  return client
}
