// @nitrolite-kit/core/relay — the transport for `@nitrolite-kit/relay` (durable, sequenced
// session delivery beside a ClearNode that does not relay). Its own entry, so that apps that
// use the ClearNode relay or BroadcastChannel do not carry it.

export {
  type RelayCursorStorage,
  type StandaloneRelayOptions,
  standaloneRelay,
} from './transports/relay.js'
