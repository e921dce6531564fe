import { createPingMessageV2, type MessageSigner } from '@erc7824/nitrolite'
import { type Address, type Hex, keccak256, toBytes } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createInbox } from '../app-sessions/inbox.js'
import { createOperations } from '../app-sessions/operations.js'
import { type Call, createReads } from '../app-sessions/reads.js'
import { createSignatureRequests } from '../app-sessions/requests.js'
import { createSessionCache } from '../app-sessions/session-cache.js'
import { signingProgress } from '../app-sessions/signing.js'
import { createSessionSync } from '../app-sessions/sync.js'
import { type AuthenticatedKey, authenticate } from '../auth/authenticate.js'
import { memorySessionKeyStore } from '../auth/session-key-store.js'
import { ClientDisconnectedError, ConnectionLostError } from '../errors.js'
import { silentLogger } from '../logger.js'
import { clearNodeRelay, createRelayPrimitives } from '../transports/clearnode-relay.js'
import { NO_PRESENCE } from '../transports/presence.js'
import type { Presence } from '../transports/types.js'
import type { AppSession, ConnectionStatus } from '../types.js'
import { readFrame } from '../wire/envelope.js'
import { createEmitter } from './events.js'
import { createKeepAlive } from './keep-alive.js'
import { createReconnector, reconnectConfig } from './reconnect.js'
import { createRequests } from './requests.js'
import { createSocket } from './socket.js'
import type { ClearNodeClient, ClearNodeClientEvents, ClearNodeClientOptions } from './types.js'

/**
 * Creates a client for one ClearNode connection. Nothing happens until `connect()`.
 *
 * @example
 * const client = createClearNodeClient({ url, application: 'chess', walletSigner, allowances: [{ asset: 'usdc', amount: '100' }], WebSocket })
 * await client.connect()
 * const session = await client.createAppSession({ definition, allocations })
 */
export function createClearNodeClient(options: ClearNodeClientOptions): ClearNodeClient {
  const logger = options.logger ?? silentLogger
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000
  const allowances = options.allowances ?? []
  const defaultStore = memorySessionKeyStore()

  // ---------------------------------------------------------------- state
  let status: ConnectionStatus = 'disconnected'
  let lastError: Error | undefined
  let auth:
    | {
        wallet: Address
        key: AuthenticatedKey
        /** Stable object for `getAccount()` (stores compare it by identity). */
        account: { wallet: Address; sessionKey: Address }
        sign(hash: Hex): Promise<Hex>
        signer: MessageSigner
      }
    | undefined
  let closedForGood = false
  /** Bumped by `disconnect()`: a connection attempt begun before it must not finish. */
  let epoch = 0
  let connecting: Promise<void> | undefined

  // ---------------------------------------------------------------- parts
  const events = createEmitter<ClearNodeClientEvents>((event, error) =>
    logger.error(`listener for \`${String(event)}\` threw`, error),
  )
  const socket = createSocket(options.url, options.WebSocket, { onText, onClosed })
  const requests = createRequests({
    send: (text) => {
      if (closedForGood) throw new ClientDisconnectedError({ details: 'Nothing was sent.' })
      socket.send(text)
    },
    timeoutMs: requestTimeoutMs,
  })
  const call: Call = async (build, method) => {
    const started = epoch
    const id = requests.nextId()
    const text = await build(id, Date.now())
    // `disconnect()` while the request was being signed.
    if (epoch !== started) throw new ClientDisconnectedError({ method })
    return requests.call(id, text, method)
  }
  const sessions = createSessionCache()
  const remember = (session: AppSession) => {
    const { session: merged, changed } = sessions.put(session)
    if (changed) {
      events.emit('appSession', merged)
      collector.sessionChanged(merged)
      incoming.sessionChanged(merged)
    }
    return merged
  }
  const reads = createReads({
    call,
    signer: () => requireAuth().signer,
    wallet: () => requireAuth().wallet,
    sessions,
    remember,
    logger,
  })
  const sync = createSessionSync({
    reads,
    remember,
    balances: (balances) => events.emit('balances', balances),
    connected: () => Boolean(auth) && status === 'connected',
    logger,
  })
  const relay = createRelayPrimitives({
    url: options.url,
    wallet: () => requireAuth().wallet,
    signer: () => requireAuth().signer,
    nextId: requests.nextId,
    track: (id, text, method) => requests.track(id, text, method),
    settle: requests.settle,
  })
  const transport = (options.messageTransport ?? clearNodeRelay())({
    getWallet: () => auth?.wallet,
    sign: (payload) => signPayload(payload),
    getCertificate: () => auth?.key.certificate,
    relay: relay.relay,
  })
  const {
    book,
    collector,
    incoming,
    offer,
    list: listRequests,
  } = createSignatureRequests({
    storage: options.requestStorage,
    restampAfterMs: options.restampAfterMs,
    autoSign: options.autoSign,
    allowances,
    transport,
    me: () => auth?.wallet,
    wallet: () => requireAuth().wallet,
    certificate: () => auth?.key.certificate,
    sign: signPayload,
    nextId: requests.nextId,
    session: async (id, fresh) => {
      const known = sessions.get(id)
      return !fresh && known?.allocations ? known : reads.refreshAppSession(id)
    },
    reads,
    complete: (p) => ops.finishRestored(p),
    events,
    logger,
  })
  let presence: Presence = NO_PRESENCE
  const unsubscribePresence =
    transport.subscribePresence?.((next) => {
      presence = next
      events.emit('presence', next)
    }) ?? (() => {})
  const unsubscribeTransport = transport.subscribe(
    createInbox({
      me: () => auth?.wallet,
      known: sessions.get,
      incoming,
      collector,
      refresh: (id) => sync.refresh(id),
      onMessage: (message) => events.emit('message', message),
      onSignatureRequest: offer,
      onError: (error) => events.emit('error', error),
    }),
  )
  const keepAliveMs = options.keepAliveMs ?? 25_000
  const keepAlive = createKeepAlive({
    intervalMs: keepAliveMs,
    ping: () => {
      const id = requests.nextId()
      return requests.call(
        id,
        createPingMessageV2(id, Date.now()),
        'ping',
        Math.min(keepAliveMs, requestTimeoutMs),
      )
    },
    onDead: () => {
      if (closedForGood) return
      logger.warn('keep-alive ping failed; reconnecting')
      socket.drop()
    },
  })
  const reconnectCfg = reconnectConfig(options.reconnect)
  const reconnector =
    reconnectCfg &&
    createReconnector({
      config: reconnectCfg,
      attempt: establish,
      onRetry: () => setStatus('reconnecting'),
      onFailure: (error) => {
        logger.warn('reconnect attempt failed', error)
        socket.close()
      },
      onGiveUp: () => {
        lastError = new ConnectionLostError({ details: 'Gave up reconnecting.' })
        setStatus('error')
      },
    })

  // ---------------------------------------------------------------- connection
  function setStatus(next: ConnectionStatus) {
    if (status === next) return
    status = next
    events.emit('status', next)
  }

  function requireAuth() {
    if (!auth) throw closedForGood ? new ClientDisconnectedError() : new ConnectionLostError()
    return auth
  }

  /** The one path to a usable connection: open → authenticate → keep-alive → sync. */
  async function establish() {
    const started = epoch
    const live = () => {
      if (epoch !== started) throw new ClientDisconnectedError({ details: 'While connecting.' })
    }
    await socket.open()
    live()
    setStatus('authenticating')
    const { wallet, key } = await authenticate({
      walletSigner: options.walletSigner,
      application: options.application,
      scope: options.scope ?? 'app.create',
      allowances,
      expiresIn: options.expiresIn ?? 24 * 3600,
      store: options.sessionKeyStore ?? defaultStore,
      logger,
      call,
    })
    live()
    // Derived once: deriving the account from the key costs a point multiplication per call.
    const account = privateKeyToAccount(key.privateKey)
    const sign = (hash: Hex) => account.sign({ hash })
    auth = {
      wallet,
      key,
      account: { wallet, sessionKey: key.address },
      sign,
      signer: (payload) =>
        sign(
          keccak256(
            toBytes(JSON.stringify(payload, (_, v) => (typeof v === 'bigint' ? v.toString() : v))),
          ),
        ),
    }
    // Durable signature requests: resume this user's own before the transport resumes (so
    // answers that arrived meanwhile count), and re-offer the ones waiting for them.
    book.load(`${options.url}|${wallet}`)
    collector.restore()
    setStatus('connected')
    keepAlive.start()
    transport.connected?.()
    void incoming.restore(wallet).then(
      (offered) => offered.forEach(offer),
      (error) => logger.warn('could not re-check stored signature requests', error),
    )
    events.emit('signatureRequests', listRequests())
    void sync.afterConnect()
  }

  function onClosed() {
    keepAlive.stop()
    requests.failAll()
    if (closedForGood) return
    if (!reconnector) setStatus('disconnected')
    else reconnector.start()
  }

  async function connect(): Promise<void> {
    if (status === 'connected') return
    if (connecting) return connecting
    closedForGood = false
    const started = epoch
    connecting = (async () => {
      setStatus('connecting')
      try {
        await establish()
      } catch (error) {
        // `disconnect()` during the attempt: it already closed everything; say so.
        if (epoch !== started)
          throw error instanceof ClientDisconnectedError
            ? error
            : new ClientDisconnectedError({ details: 'While connecting.' })
        lastError = error as Error
        socket.close()
        setStatus('error')
        throw error
      } finally {
        // A newer attempt (after `disconnect()`) owns `connecting` now.
        if (epoch === started) connecting = undefined
      }
    })()
    return connecting
  }

  /**
   * Ends the connection for good: every request, connection attempt and signature collection in
   * flight rejects with `ClientDisconnectedError`, and no timer is left (keep-alive, reconnect,
   * sync, request and collection timeouts), so a Node process can exit right after.
   */
  async function disconnect(): Promise<void> {
    closedForGood = true
    epoch++
    connecting = undefined
    reconnector?.stop()
    keepAlive.stop()
    sync.stop()
    requests.failAll((method) => new ClientDisconnectedError({ method }))
    collector.cancelAll(new ClientDisconnectedError({ details: 'While collecting signatures.' }))
    incoming.stop()
    socket.close(new ClientDisconnectedError({ details: 'While connecting.' }))
    auth = undefined
    setStatus('disconnected')
    unsubscribeTransport()
    unsubscribePresence()
    presence = NO_PRESENCE
    transport.close?.()
    events.clear()
    relay.clear()
  }

  // ---------------------------------------------------------------- incoming frames
  function onText(text: string) {
    const incomingFrame = readFrame(text)
    switch (incomingFrame.type) {
      case 'relayed':
        return relay.onRelayed(incomingFrame.frame)
      case 'invalid':
        return logger.warn('dropped a frame that is not a NitroRPC frame')
      case 'other':
        return
      case 'response': {
        const frame = incomingFrame.frame
        if (frame.id !== 0) {
          requests.onResponse(frame)
          return
        }
        try {
          sync.onPush(frame)
        } catch (error) {
          logger.warn(`could not handle notification \`${frame.method}\``, error)
        }
      }
    }
  }

  // ---------------------------------------------------------------- app sessions
  function signPayload(payload: string): Promise<Hex> {
    return requireAuth().sign(keccak256(toBytes(payload)))
  }

  const ops = createOperations({
    me: () => requireAuth().wallet,
    signPayload,
    prepareContext: async () => ({
      me: requireAuth().wallet,
      decimals: await reads.decimals(),
      allowances,
      nextId: requests.nextId,
    }),
    reads,
    sessions,
    remember,
    call: (id, text, method) => requests.call(id, text, method),
    collector,
    transport,
    logger,
  })

  return {
    url: options.url,
    application: options.application,
    getStatus: () => status,
    getAccount: () => auth?.account,
    getError: () => lastError,
    connect,
    disconnect,
    on: events.on,
    listenerCount: events.count,
    getAssets: reads.getAssets,
    getConfig: reads.getConfig,
    getLedgerBalances: reads.getLedgerBalances,
    getAppSessions: reads.getAppSessions,
    getAppDefinition: reads.getAppDefinition,
    refreshAppSession: reads.refreshAppSession,
    getKnownSessions: sessions.list,
    ...ops,
    signingProgress,
    collectSignatures: (prepared, opts) => collector.collect(prepared, opts),
    getSignatureRequests: listRequests,
    getPresence: () => presence,
    cancelSignatureRequest: (intentId, reason) => collector.cancel(intentId, reason),
    async sendMessage(appSessionId, payload) {
      requireAuth()
      await transport.send({ appSessionId, kind: 'app', data: payload })
    },
  }
}
