import { standaloneRelay } from '@nitrolite-kit/core/relay'
import { NitroliteProvider } from '@nitrolite-kit/react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { WagmiProvider } from 'wagmi'
import { type DemoAccount, loadAccount } from './accounts.js'
import { AccountPicker } from './components/AccountPicker.js'
import { Shell } from './components/Shell.js'
import { ALLOWANCES, APPLICATION, CLEARNODE_URL, RELAY_URL } from './config.js'
import { autoSignGameRounds } from './game/auto-sign.js'
import { createDemoConfig } from './wagmi.js'

/** The demo: the account picker until this tab has chosen a player, then the signed-in shell. */
export function App() {
  const [account] = useState<DemoAccount | undefined>(() => loadAccount())
  const config = useMemo(
    () => (account ? createDemoConfig(account.privateKey) : undefined),
    [account],
  )
  // Messages and signature requests go through the durable relay, resumed after a reload.
  const [messageTransport] = useState(() =>
    standaloneRelay({ url: RELAY_URL, storage: globalThis.localStorage }),
  )
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { retry: 1 } } }),
  )
  if (!account || !config) return <AccountPicker />
  return (
    <WagmiProvider config={config}>
      <QueryClientProvider client={queryClient}>
        <NitroliteProvider
          url={CLEARNODE_URL}
          application={APPLICATION}
          allowances={ALLOWANCES}
          autoSign={autoSignGameRounds}
          messageTransport={messageTransport}
          storageKey={`nk-demo:${account.address}`}
        >
          <Shell account={account} />
        </NitroliteProvider>
      </QueryClientProvider>
    </WagmiProvider>
  )
}
