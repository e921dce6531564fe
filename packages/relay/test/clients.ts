// Core clients for the relay's end-to-end tests: the ClearNode is a devnode, session messages go
// through a relay (`standaloneRelay`), both with short timeouts and fast reconnects.
import { type ClearNodeClient, createClearNodeClient } from '@nitrolite-kit/core'
import { standaloneRelay } from '@nitrolite-kit/core/relay'
import { localWallet } from '@nitrolite-kit/test-utils'
import type { Hex } from 'viem'
import WebSocket from 'ws'

/** A client of the ClearNode at `nodeUrl` for the wallet `key`, talking through `relayUrl`. */
export function relayedClient(nodeUrl: string, key: Hex, relayUrl: string): ClearNodeClient {
  return createClearNodeClient({
    url: nodeUrl,
    application: 'chess',
    walletSigner: localWallet(key),
    allowances: [{ asset: 'usdc', amount: '1000' }],
    WebSocket: WebSocket as never,
    requestTimeoutMs: 5000,
    keepAliveMs: 0,
    reconnect: { baseDelayMs: 20, maxDelayMs: 100 },
    messageTransport: standaloneRelay({
      url: relayUrl,
      WebSocket: WebSocket as never,
      timeoutMs: 5000,
      reconnect: { baseDelayMs: 20, maxDelayMs: 100 },
    }),
  })
}
