import { type Devnode, type DevnodeOptions, startDevnode } from '@nitrolite-kit/devnode'
import { createWalletClient, custom, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import WebSocket from 'ws'
import {
  type ClearNodeClient,
  type ClearNodeClientOptions,
  createClearNodeClient,
} from '../src/index.js'

export const KEYS = {
  alice: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  bob: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  carol: '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
} as const satisfies Record<string, Hex>

export const address = (k: Hex) => privateKeyToAccount(k).address

/** A viem wallet client on a local private-key account (signs EIP-712 locally). */
export function wallet(key: Hex) {
  return createWalletClient({
    account: privateKeyToAccount(key),
    transport: custom({
      request: async () => {
        throw new Error('no RPC in tests')
      },
    }),
  })
}

export async function node(options: DevnodeOptions = {}): Promise<Devnode> {
  return startDevnode({ port: 0, ...options })
}

export function client(
  url: string,
  key: Hex,
  overrides: Partial<ClearNodeClientOptions> = {},
): ClearNodeClient {
  return createClearNodeClient({
    url,
    application: 'chess',
    walletSigner: wallet(key),
    allowances: [{ asset: 'usdc', amount: '1000' }],
    WebSocket: WebSocket as never,
    requestTimeoutMs: 3000,
    keepAliveMs: 0,
    reconnect: { baseDelayMs: 20, maxDelayMs: 100 },
    ...overrides,
  })
}

export const until = async (cond: () => boolean | Promise<boolean>, timeoutMs = 5000) => {
  const start = Date.now()
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 10))
  }
}
