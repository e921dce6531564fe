import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Address, Hex } from 'viem'
import { type WebSocket, WebSocketServer } from 'ws'
import {
  type AssetConfig,
  DEFAULT_BROKER_PRIVATE_KEY,
  DEFAULT_FAUCET_MAX_PER_ADDRESS,
  DEFAULT_FAUCET_MAX_PER_CALL,
  DEFAULT_MAX_FRAME_BYTES,
  DEFAULT_RELAY_INVITE_RATE_PER_MINUTE,
  DEVNODE_MODES,
  type DevnodeLogger,
  type DevnodeMode,
  FAUCET_BODY_LIMIT,
  MAX_REQUEST_SIGNATURES,
  OVERSIZE_CLOSE_FACTOR,
  resolveAssets,
} from './config.js'
import { Store } from './db/store.js'
import { createFaucet, FaucetError, faucetCap } from './ledger/faucet.js'
import { type LogLevel, makeLogger } from './logger.js'
import { embedRelay, RELAY_PATH } from './relay/embedded.js'
import { configureRelay } from './relay/relay.js'
import { tickBatchedSend } from './rpc/batch.js'
import type { Connection } from './rpc/context.js'
import { methodsFor } from './rpc/methods.js'
import { RpcNode } from './rpc/node.js'
import { signFrame } from './rpc/notify.js'
import { BrokerSigner } from './util/crypto.js'
import { parseEnvelope, signatureLimit } from './util/envelope.js'
import { json, readBody } from './util/http.js'
import { type SignaturesOption, selectSignatures } from './util/secp256k1.js'

/** Options shared by `startDevnode`, the `nitrolite-devnode` bin and `pnpm devnode`. */
export interface DevnodeOptions {
  /** TCP port. `0` picks a free one. Defaults to `8000`. */
  port?: number
  /** Interface to bind. Defaults to `127.0.0.1`. */
  host?: string
  /** SQLite file, or `:memory:`. Defaults to `:memory:`. */
  dbPath?: string
  /** Assets served, as objects or a `usdc:6,eth:18` string. Defaults to `usdc:6,eth:18`. */
  assets?: AssetConfig[] | string
  /**
   * The legacy relay: `message` frames carrying `sid` on `/ws`, forwarded between session
   * participants (the path the 0.5.3 production node no longer offers). Defaults to `true`.
   * `false` leaves the durable relay at `/relay` ({@link Devnode.relayUrl}) running: a node that
   * does not relay on `/ws` while a relay runs beside it, the production topology.
   */
  relay?: boolean
  /**
   * `test` serves the test-mode method `cleanup_session_key_cache`, as Go's
   * `CLEARNODE_MODE=test`. Defaults to `production` (it answers `test mode endpoints are
   * disabled`).
   */
  mode?: DevnodeMode
  /** Defaults to `silent` for the API and `info` for the CLI. */
  logLevel?: LogLevel
  /** Custom logger; receives only messages at or above `logLevel`. */
  logger?: DevnodeLogger
  /** Key that signs every server frame. Defaults to {@link DEFAULT_BROKER_PRIVATE_KEY}. */
  brokerPrivateKey?: Hex
  /**
   * Largest WebSocket frame (bytes) that is processed. Defaults to 1 MiB. A larger frame is
   * answered with an `error` (`message too large: …`); one larger than 4× this limit makes
   * the socket close with 1009.
   */
  maxFrameBytes?: number
  /**
   * Largest amount one faucet call (`POST /faucet` or `fund`) may credit, in units of the
   * asset. Defaults to `100000`.
   */
  faucetMaxPerCall?: string | number
  /**
   * Largest total the faucet credits to one address per asset over the database's life
   * (spending does not restore it). Defaults to `1000000`.
   */
  faucetMaxPerAddress?: string | number
  /**
   * Pre-creation relay messages (a `message` whose `sid` names no session yet, carrying the
   * definition) one wallet may send per minute, on each relay path; more are refused. A token bucket of this
   * size refilled at this rate. `0` refuses every pre-creation message. Defaults to `30`.
   */
  relayInviteRatePerMinute?: number
  /**
   * Elliptic-curve implementation for request recovery and frame signing: `auto` uses
   * libsecp256k1 (the optional `secp256k1` package) when it loads and viem/noble otherwise,
   * `native` requires libsecp256k1, `noble` forces viem/noble. Both give identical results.
   * Defaults to `$NITROLITE_DEVNODE_SIGNATURES`, else `auto`; `/info` shows the one in use.
   */
  signatures?: SignaturesOption
}

/** A running devnode. */
export interface Devnode {
  /** WebSocket RPC URL, e.g. `ws://127.0.0.1:8000/ws`. */
  url: string
  /**
   * The embedded durable relay (`@nitrolite-kit/relay` protocol), e.g.
   * `ws://127.0.0.1:8000/relay`: use it with core's `standaloneRelay({ url: node.relayUrl })`.
   */
  relayUrl: string
  /** HTTP base URL for `/health`, `/info` and `/faucet`. */
  httpUrl: string
  /** The bound TCP port (the chosen one when `port: 0` was asked). */
  port: number
  /** Address of the broker key that signs every server frame. */
  brokerAddress: Address
  /** Credits `amount` of `asset` to `address`'s ledger and pushes a `bu`; resolves to the new balance. */
  fund(address: string, asset: string, amount: string): Promise<string>
  /** Sum of every wallet and app-session balance per asset (equals what the faucet minted). */
  totals(): Record<string, string>
  /** Stops accepting connections, closes every socket and the database. */
  close(): Promise<void>
}

/**
 * Starts a local ClearNode: WebSocket RPC at `/ws`, the durable relay at `/relay`,
 * `GET /health`, `GET /info` and `POST /faucet` on one port.
 *
 * @example
 * const node = await startDevnode({ port: 0 })
 * await node.fund('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', 'usdc', '100')
 * // connect a client to node.url …
 * await node.close()
 */
export async function startDevnode(options: DevnodeOptions = {}): Promise<Devnode> {
  const logger = makeLogger(options.logLevel ?? 'silent', options.logger)
  const assets = resolveAssets(options.assets)
  const mode = options.mode ?? 'production'
  if (!DEVNODE_MODES.includes(mode))
    throw new Error(`mode must be ${DEVNODE_MODES.join(' or ')}, got ${String(mode)}`)
  const signatures = selectSignatures(options.signatures)
  const store = new Store(options.dbPath ?? ':memory:')
  const broker = new BrokerSigner(
    options.brokerPrivateKey ?? DEFAULT_BROKER_PRIVATE_KEY,
    signatures,
  )
  const relay = options.relay ?? true
  const node = new RpcNode(store, broker, assets, { relay, logger, mode })
  const inviteRate = options.relayInviteRatePerMinute ?? DEFAULT_RELAY_INVITE_RATE_PER_MINUTE
  configureRelay(store, { inviteRatePerMinute: inviteRate })
  const durable = embedRelay(store, {
    dbPath: options.dbPath ?? ':memory:',
    preCreationRatePerMinute: inviteRate,
    logger,
    signatures,
  })
  const served = methodsFor(relay)
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES
  const fund = createFaucet({
    store,
    assets,
    custody: broker.address,
    maxPerCall: faucetCap(
      'faucetMaxPerCall',
      options.faucetMaxPerCall,
      DEFAULT_FAUCET_MAX_PER_CALL,
    ),
    maxPerAddress: faucetCap(
      'faucetMaxPerAddress',
      options.faucetMaxPerAddress,
      DEFAULT_FAUCET_MAX_PER_ADDRESS,
    ),
    credited: (address) => node.pushBalances(address),
  })

  const http = createServer((req, res) => {
    handleHttp(req, res).catch((error) => {
      logger.error('http handler failed', error)
      if (!res.headersSent) json(res, 500, { error: 'internal error' })
    })
  })

  async function handleHttp(req: IncomingMessage, res: ServerResponse) {
    res.setHeader('Access-Control-Allow-Origin', '*')
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
    res.setHeader('Access-Control-Allow-Headers', 'content-type')
    const path = (req.url ?? '/').split('?')[0]
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end()
      return
    }
    if (req.method === 'GET' && path === '/health') return json(res, 200, { status: 'ok' })
    if (req.method === 'GET' && path === '/info') {
      return json(res, 200, {
        devnode: true,
        relay,
        relayUrl,
        signatures: signatures.path,
        brokerAddress: broker.address,
        assets: assets.map((a) => ({ symbol: a.symbol, decimals: a.decimals })),
      })
    }
    if (path === '/faucet') {
      if (req.method !== 'POST')
        return json(res, 405, { error: 'use POST with {"address","asset","amount"}' })
      let body: unknown
      try {
        body = JSON.parse(await readBody(req, FAUCET_BODY_LIMIT))
      } catch {
        return json(res, 400, {
          error: 'invalid JSON body: expected {"address":"0x…","asset":"usdc","amount":"100"}',
          rule: 'body',
        })
      }
      const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
      try {
        const balance = await fund(
          String(b.address ?? ''),
          String(b.asset ?? ''),
          b.amount as string,
        )
        return json(res, 200, { address: b.address, asset: b.asset, balance })
      } catch (error) {
        if (error instanceof FaucetError)
          return json(res, 400, { error: error.message, rule: error.rule })
        throw error
      }
    }
    return json(res, 404, {
      error:
        'not found: the RPC endpoint is ws /ws, the relay ws /relay; HTTP serves /health, /info and POST /faucet',
    })
  }

  // Frames up to 4× the limit get an error answer; larger ones close the socket (1009).
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxFrameBytes * OVERSIZE_CLOSE_FACTOR,
  })
  let nextId = 1
  http.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0]
    if (path === RELAY_PATH) return durable.handleUpgrade(req, socket, head)
    if (path !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws))
  })

  /**
   * Counts a frame's signatures before anything recovers them: more than its possible signers
   * (see `signatureLimit`) is refused with an error carrying the request id, and changes
   * nothing. Every other frame goes to the RPC node.
   */
  async function handleFrame(conn: Connection, text: string): Promise<void> {
    const parsed = parseEnvelope(text)
    if (parsed.ok && parsed.frame.sigs.length > 1 && served.has(parsed.frame.method)) {
      const frame = parsed.frame
      const limit = signatureLimit(frame, (id) => store.participantsOf(id), MAX_REQUEST_SIGNATURES)
      if (frame.sigs.length > limit.max) {
        const error = { error: limit.message(frame.sigs.length) }
        const ts = Math.max(Date.now(), frame.ts + 1)
        conn.send(await signFrame(broker, frame.idRaw, 'error', error, ts))
        return
      }
    }
    await node.handle(conn, text, parsed)
  }

  function onSocket(ws: WebSocket) {
    const send = tickBatchedSend(ws)
    const conn: Connection = {
      id: nextId++,
      send,
      sendNow: send.now,
    }
    // Frames of one connection are processed strictly in order.
    let queue = node.onConnect(conn).catch((e) => logger.error('connect failed', e))
    ws.on('message', (data, isBinary) => {
      const size = (data as Buffer).length
      if (size > maxFrameBytes) {
        queue = queue.then(() =>
          node.refuse(conn, `message too large: ${size} bytes (limit ${maxFrameBytes})`),
        )
        return
      }
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString()
      if (text.length === 0) return
      queue = queue
        .then(() => handleFrame(conn, text))
        .catch((e) => logger.error('frame failed', e))
    })
    ws.on('close', () => node.onClose(conn))
    ws.on('error', (e) => logger.debug(`socket error: ${e.message}`))
  }

  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject)
      http.listen(options.port ?? 8000, options.host ?? '127.0.0.1', () => resolve())
    })
  } catch (error) {
    await durable.close()
    store.close()
    throw error
  }
  const { port } = http.address() as AddressInfo
  const host = options.host ?? '127.0.0.1'
  const shownHost = host.includes(':') ? `[${host}]` : host
  const url = `ws://${shownHost}:${port}/ws`
  const relayUrl = `ws://${shownHost}:${port}${RELAY_PATH}`
  logger.info(`signatures: ${signatures.description}`)
  logger.info(
    `listening on ${url} (legacy relay ${relay ? 'on' : 'off'}, durable relay ${relayUrl}, db ${options.dbPath ?? ':memory:'})`,
  )

  let closed = false
  return {
    url,
    relayUrl,
    httpUrl: `http://${shownHost}:${port}`,
    port,
    brokerAddress: broker.address,
    fund: (address, asset, amount) => fund(address, asset, amount),
    totals: () => store.totals(),
    async close() {
      if (closed) return
      closed = true
      for (const client of wss.clients) client.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await durable.close()
      http.closeAllConnections?.()
      await new Promise<void>((resolve) => http.close(() => resolve()))
      store.close()
    },
  }
}
