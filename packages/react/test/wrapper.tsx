import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, type RenderHookResult, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { type Hex, http } from 'viem'
import { hardhat } from 'viem/chains'
import { type Config, createConfig, WagmiProvider } from 'wagmi'
import { connect } from 'wagmi/actions'
import WebSocket from 'ws'
import { burnerConnector, NitroliteProvider, type NitroliteProviderProps } from '../src/index.js'

/** A wagmi config whose only connector signs locally with `privateKey`. */
export function testConfig(privateKey: Hex): Config {
  return createConfig({
    chains: [hardhat],
    connectors: [burnerConnector({ privateKey })],
    transports: { [hardhat.id]: http('http://127.0.0.1:1') },
    storage: null,
  })
}

/**
 * Renders `hook` inside Wagmi + QueryClient + Nitrolite providers, connected as `privateKey`
 * (unless `connectWallet` is `false`: then no wallet is connected).
 */
export async function renderWithNitrolite<T>(
  hook: () => T,
  {
    privateKey,
    connectWallet = true,
    ...props
  }: { privateKey: Hex; connectWallet?: boolean } & Partial<NitroliteProviderProps> & {
      url: string
    },
): Promise<RenderHookResult<T, unknown> & { config: Config }> {
  const config = testConfig(privateKey)
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const wrapper = ({ children }: { children: ReactNode }) => (
    <WagmiProvider config={config}>
      <QueryClientProvider client={queryClient}>
        <NitroliteProvider
          application="chess"
          allowances={[{ asset: 'usdc', amount: '1000' }]}
          storage={null}
          WebSocket={WebSocket as never}
          requestTimeoutMs={3000}
          {...props}
        >
          {children}
        </NitroliteProvider>
      </QueryClientProvider>
    </WagmiProvider>
  )
  const result = renderHook(hook, { wrapper })
  if (connectWallet)
    await act(async () => {
      await connect(config, { connector: config.connectors[0]! })
    })
  return Object.assign(result, { config })
}
