// ---------------------------------------------------------------- server
export {
  DEFAULT_BROKER_PRIVATE_KEY,
  type Devnode,
  type DevnodeOptions,
  type LogLevel,
  parseAssets,
  startDevnode,
} from './server.js'
export type { AssetConfig, DevnodeLogger } from './rpc.js'

// ---------------------------------------------------------------- protocol helpers
export { appSessionId, goDefinitionJson, type GoDefinition } from './util/go-json.js'
