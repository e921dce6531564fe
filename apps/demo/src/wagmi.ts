import { burnerConnector } from '@nitrolite-kit/react'
import type { Hex } from 'viem'
import { type Config, createConfig, http } from 'wagmi'
import { hardhat } from 'wagmi/chains'
import { injected } from 'wagmi/connectors'

/** wagmi config: the chosen dev account through `burnerConnector`, plus a browser wallet when present. */
export function createDemoConfig(privateKey: Hex): Config {
  const hasInjected = typeof window !== 'undefined' && 'ethereum' in window
  return createConfig({
    chains: [hardhat],
    connectors: [
      burnerConnector({ privateKey, name: 'Dev account' }),
      ...(hasInjected ? [injected()] : []),
    ],
    transports: { [hardhat.id]: http() },
    storage: null,
  })
}
