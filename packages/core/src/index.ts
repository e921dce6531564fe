// ---------------------------------------------------------------- client

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
// ---------------------------------------------------------------- app sessions
export { computeAppSessionId } from './app-sessions/app-session-id.js'
export {
  createSessionCache,
  mergeSession,
  type SessionCache,
} from './app-sessions/session-cache.js'
// ---------------------------------------------------------------- auth
export {
  localStorageSessionKeyStore,
  memorySessionKeyStore,
  type SessionKeyStore,
  type StoredSessionKey,
} from './auth/session-key-store.js'
export {
  type AutoSignPolicy,
  type ClearNodeClient,
  type ClearNodeClientEvents,
  type ClearNodeClientOptions,
  type CollectOptions,
  createClearNodeClient,
  type SignatureRequest,
  type WebSocketConstructor,
  type WebSocketLike,
} from './connection/client.js'
// ---------------------------------------------------------------- errors
export {
  AllowanceExceededError,
  AmountError,
  AppSessionClosedError,
  BaseError,
  type BaseErrorParameters,
  ConnectionLostError,
  NodeRejectedError,
  RelayUnsupportedError,
  SignatureCollectionError,
  TimeoutError,
  ValidationError,
} from './errors.js'
// ---------------------------------------------------------------- logging
export { type Logger, silentLogger } from './logger.js'
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
export { ClientNotConnectedError } from './query/errors.js'
export {
  type LedgerBalancesQueryKey,
  type LedgerBalancesQueryParameters,
  ledgerBalancesQueryKey,
  ledgerBalancesQueryOptions,
} from './query/ledger-balances.js'
// ---------------------------------------------------------------- transports
export {
  broadcastChannelTransport,
  clearNodeRelay,
  type MessageTransport,
  type MessageTransportFactory,
  type TransportContext,
  type TransportMessage,
} from './transports/transport.js'
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
// ---------------------------------------------------------------- validation
export {
  type AllocationContext,
  requiredSigners,
  type SignerRequirement,
  type ValidationIssue,
  validateAllocations,
  validateDefinition,
} from './validation/validation.js'
