// The relay process: an HTTP server (`GET /health`) with a WebSocket endpoint, the log, the
// membership reader and the live fan-out.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { Connection, type Hub } from './connection.js'
import { DEFAULT_RETENTION, RelayLog, type Retention } from './log.js'
import { type RelayLogger, silentLogger } from './logger.js'
import { Membership } from './membership.js'
import { RateLimiter } from './rate-limit.js'

/** Options of {@link startRelay}. */
export interface RelayOptions {
  /** The ClearNode the relay reads session participants from, e.g. `ws://127.0.0.1:8000/ws`. */
  clearnode: string
  /** TCP port (default 0: ephemeral). */
  port?: number
  /** Interface to bind (default `127.0.0.1`). */
  host?: string
  /** SQLite file, or `:memory:` (the default). */
  db?: string
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
}

/** A running relay. */
export interface Relay {
  /** WebSocket URL clients connect to. */
  url: string
  /** The bound port. */
  port: number
  /** How many client sockets are open. */
  readonly clients: number
  /** Closes every socket, the ClearNode connection and the database. */
  close(): Promise<void>
}

/** Starts a relay beside the ClearNode at `options.clearnode`. */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  const logger = options.logger ?? silentLogger
  const retention = { ...DEFAULT_RETENTION, ...options.retention }
  const log = new RelayLog(options.db ?? ':memory:', retention)
  const membership = new Membership(options.clearnode, {
    logger,
    timeoutMs: options.clearnodeTimeoutMs,
  })
  const maxFrameBytes = options.maxFrameBytes ?? 65_536
  const live = new Map<string, Set<Connection>>()
  const hub: Hub = {
    log,
    membership,
    limiter: new RateLimiter(options.preCreationRatePerMinute ?? 30),
    logger,
    maxFrameBytes,
    setLive(conn, on) {
      const wallet = conn.identity?.wallet.toLowerCase()
      for (const [w, set] of live) {
        if (on && w === wallet) continue
        set.delete(conn)
        if (set.size === 0) live.delete(w)
      }
      if (on && wallet) {
        const set = live.get(wallet) ?? new Set<Connection>()
        live.set(wallet, set)
        set.add(conn)
      }
    },
    deliver(participants, text) {
      for (const p of new Set(participants.map((x) => x.toLowerCase())))
        for (const c of live.get(p) ?? []) c.send(text)
    },
  }

  const http = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"ok":true}')
      return
    }
    res.writeHead(404).end()
  })
  // Frames above the limit still get a precise answer; far larger ones close the socket (1009).
  const wss = new WebSocketServer({ server: http, maxPayload: maxFrameBytes * 4 })
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

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const { port } = http.address() as AddressInfo
  const url = `ws://${options.host ?? '127.0.0.1'}:${port}/ws`
  logger.info(`relay listening on ${url}, membership from ${options.clearnode}`)

  let closing: Promise<void> | undefined
  return {
    url,
    port,
    get clients() {
      return wss.clients.size
    },
    close() {
      closing ??= (async () => {
        clearInterval(pruneTimer)
        for (const ws of wss.clients) ws.terminate()
        await new Promise<void>((resolve) => wss.close(() => resolve()))
        await new Promise<void>((resolve) => http.close(() => resolve()))
        membership.close()
        log.close()
      })()
      return closing
    },
  }
}
