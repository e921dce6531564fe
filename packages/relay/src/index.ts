// The public surface of @nitrolite-kit/relay.
export { startRelay, type Relay, type RelayOptions } from './server.js'
export { DEFAULT_RETENTION, type LoggedFrame, RelayLog, type Retention } from './log.js'
export { type Members, Membership } from './membership.js'
export {
  CHALLENGE_PREFIX,
  type Identity,
  issueChallenge,
  type KeyCertificate,
  verifyAuth,
} from './auth.js'
export { RelayError } from './errors.js'
export { appSessionId, type GoDefinition, goDefinitionJson, parseDefinition } from './go-json.js'
export { RateLimiter } from './rate-limit.js'
export { type RelayLogger, silentLogger } from './logger.js'
