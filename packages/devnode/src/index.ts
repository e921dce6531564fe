// ---------------------------------------------------------------- server

export type { AssetConfig, DevnodeLogger } from './rpc.js'
export {
  DEFAULT_BROKER_PRIVATE_KEY,
  type Devnode,
  type DevnodeOptions,
  type LogLevel,
  parseAssets,
  startDevnode,
} from './server.js'

// ---------------------------------------------------------------- protocol helpers
export { appSessionId, type GoDefinition, goDefinitionJson } from './util/go-json.js'
