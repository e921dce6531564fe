// The relay: the log, the membership reader, the live fan-out and presence behind a WebSocket endpoint
// (`createRelay`, attachable to any HTTP server's upgrades), and the standalone process around
// it (`startRelay`: its own HTTP server with `GET /health`, membership from a ClearNode).
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import { Connection, type Hub } from './connection.js'
import { DEFAULT_RETENTION, RelayLog, type Retention } from './log.js'
import { type RelayLogger, silentLogger } from './logger.js'
import { MemberCache } from './members.js'
import { Membership, type ParticipantsLookup } from './membership.js'
import { Presence } from './presence.js'
import { RateLimiter } from './rate-limit.js'
import {
  type HashText,
  type RecoverAddress,
  recoverRaw,
  type SignatureEngine,
  type SignaturePath,
  type SignaturesOption,
  selectSignatures,
  viemHashText,
} from './signatures.js'

/** Options of {@link createRelay}. */
export interface RelayEndpointOptions {
  /**
   * Where session participants come from: a ClearNode WebSocket URL (asked with
   * `get_app_definition`, e.g. `ws://127.0.0.1:8000/ws`), or a {@link ParticipantsLookup}
   * (e.g. a node's own store, when the relay is embedded in it).
   */
  membership: string | ParticipantsLookup
  /** SQLite file, or `:memory:` (the default). */
  db?: string
  /** Prefix of the log's table names, to share `db` with other tables (default none). */
  tablePrefix?: string
  /** Per-session retention (default: 1000 frames, 7 days). */
  retention?: Partial<Retention>
  /** Messages one wallet may send per minute to sessions not yet on the node (default 30). */
  preCreationRatePerMinute?: number
  /** Largest accepted frame in bytes (default 65 536). */
  maxFrameBytes?: number
  /** Sockets that have not authenticated by then are closed (default 30 000 ms). */
  authTimeoutMs?: number
  /** How long a membership lookup on the ClearNode may take (default 5000 ms). */
  clearnodeTimeoutMs?: number
  /** Where the relay logs (default: nowhere). */
  logger?: RelayLogger
  /**
   * Which elliptic-curve implementation recovers every message and challenge signature (the
   * relay's hot path): `auto` (the default) uses libsecp256k1 (the optional `secp256k1` and
   * `keccak` packages' prebuilt bindings) when it loads and viem/noble otherwise; `native`
   * requires it (`createRelay` throws without it); `noble` always uses viem/noble. Or an engine
   * from {@link selectSignatures}, e.g. the one a host node already uses. The choice is logged
   * at start and reported as {@link RelayEndpoint.signatures}.
   */
  signatures?: SignaturesOption | SignatureEngine
  /**
   * A recovery of your own, in place of {@link RelayEndpointOptions.signatures}'s: the
   * checksummed address that produced a raw-keccak signature (no EIP-191 prefix; `0x` + r‖s + v)
   * over `hash`, throwing when none does.
   */
  recoverAddress?: RecoverAddress
  /**
   * keccak256 of a text's UTF-8 bytes (the hash every message and challenge signature covers), in
   * place of the engine's. Defaults to the engine's (native keccak on the native path), or viem's
   * `keccak256` beside a `recoverAddress` of your own.
   */
  hashText?: HashText
}

/**
 * A relay without a server of its own: hand it the upgrade requests of the path it should serve.
 *
 * @example
 * const relay = createRelay({ membership: (sid) => participantsOf(sid), db: 'app.sqlite', tablePrefix: 'relay_' })
 * server.on('upgrade', (req, socket, head) => {
 *   if (req.url?.split('?')[0] === '/relay') relay.handleUpgrade(req, socket, head)
 * })
 */
export interface RelayEndpoint {
  /** Completes a WebSocket upgrade and serves the relay protocol on the socket. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
  /** What recovers signatures: `native`, `noble`, or `custom` (a `recoverAddress` of yours). */
  readonly signatures: SignaturePath | 'custom'
  /** How many client sockets are open. */
  readonly clients: number
  /** Closes every relay socket, the ClearNode connection (if any) and the database; not the server. */
  close(): Promise<void>
}

/** Options of {@link startRelay}. */
export interface RelayOptions extends Omit<RelayEndpointOptions, 'membership'> {
  /** The ClearNode the relay reads session participants from, e.g. `ws://127.0.0.1:8000/ws`. */
  clearnode: string
  /** TCP port (default 0: ephemeral). */
  port?: number
  /** Interface to bind (default `127.0.0.1`). */
  host?: string
}

/** A running relay. */
export interface Relay {
  /** WebSocket URL clients connect to. */
  url: string
  /** The bound port. */
  port: number
  /** How many client sockets are open. */
  readonly clients: number
  /** What recovers signatures (see {@link RelayEndpoint.signatures}); also in `GET /health`. */
  readonly signatures: SignaturePath | 'custom'
  /** Closes every socket, the ClearNode connection and the database. */
  close(): Promise<void>
}

/** Creates a relay endpoint (log, membership, fan-out) to attach to an HTTP server's upgrades. */
export function createRelay(options: RelayEndpointOptions): RelayEndpoint {
  const logger = options.logger ?? silentLogger
  const crypto = signatureFunctions(options)
  const retention = { ...DEFAULT_RETENTION, ...options.retention }
  const log = new RelayLog(options.db ?? ':memory:', retention, {
    tablePrefix: options.tablePrefix,
  })
  const membership = new Membership(options.membership, {
    logger,
    timeoutMs: options.clearnodeTimeoutMs,
  })
  const maxFrameBytes = options.maxFrameBytes ?? 65_536
  const live = new Map<string, Set<Connection>>()
  const members = new MemberCache()
  const presence = new Presence(log, members, live)
  const hub: Hub = {
    log,
    membership,
    limiter: new RateLimiter(options.preCreationRatePerMinute ?? 30),
    logger,
    maxFrameBytes,
    recoverAddress: crypto.recoverAddress,
    hashText: crypto.hashText,
    setLive(conn, on) {
      const wallet = conn.identity?.wallet
      const key = wallet?.toLowerCase()
      const gone: string[] = []
      for (const [w, set] of live) {
        if (on && w === key) continue
        if (set.delete(conn) && set.size === 0) {
          live.delete(w)
          gone.push(w)
        }
      }
      for (const w of gone) presence.announce(w, false)
      if (on && key && wallet) {
        const set = live.get(key)
        if (set) set.add(conn)
        else {
          live.set(key, new Set([conn]))
          presence.announce(key, true, wallet)
        }
      }
    },
    onlinePeers: (wallet) => presence.onlinePeers(wallet.toLowerCase()),
    introduce: (keys) => presence.introduce(keys),
    members,
    deliver(keys, text, sender) {
      for (const key of keys) {
        const conns = live.get(key)
        if (conns) for (const c of conns) c === sender ? c.send(text) : c.sendNow(text)
      }
    },
  }

  // Frames above the limit still get a precise answer; far larger ones close the socket (1009).
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes * 4 })
  wss.on('connection', (ws) => {
    const conn = new Connection(ws, hub, options.authTimeoutMs ?? 30_000)
    ws.on('message', (data) => conn.receive(String(data)))
    ws.on('close', () => conn.dispose())
    ws.on('error', (error) => logger.warn('client socket error', error))
  })
  const pruneTimer = setInterval(
    () => {
      const dropped = log.pruneByAge()
      if (dropped) logger.debug(`dropped ${dropped} frames past the retention age`)
    },
    Math.min(retention.ageMs, 60_000),
  )
  pruneTimer.unref()

  let closing: Promise<void> | undefined
  return {
    handleUpgrade(req, socket, head) {
      if (closing) {
        socket.destroy()
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
    },
    get clients() {
      return wss.clients.size
    },
    signatures: crypto.path,
    close() {
      closing ??= (async () => {
        clearInterval(pruneTimer)
        for (const ws of wss.clients) ws.terminate()
        await new Promise<void>((resolve) => wss.close(() => resolve()))
        membership.close()
        log.close()
      })()
      return closing
    },
  }
}

/**
 * The recovery and hash {@link createRelay} uses: a `recoverAddress` of the caller's, else the
 * engine's (the one passed as `signatures`, or the one that option selects, which is logged).
 */
function signatureFunctions(options: RelayEndpointOptions): {
  path: SignaturePath | 'custom'
  recoverAddress: RecoverAddress
  hashText: HashText
} {
  if (options.recoverAddress)
    return {
      path: 'custom',
      recoverAddress: options.recoverAddress,
      hashText: options.hashText ?? viemHashText,
    }
  let engine: SignatureEngine
  if (typeof options.signatures === 'object') engine = options.signatures
  else {
    engine = selectSignatures(options.signatures)
    options.logger?.info(`signatures: ${engine.description}`)
  }
  return {
    path: engine.path,
    recoverAddress: (hash, signature) => recoverRaw(hash, signature, engine),
    hashText: options.hashText ?? ((text) => engine.hash(text)),
  }
}

/** Starts a relay beside the ClearNode at `options.clearnode`, on its own port. */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  const { clearnode, port: askedPort, host: askedHost, ...rest } = options
  const logger = options.logger ?? silentLogger
  const endpoint = createRelay({ ...rest, membership: clearnode })
  const http = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ ok: true, signatures: endpoint.signatures }))
      return
    }
    res.writeHead(404).end()
  })
  // Any path upgrades (the URL reported ends in `/ws`).
  http.on('upgrade', (req, socket, head) => endpoint.handleUpgrade(req, socket, head))
  const host = askedHost ?? '127.0.0.1'
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject)
      http.listen(askedPort ?? 0, host, () => resolve())
    })
  } catch (error) {
    await endpoint.close()
    throw error
  }
  const { port } = http.address() as AddressInfo
  const url = `ws://${host}:${port}/ws`
  logger.info(`relay listening on ${url}, membership from ${clearnode}`)

  let closing: Promise<void> | undefined
  return {
    url,
    port,
    get clients() {
      return endpoint.clients
    },
    signatures: endpoint.signatures,
    close() {
      closing ??= (async () => {
        await endpoint.close()
        await new Promise<void>((resolve) => http.close(() => resolve()))
      })()
      return closing
    },
  }
}
