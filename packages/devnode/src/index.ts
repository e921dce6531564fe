// ---------------------------------------------------------------- server

export {
  type AssetConfig,
  DEFAULT_BROKER_PRIVATE_KEY,
  type DevnodeLogger,
  type DevnodeMode,
  parseAssets,
} from './config.js'
export type { LogLevel } from './logger.js'
export { type Devnode, type DevnodeOptions, startDevnode } from './server.js'

// ---------------------------------------------------------------- protocol helpers
// The Go-JSON app-session id lives in the relay package, which the devnode embeds.
export { appSessionId, type GoDefinition, goDefinitionJson } from '@nitrolite-kit/relay'

// ---------------------------------------------------------------- signature path (benchmarks, tools)
export { recoverRaw } from './util/crypto.js'
export {
  type SignatureEngine,
  type SignaturePath,
  type SignaturesOption,
  selectSignatures,
} from './util/secp256k1.js'
