import { localWallet } from '@nitrolite-kit/test-utils'
import type { Hex } from 'viem'
import WebSocket from 'ws'
import {
  type ClearNodeClient,
  type ClearNodeClientOptions,
  createClearNodeClient,
} from '../src/index.js'

export function client(
  url: string,
  key: Hex,
  overrides: Partial<ClearNodeClientOptions> = {},
): ClearNodeClient {
  return createClearNodeClient({
    url,
    application: 'chess',
    walletSigner: localWallet(key),
    allowances: [{ asset: 'usdc', amount: '1000' }],
    WebSocket,
    requestTimeoutMs: 3000,
    keepAliveMs: 0,
    reconnect: { baseDelayMs: 20, maxDelayMs: 100 },
    ...overrides,
  })
}
