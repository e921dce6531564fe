import {
  type Address,
  type Chain,
  createWalletClient,
  custom,
  type EIP1193RequestFn,
  fallback,
  type Hex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createConnector } from 'wagmi'

/** Parameters of {@link burnerConnector}. */
export interface BurnerConnectorParameters {
  /** The local account's private key. */
  privateKey: Hex
  /** Connector id. Defaults to `burner`. */
  id?: string
  /** Display name. Defaults to `Burner wallet`. */
  name?: string
}

/**
 * A wagmi connector for a local private-key account. Its wallet client signs messages and
 * EIP-712 typed data locally (no browser wallet, no prompts): for tests, dev accounts, and
 * demos. Never use it with keys that hold real value.
 *
 * @example
 * const config = createConfig({ chains: [mainnet], connectors: [burnerConnector({ privateKey })], transports: { [mainnet.id]: http() } })
 */
export function burnerConnector(parameters: BurnerConnectorParameters) {
  const account = privateKeyToAccount(parameters.privateKey)
  let connected = false
  let chainId: number | undefined
  type Provider = { request: EIP1193RequestFn }
  return createConnector<Provider>((config) => {
    const chainOf = (id?: number): Chain =>
      config.chains.find((c) => c.id === id) ?? config.chains[0]
    const provider: Provider = {
      request: (async ({ method }: { method: string }) => {
        if (method === 'eth_accounts' || method === 'eth_requestAccounts') return [account.address]
        if (method === 'eth_chainId') return `0x${(chainId ?? chainOf().id).toString(16)}`
        throw new Error(
          `burnerConnector: \`${method}\` is not supported (the burner only signs locally).`,
        )
      }) as EIP1193RequestFn,
    }
    return {
      id: parameters.id ?? 'burner',
      name: parameters.name ?? 'Burner wallet',
      type: 'burner',
      async connect({ chainId: requested, withCapabilities } = {}) {
        connected = true
        chainId = chainOf(requested).id
        const accounts = withCapabilities
          ? [{ address: account.address, capabilities: {} }]
          : [account.address]
        return { accounts: accounts as never, chainId }
      },
      async disconnect() {
        connected = false
      },
      async getAccounts(): Promise<readonly Address[]> {
        return connected ? [account.address] : []
      },
      async getChainId() {
        return chainId ?? chainOf().id
      },
      async getProvider() {
        return provider
      },
      async getClient({ chainId: id } = {}) {
        const chain = chainOf(id ?? chainId)
        const transport = config.transports?.[chain.id]
        return createWalletClient({
          account,
          chain,
          transport: transport ? fallback([transport]) : custom(provider),
        })
      },
      async isAuthorized() {
        return connected
      },
      async switchChain({ chainId: id }) {
        const chain = chainOf(id)
        chainId = chain.id
        config.emitter.emit('change', { chainId: chain.id })
        return chain
      },
      onAccountsChanged() {},
      onChainChanged() {},
      onDisconnect() {
        connected = false
      },
    }
  })
}
