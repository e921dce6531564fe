// Two players on one page, each with its own wallet and provider (the react and ui READMEs).
import {
  burnerConnector,
  NitroliteProvider,
  useConnectionStatus,
  useCreateAppSession,
  useLedgerBalances,
  useSessionMessages,
  useSignatureRequests,
} from '@nitrolite-kit/react'
import { BalanceList, ConnectionStatus } from '@nitrolite-kit/ui'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createConfig, http, WagmiProvider } from 'wagmi'
import { hardhat } from 'wagmi/chains'

const URL = 'ws://127.0.0.1:8000/ws'
const players = {
  alice: {
    key: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
    wallet: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
  },
  bob: {
    key: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
    wallet: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC',
  },
} as const
type Name = keyof typeof players

const wagmiConfig = (name: Name) =>
  createConfig({
    chains: [hardhat],
    connectors: [burnerConnector({ privateKey: players[name].key, id: name, name })],
    transports: { [hardhat.id]: http() },
  })
const setups = {
  alice: { config: wagmiConfig('alice'), queryClient: new QueryClient() },
  bob: { config: wagmiConfig('bob'), queryClient: new QueryClient() },
}

function Player({ name }: { name: Name }) {
  const { config, queryClient } = setups[name]
  return (
    <WagmiProvider config={config}>
      <QueryClientProvider client={queryClient}>
        <NitroliteProvider
          url={URL}
          application="chess"
          allowances={[{ asset: 'usdc', amount: '100' }]}
          storageKey={`two-players:${name}`}
        >
          <Table opponent={players[name === 'alice' ? 'bob' : 'alice'].wallet} />
        </NitroliteProvider>
      </QueryClientProvider>
    </WagmiProvider>
  )
}

function Table({ opponent }: { opponent: `0x${string}` }) {
  const { status, account, error } = useConnectionStatus()
  const balances = useLedgerBalances()
  const create = useCreateAppSession()
  const requests = useSignatureRequests()
  const id = create.data?.appSessionId
  const { messages, send } = useSessionMessages<{ text: string }>({ appSessionId: id })
  return (
    <section>
      <ConnectionStatus status={status} url={URL} error={error} />
      <BalanceList balances={balances.data} />
      {requests.map((r) => (
        <button type="button" key={r.id} onClick={() => r.approve()}>
          Approve {r.prepared.method}
        </button>
      ))}
      {account && (
        <button
          type="button"
          onClick={() =>
            create.mutate({
              definition: {
                application: 'chess',
                protocol: 'NitroRPC/0.4',
                participants: [account.wallet, opponent],
                weights: [50, 50],
                quorum: 100,
                challenge: 0,
                nonce: Date.now(),
              },
              allocations: [{ participant: account.wallet, asset: 'usdc', amount: '10' }],
            })
          }
        >
          Create {create.progress && `(${create.progress.collected}/${create.progress.required})`}
        </button>
      )}
      {id && (
        <button type="button" onClick={() => send({ text: 'hello' })}>
          Say hello
        </button>
      )}
      <ul>
        {messages.map((m) => (
          <li key={`${m.sender}-${m.id}`}>{m.payload.text}</li>
        ))}
      </ul>
    </section>
  )
}

export function TwoPlayers() {
  return (
    <main>
      <Player name="alice" />
      <Player name="bob" />
    </main>
  )
}
