// ---------------------------------------------------------------- server

export {
  type AssetConfig,
  DEFAULT_BROKER_PRIVATE_KEY,
  type DevnodeLogger,
  parseAssets,
} from './config.js'
export { type Devnode, type DevnodeOptions, type LogLevel, startDevnode } from './server.js'
export type { SignaturePath, SignaturesOption } from './util/secp256k1.js'

// ---------------------------------------------------------------- protocol helpers
export { appSessionId, type GoDefinition, goDefinitionJson } from './util/go-json.js'
