// ---------------------------------------------------------------- server

export {
  type AssetConfig,
  DEFAULT_BROKER_PRIVATE_KEY,
  type DevnodeLogger,
  type DevnodeMode,
  parseAssets,
} from './config.js'
export { type Devnode, type DevnodeOptions, type LogLevel, startDevnode } from './server.js'

// ---------------------------------------------------------------- protocol helpers
export { appSessionId, type GoDefinition, goDefinitionJson } from './util/go-json.js'
