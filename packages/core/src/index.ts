// The public surface of @nitrolite-kit/core, grouped by capability. Export order is curated by
// hand (biome's import sorting is off for entry files), so each banner heads its own group.

// ---------------------------------------------------------------- client
export { createClearNodeClient } from './connection/client.js'
export type {
  ClearNodeClient,
  ClearNodeClientEvents,
  ClearNodeClientOptions,
  CollectOptions,
} from './connection/types.js'
export type { WebSocketConstructor, WebSocketLike } from './connection/socket.js'

// ---------------------------------------------------------------- auth
export {
  localStorageSessionKeyStore,
  memorySessionKeyStore,
  type SessionKeyStore,
  type StoredSessionKey,
} from './auth/session-key-store.js'
export {
  type KeyCertificate,
  verifyKeyCertificate,
  verifyParticipantSignature,
} from './auth/key-certificate.js'

// ---------------------------------------------------------------- app sessions
export { computeAppSessionId } from './app-sessions/app-session-id.js'
export {
  equalPeers,
  majority,
  type SessionShape,
  type SessionShapeParameters,
  type Stake,
  serverControlled,
} from './app-sessions/definitions.js'
export {
  createSessionCache,
  mergeSession,
  type SessionCache,
} from './app-sessions/session-cache.js'
export type { CollectSignaturesOptions } from './app-sessions/signing.js'

// ---------------------------------------------------------------- co-signing guard
export {
  type AutoSignPolicy,
  type GuardContext,
  type GuardVerdict,
  guardSignRequest,
  SIGN_REQUEST_MAX_AGE_MS,
  SIGN_REQUEST_MAX_SKEW_MS,
  type SignatureRequest,
} from './app-sessions/incoming.js'
export { computeEffects, type ParticipantEffect } from './app-sessions/effects.js'

// ---------------------------------------------------------------- durable signature requests
export {
  intentIdOf,
  MAX_REQUEST_TTL_MS,
  RESTAMP_AFTER_MS,
} from './app-sessions/intents.js'
export type {
  KeyValueStorage,
  OutgoingSignatureRequest,
  SignatureRequestList,
  SignatureRequestOutcome,
  SignatureRequestSigner,
  SignatureRequestStatus,
} from './app-sessions/request-book.js'

// ---------------------------------------------------------------- transports
export type {
  MessageTransport,
  MessageTransportFactory,
  PeerPresence,
  Presence,
  TransportContext,
  TransportMessage,
} from './transports/types.js'
export {
  createPresenceTracker,
  NO_PRESENCE,
  type PresenceTracker,
  presenceOf,
} from './transports/presence.js'
export { clearNodeRelay } from './transports/clearnode-relay.js'
export {
  type BroadcastChannelTransportOptions,
  broadcastChannelTransport,
} from './transports/broadcast-channel.js'
// `standaloneRelay` (the durable relay's transport) has its own entry: `@nitrolite-kit/core/relay`.

// ---------------------------------------------------------------- query (TanStack Query factories)
export {
  type AppSessionsQueryKey,
  type AppSessionsQueryParameters,
  appSessionsQueryKey,
  appSessionsQueryOptions,
} from './query/app-sessions.js'
export {
  type AssetsQueryKey,
  type AssetsQueryParameters,
  assetsQueryKey,
  assetsQueryOptions,
} from './query/assets.js'
export {
  type LedgerBalancesQueryKey,
  type LedgerBalancesQueryParameters,
  ledgerBalancesQueryKey,
  ledgerBalancesQueryOptions,
} from './query/ledger-balances.js'
export { ClientNotConnectedError } from './query/errors.js'

// ---------------------------------------------------------------- amounts
export {
  type DecimalsByAsset,
  formatAmount,
  normalizeAmount,
  parseAmount,
  splitByBasisPoints,
  splitEvenly,
  sumByAsset,
} from './amounts/amounts.js'

// ---------------------------------------------------------------- validation
export {
  type AllocationContext,
  requiredSigners,
  type SignerRequirement,
  type ValidationIssue,
  validateAllocations,
  validateDefinition,
} from './validation/validation.js'

// ---------------------------------------------------------------- errors
export {
  AllowanceExceededError,
  AmountError,
  AppSessionClosedError,
  BaseError,
  type BaseErrorParameters,
  ClientDisconnectedError,
  ConnectionLostError,
  NodeRejectedError,
  RelayUnsupportedError,
  SignatureCollectionError,
  SignatureRequestSettledError,
  TimeoutError,
  ValidationError,
} from './errors.js'

// ---------------------------------------------------------------- logging
export { type Logger, silentLogger } from './logger.js'

// ---------------------------------------------------------------- types
export type {
  Allocation,
  Allowance,
  AppDefinition,
  AppSession,
  AppSessionStatus,
  Asset,
  Balance,
  ConnectionStatus,
  Intent,
  PreparedRequest,
  Protocol,
  SessionMessage,
  SignedMethod,
} from './types.js'
