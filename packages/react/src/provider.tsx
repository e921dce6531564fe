'use client'
import {
  type Allowance,
  type AutoSignPolicy,
  type ClearNodeClient,
  createClearNodeClient,
  type Logger,
  ledgerBalancesQueryKey,
  localStorageSessionKeyStore,
  type MessageTransportFactory,
  memorySessionKeyStore,
  type SessionKeyStore,
  type WebSocketConstructor,
} from '@nitrolite-kit/core'
import { useQueryClient } from '@tanstack/react-query'
import { type ReactNode, useEffect, useMemo, useState } from 'react'
import { useConnection, useWalletClient } from 'wagmi'
import { NitroliteContext } from './context.js'
import { createNitroliteStore, type NitroliteStore } from './store.js'

/** Props of {@link NitroliteProvider}. */
export interface NitroliteProviderProps {
  /** ClearNode WebSocket URL, e.g. `ws://127.0.0.1:8000/ws`. */
  url: string
  /** Application name the session key is scoped to. */
  application: string
  /** Spending caps of the session key. Defaults to none. */
  allowances?: Allowance[]
  /** Session-key scope. Defaults to `app.create`. */
  scope?: string
  /** Session-key lifetime in seconds. Defaults to 24 h. */
  sessionKeyExpiresIn?: number
  /**
   * Persistence for the session key, JWT and active session ids. Defaults to `localStorage` in
   * browsers (memory elsewhere); `null` keeps everything in memory.
   */
  storage?: Storage | null
  /**
   * Prefix of every key this provider writes to `storage` (its store and its session keys).
   * Give two providers on one page different keys so that they keep apart. Defaults to
   * `nitrolite-kit.store:<application>` for the store and `nitrolite-kit:session-key:` for
   * session keys.
   */
  storageKey?: string
  /** Connect and authenticate when wagmi has a connected account. Defaults to `true`. */
  autoConnect?: boolean
  /** WebSocket implementation (Node/tests). Defaults to the global one. */
  WebSocket?: WebSocketConstructor
  /** Per-request timeout. Defaults to 15 000 ms. */
  requestTimeoutMs?: number
  /** Delivery of session messages. Defaults to the ClearNode relay. */
  messageTransport?: MessageTransportFactory
  /** Signs incoming co-signing requests without asking when it returns `true`. Defaults to never. */
  autoSign?: AutoSignPolicy
  /** Messages kept per session. Defaults to 500. */
  messageHistoryLimit?: number
  /** Diagnostics sink. Defaults to silent. */
  logger?: Logger
  children?: ReactNode
}

/**
 * Connects a React tree to a ClearNode. Place it inside `WagmiProvider` and
 * `QueryClientProvider`; it authenticates with the connected wagmi account.
 *
 * It holds no protocol rules: it creates the core client and forwards the client's events
 * (status, balances, sessions, messages, signature requests) into its store, and balance pushes
 * into the ledger-balances query. The core client keeps the sessions in sync (after every
 * reconnect, on a balance push, on a message from an unknown session).
 *
 * @example
 * <WagmiProvider config={config}>
 *   <QueryClientProvider client={queryClient}>
 *     <NitroliteProvider url="ws://127.0.0.1:8000/ws" application="chess" allowances={[{ asset: 'usdc', amount: '100' }]}>
 *       <App />
 *     </NitroliteProvider>
 *   </QueryClientProvider>
 * </WagmiProvider>
 */
export function NitroliteProvider(props: NitroliteProviderProps) {
  const { url, application, autoConnect = true } = props
  const browserStorage =
    props.storage === undefined
      ? typeof localStorage !== 'undefined'
        ? localStorage
        : null
      : props.storage
  const [store] = useState<NitroliteStore>(() =>
    createNitroliteStore({
      storage: browserStorage,
      storageKey: props.storageKey ?? `nitrolite-kit.store:${application}`,
      messageHistoryLimit: props.messageHistoryLimit,
    }),
  )
  const [sessionKeyStore] = useState<SessionKeyStore>(() =>
    browserStorage
      ? localStorageSessionKeyStore(
          props.storageKey ? `${props.storageKey}:session-key:` : undefined,
          browserStorage,
        )
      : memorySessionKeyStore(),
  )
  // Pending signature requests survive a reload (re-offered, or collected on) in the same storage.
  const [requestStorage] = useState(() => {
    if (!browserStorage) return undefined
    const prefix = props.storageKey ? `${props.storageKey}:` : ''
    return {
      getItem: (k: string) => browserStorage.getItem(prefix + k),
      setItem: (k: string, v: string) => browserStorage.setItem(prefix + k, v),
    }
  })
  const { address, status: walletStatus } = useConnection()
  const { data: walletClient } = useWalletClient()
  const queryClient = useQueryClient()
  const [client, setClient] = useState<ClearNodeClient>()

  // Options that should not recreate the client when their identity changes.
  const allowancesKey = JSON.stringify(props.allowances ?? [])
  const latest = useLatestOptions(props)

  // wagmi passes through `reconnecting` whenever `WagmiProvider` re-renders; with the same
  // account and wallet client that is no reason to drop an authenticated connection.
  const walletConnected =
    walletStatus === 'connected' || (walletStatus === 'reconnecting' && Boolean(address))

  useEffect(() => {
    if (!autoConnect || !walletConnected || !walletClient || !address) return
    if (walletClient.account?.address !== address) return
    const o = latest.current
    const c = createClearNodeClient({
      url,
      application,
      allowances: JSON.parse(allowancesKey) as Allowance[],
      scope: o.scope,
      expiresIn: o.sessionKeyExpiresIn,
      walletSigner: walletClient,
      sessionKeyStore,
      requestStorage,
      WebSocket: o.WebSocket,
      requestTimeoutMs: o.requestTimeoutMs,
      messageTransport: o.messageTransport,
      autoSign: o.autoSign ? (r) => o.autoSign?.(r) ?? false : undefined,
      logger: o.logger,
    })
    const s = store.getState()
    const offs = [
      c.on('status', (status) =>
        store.getState().setStatus(status, status === 'error' ? c.getError() : undefined),
      ),
      c.on('balances', (balances) => {
        store.getState().setBalances(balances)
        const wallet = c.getAccount()?.wallet
        if (wallet) queryClient.setQueryData(ledgerBalancesQueryKey({ url, wallet }), balances)
      }),
      c.on('appSession', (session) => store.getState().upsertSession(session)),
      c.on('message', (message) => store.getState().addMessage(message)),
      c.on('signatureRequest', (request) => store.getState().addSignatureRequest(request)),
      c.on('signatureRequestSettled', ({ id }) => store.getState().removeSignatureRequest(id)),
      c.on('signatureRequests', (list) => store.getState().setRequests(list)),
      c.on('presence', (presence) => store.getState().setPresence(presence)),
    ]
    s.reset()
    setClient(c)
    c.connect()
      .then(() => store.getState().setAccount(c.getAccount()))
      .catch((error: Error) => store.getState().setStatus('error', error))
    return () => {
      for (const off of offs) off()
      void c.disconnect()
      setClient(undefined)
      store.getState().setStatus('disconnected')
      store.getState().setAccount(undefined)
    }
  }, [
    autoConnect,
    walletConnected,
    walletClient,
    address,
    url,
    application,
    allowancesKey,
    store,
    sessionKeyStore,
    queryClient,
    latest,
    requestStorage,
  ])

  const value = useMemo(() => ({ store, client, url }), [store, client, url])
  return <NitroliteContext.Provider value={value}>{props.children}</NitroliteContext.Provider>
}

function useLatestOptions(props: NitroliteProviderProps) {
  const [ref] = useState(() => ({ current: props }))
  ref.current = props
  return ref
}
