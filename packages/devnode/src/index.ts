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
export type { SignaturePath, SignaturesOption } from './util/secp256k1.js'

// ---------------------------------------------------------------- protocol helpers
export { appSessionId, type GoDefinition, goDefinitionJson } from './util/go-json.js'
