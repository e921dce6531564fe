// Core clients for the relay's end-to-end tests: the ClearNode is a devnode, session messages go
// through a relay (`standaloneRelay`), both with short timeouts and fast reconnects.
import {
  type Allocation,
  type AppSession,
  type ClearNodeClient,
  createClearNodeClient,
} from '@nitrolite-kit/core'
import { standaloneRelay } from '@nitrolite-kit/core/relay'
import { ALICE, BOB, localWallet, peersDefinition } from '@nitrolite-kit/test-utils'
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

/**
 * Connects Alice's and Bob's clients and opens a session of the two (equal peers) with
 * `allocations`; Bob approves every signature request from then on.
 */
export async function aliceAndBob(
  alice: ClearNodeClient,
  bob: ClearNodeClient,
  allocations: Allocation[],
): Promise<AppSession> {
  await Promise.all([alice.connect(), bob.connect()])
  bob.on('signatureRequest', (r) => void r.approve())
  return alice.createAppSession({ definition: peersDefinition([ALICE, BOB]), allocations })
}
