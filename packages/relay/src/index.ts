// The public surface of @nitrolite-kit/relay.
export {
  createRelay,
  type Relay,
  type RelayEndpoint,
  type RelayEndpointOptions,
  type RelayOptions,
  startRelay,
} from './server.js'
export {
  DEFAULT_RETENTION,
  type LoggedFrame,
  RelayLog,
  type RelayLogOptions,
  type Retention,
} from './log.js'
export { type Members, Membership, type ParticipantsLookup } from './membership.js'
export {
  CHALLENGE_PREFIX,
  type Identity,
  issueChallenge,
  type KeyCertificate,
  verifyAuth,
} from './auth.js'
export { RelayError } from './errors.js'
export {
  type HashText,
  RECOVERY_FAILED,
  type RecoverAddress,
  recoverRaw,
  type SignatureEngine,
  type SignaturePath,
  type SignaturesOption,
  selectSignatures,
  viemHashText,
  viemRecoverAddress,
} from './signatures.js'
export { appSessionId, type GoDefinition, goDefinitionJson, parseDefinition } from './go-json.js'
export { RateLimiter } from './rate-limit.js'
export { type RelayLogger, silentLogger } from './logger.js'
