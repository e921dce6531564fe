import type { Address, Hex, WalletClient } from 'viem'
import type { AutoSignPolicy, SignatureRequest } from '../app-sessions/incoming.js'
import type {
  CloseAppSessionParameters,
  CreateAppSessionParameters,
  SubmitAppStateParameters,
} from '../app-sessions/prepare.js'
import type {
  KeyValueStorage,
  SignatureRequestList,
  SignatureRequestStatus,
} from '../app-sessions/request-book.js'
import type { CollectSignaturesOptions } from '../app-sessions/signing.js'
import type { SessionKeyStore } from '../auth/session-key-store.js'
import type { Logger } from '../logger.js'
import type { MessageTransportFactory, Presence } from '../transports/types.js'
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
} from '../types.js'
import type { Listener } from './events.js'
import type { WebSocketConstructor } from './socket.js'

/** Events of {@link ClearNodeClient.on}. */
export interface ClearNodeClientEvents {
  status: ConnectionStatus
  message: SessionMessage
  appSession: AppSession
  balances: Balance[]
  /** A new request that passed the guard waits for this user's decision. */
  signatureRequest: SignatureRequest
  /**
   * A request left this user's to-decide list: this user answered (`approved`, `rejected`), or it
   * ended before (`sent`, `cancelled`, `superseded`, `expired`, `rejected` by someone else).
   */
  signatureRequestSettled: {
    id: Hex
    outcome: 'approved' | 'rejected' | Exclude<SignatureRequestStatus, 'pending'>
  }
  /** Any signature request, in or out, changed: the whole list as it now stands. */
  signatureRequests: SignatureRequestList
  /**
   * A request another participant sent failed the co-signing guard: it was declined
   * automatically and the proposer was told `reason`. It never reached `signatureRequest`.
   */
  signatureRequestRefused: { id: Hex | undefined; from: Address; appSessionId: Hex; reason: string }
  /** Who of this user's peers is connected changed (transports that report presence only). */
  presence: Presence
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
  /**
   * Where pending signature requests (in and out) are kept, per wallet and node, so a reload
   * re-offers the ones waiting for this user and resumes collecting the ones it proposed.
   * `localStorage` fits. Defaults to memory (durable across reconnects, not reloads).
   */
  requestStorage?: KeyValueStorage
  /**
   * A request waiting for co-signers longer than this is re-stamped (same content, fresh
   * timestamp) before it is sent: the node refuses requests older than 60 s. Default 40 000 ms.
   */
  restampAfterMs?: number
  /** WebSocket implementation. Defaults to `globalThis.WebSocket` (pass `ws` in Node 20). */
  WebSocket?: WebSocketConstructor
  /** Per-request timeout. Defaults to 15 000 ms. */
  requestTimeoutMs?: number
  /** Reconnect with exponential backoff and jitter. Defaults to `true`. */
  reconnect?: boolean | { baseDelayMs?: number; maxDelayMs?: number; maxAttempts?: number }
  /** Keep-alive ping interval. Defaults to 25 000 ms; `0` disables it. */
  keepAliveMs?: number
  /** Delivery of session messages and co-signing traffic. Defaults to `clearNodeRelay()`. */
  messageTransport?: MessageTransportFactory
  /** Signs incoming requests without asking when it returns `true`. Defaults to never. */
  autoSign?: AutoSignPolicy
  /** Diagnostics sink. Defaults to silent. */
  logger?: Logger
}

/** Options of the one-call operations. */
export interface CollectOptions {
  /** Time to wait for co-signatures. Defaults to 120 000 ms. */
  timeoutMs?: number
  signal?: AbortSignal
  onProgress?: (prepared: PreparedRequest) => void
}

/** The client: one authenticated connection to a ClearNode and every app-session operation. */
export interface ClearNodeClient {
  readonly url: string
  readonly application: string
  getStatus(): ConnectionStatus
  /** Wallet and session key once authenticated. */
  getAccount(): { wallet: Address; sessionKey: Address } | undefined
  /** The last error that put the client in the `error` state. */
  getError(): Error | undefined
  /**
   * Opens the socket and authenticates (JWT first, EIP-712 challenge otherwise). Once connected
   * (and after every reconnect) the client reads this wallet's sessions and balances and emits
   * them as `appSession` and `balances` events.
   */
  connect(): Promise<void>
  /** Closes for good: rejects in-flight requests, stops every timer, removes every listener. */
  disconnect(): Promise<void>
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof ClearNodeClientEvents>(
    event: E,
    listener: Listener<ClearNodeClientEvents[E]>,
  ): () => void
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

  prepareCreateAppSession(
    p: CreateAppSessionParameters,
  ): Promise<PreparedRequest<'create_app_session'>>
  prepareSubmitAppState(p: SubmitAppStateParameters): Promise<PreparedRequest<'submit_app_state'>>
  prepareCloseAppSession(
    p: CloseAppSessionParameters,
  ): Promise<PreparedRequest<'close_app_session'>>
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
    options?: CollectSignaturesOptions<P>,
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
  /** Every signature request this client keeps, in and out, newest first. */
  getSignatureRequests(): SignatureRequestList
  /**
   * Who of this user's peers is connected, from the message transport (`available: false` for
   * transports that report no presence, like the default `clearNodeRelay`). Read one peer with
   * `presenceOf(client.getPresence(), address)`; changes arrive as the `presence` event.
   */
  getPresence(): Presence
  /**
   * Cancels a pending request this user proposed (by `intentId`): its collection rejects with
   * `SignatureCollectionError` (`cancelled`) and every participant is told. `false` when it is
   * not pending here.
   */
  cancelSignatureRequest(intentId: Hex, reason?: string): boolean
}
