import { createApplicationMessage } from '@erc7824/nitrolite'
import type { WebSocketConstructor, WebSocketLike } from '../connection/socket.js'
import { ConnectionLostError, NodeRejectedError, TimeoutError } from '../errors.js'
import { createPresenceTracker } from './presence.js'
import type { MessageTransportFactory, TransportMessage } from './types.js'

/** Where {@link standaloneRelay} keeps the last sequence number processed per session. `localStorage` fits. */
export interface RelayCursorStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

/** Options of {@link standaloneRelay}. */
export interface StandaloneRelayOptions {
  /** The relay's WebSocket URL (`@nitrolite-kit/relay`). */
  url: string
  /** Persists per-session cursors so a reload resumes where it stopped (default: in memory). */
  storage?: RelayCursorStorage
  /** WebSocket implementation (default `globalThis.WebSocket`; pass `ws` in Node < 22). */
  WebSocket?: WebSocketConstructor
  /** How long a send waits for the relay (default 15 000 ms). */
  timeoutMs?: number
  /** Reconnect backoff (defaults 250 ms doubling to 10 s). */
  reconnect?: { baseDelayMs?: number; maxDelayMs?: number }
}

/** The only challenges the session key signs: never valid JSON, so never a ClearNode request. */
const CHALLENGE = /^nitrolite-relay-auth:[0-9a-f]{64}$/

type Pending = {
  resolve(v: unknown): void
  reject(e: Error): void
  timer: ReturnType<typeof setTimeout>
}

/** A message sent and not yet acknowledged: kept across a reconnect (see `send`). */
type Outgoing = Pending & {
  id: number
  /** The signed frame, sent again byte for byte when it did not reach the log. */
  text: string
  /** Its signature: the replayed delivery carrying it is this message. */
  signature: string
  /** The replay after a reconnect showed the relay had stored it. */
  landed: boolean
}

/**
 * Session messages through a standalone `@nitrolite-kit/relay` beside the ClearNode (which, in
 * 0.5.3, does not relay). Authenticates with the wallet's key certificate plus a session-key
 * signature of the relay's challenge (no wallet prompt), resumes each session after the last
 * sequence number processed, drops duplicates and reconnects with backoff. Reports presence:
 * which peers have a live relay connection (`client.getPresence()`).
 *
 * @example
 * createClearNodeClient({ …, messageTransport: standaloneRelay({ url: 'wss://relay.example', storage: localStorage }) })
 */
export function standaloneRelay(options: StandaloneRelayOptions): MessageTransportFactory {
  const timeoutMs = options.timeoutMs ?? 15_000
  const base = options.reconnect?.baseDelayMs ?? 250
  const max = options.reconnect?.maxDelayMs ?? 10_000
  return (context) => {
    // Without a storage the cursors stay in memory as they are (per wallet, across reconnects):
    // nothing to serialise on every delivery.
    const storage = options.storage
    const memory = new Map<string, Record<string, number>>()
    const listeners = new Set<(m: TransportMessage) => void>()
    const presence = createPresenceTracker()
    const pending = new Map<number, Pending & { method: string }>()
    const outbox = new Map<number, Outgoing>()
    let waiters: Pending[] = []
    let ws: WebSocketLike | undefined
    let ready = false
    let closed = false
    let retry: ReturnType<typeof setTimeout> | undefined
    let attempt = 0
    let cursors: Record<string, number> = {}
    let key = ''
    let nextId = Date.now()

    const lost = (method?: string) => new ConnectionLostError({ method, details: options.url })

    function open() {
      retry = undefined
      const certificate = context.getCertificate()
      const WS = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
      if (closed || ws || !certificate || !WS) return
      key = `nitrolite-kit:relay:${options.url}:${certificate.wallet}`
      if (!storage) {
        cursors = memory.get(key) ?? {}
        memory.set(key, cursors)
      } else
        try {
          cursors = JSON.parse(storage.getItem(key) ?? '{}')
        } catch {
          cursors = {}
        }
      const socket = new WS(options.url)
      ws = socket
      socket.onmessage = (e) => onText(socket, String(e.data))
      socket.onerror = () => {}
      socket.onclose = () => onClose(socket)
    }

    function onClose(socket: WebSocketLike) {
      if (ws !== socket) return
      ws = undefined
      ready = false
      presence.unavailable()
      for (const [id, p] of pending) {
        clearTimeout(p.timer)
        p.reject(lost(p.method))
        pending.delete(id)
      }
      if (closed) return
      const delay = Math.min(max, base * 2 ** attempt++) * (0.5 + Math.random() / 2)
      retry = setTimeout(open, delay)
    }

    function request(
      socket: WebSocketLike,
      method: string,
      params: unknown,
      text?: string,
      id = ++nextId,
    ) {
      return new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id)
          reject(new TimeoutError({ method, timeoutMs }))
        }, timeoutMs)
        pending.set(id, { resolve, reject, timer, method })
        socket.send(text ?? JSON.stringify({ req: [id, method, params, Date.now()] }))
      })
    }

    async function authenticate(socket: WebSocketLike, challenge: unknown) {
      const certificate = context.getCertificate()
      try {
        if (typeof challenge !== 'string' || !CHALLENGE.test(challenge) || !certificate)
          throw new Error('unexpected challenge')
        const signature = await context.sign(challenge)
        await request(socket, 'auth', { certificate, challenge, signature })
        await request(socket, 'resume', { sessions: cursors })
        ready = true
        attempt = 0
        // The replay is in (it comes before the answer): what it carried is sent, the rest again.
        for (const o of outbox.values()) o.landed ? settle(o) : transmit(o)
        for (const w of waiters.splice(0)) w.resolve(undefined)
      } catch {
        socket.close()
      }
    }

    function onText(socket: WebSocketLike, text: string) {
      let f: { seq?: unknown; res?: unknown[]; sid?: string; from?: string; req?: unknown[] }
      try {
        f = JSON.parse(text)
      } catch {
        return
      }
      if (typeof f.seq === 'number') return onDelivery(f as Required<typeof f> & { seq: number })
      if (!Array.isArray(f.res)) return
      const [id, method, params] = f.res as [number, string, Record<string, unknown>]
      if (id === 0 && method === 'challenge') return void authenticate(socket, params?.challenge)
      if (id === 0 && method === 'presence')
        return presence.change(params?.wallet, params?.online === true)
      const p = pending.get(id)
      if (!p) return
      pending.delete(id)
      clearTimeout(p.timer)
      if (method === 'error')
        p.reject(new NodeRejectedError({ method: p.method, nodeMessage: String(params?.error) }))
      else {
        // Applied here, not after the await: notices right behind the answer must not be lost.
        if (method === 'resume')
          presence.snapshot(Array.isArray(params?.online) ? (params.online as unknown[]) : [])
        p.resolve(params)
      }
    }

    function onDelivery(f: {
      seq: number
      sid: string
      from: string
      req: unknown[]
      sig?: unknown[]
    }) {
      if (f.seq <= (cursors[f.sid] ?? 0)) return // a duplicate (resume overlap)
      const [id, , params, timestamp] = f.req as [number, string, Record<string, unknown>, number]
      // Ours only if the relay says we sent it and it carries our signature (no one else's frame
      // can: the relay checks that `sig[0]` recovers to its sender's key).
      const own = outbox.get(id)
      if (
        own &&
        f.from === context.getWallet() &&
        Array.isArray(f.sig) &&
        f.sig[0] === own.signature
      )
        own.landed = true
      const kit = params?.nk === 1 && typeof params.kind === 'string'
      const message: TransportMessage = {
        appSessionId: f.sid as TransportMessage['appSessionId'],
        sender: f.from as TransportMessage['sender'],
        kind: kit ? (params.kind as TransportMessage['kind']) : 'app',
        data: kit ? params.data : params,
        id,
        timestamp,
      }
      if (kit && params.definition && message.kind === 'sign_request' && message.data)
        (message.data as { definition?: unknown }).definition ??= params.definition
      for (const l of listeners) l(message)
      cursors[f.sid] = f.seq
      storage?.setItem(key, JSON.stringify(cursors))
    }

    /**
     * Sends an outgoing message on the live socket. A connection lost before the relay answered
     * keeps it: after the next resume it is answered from the replay if the relay stored it, or
     * sent again, the same bytes, if not (the relay stores nothing from a socket that closed), so
     * it is delivered once. It fails on the relay's refusal or after `timeoutMs`.
     */
    function transmit(o: Outgoing) {
      if (!ws || !ready) return // sent after the next resume
      request(ws, 'message', undefined, o.text, o.id).then(
        () => settle(o),
        (error: Error) => {
          if (error instanceof ConnectionLostError && !closed) return
          if (outbox.delete(o.id)) {
            clearTimeout(o.timer)
            o.reject(error)
          }
        },
      )
    }

    function settle(o: Outgoing) {
      if (!outbox.delete(o.id)) return
      clearTimeout(o.timer)
      o.resolve(undefined)
    }

    function whenReady(): Promise<unknown> {
      if (closed) return Promise.reject(lost('message'))
      if (ready) return Promise.resolve()
      if (!retry) open()
      return new Promise((resolve, reject) => {
        const w: Pending = {
          resolve: (v) => {
            clearTimeout(w.timer)
            resolve(v)
          },
          reject,
          timer: setTimeout(() => {
            waiters = waiters.filter((x) => x !== w)
            reject(new TimeoutError({ method: 'message', timeoutMs, details: 'relay not ready' }))
          }, timeoutMs),
        }
        waiters.push(w)
      })
    }

    return {
      connected: open,
      async send(message) {
        const from = context.getWallet()
        if (!from) throw lost('message')
        await whenReady()
        const params: Record<string, unknown> = {
          nk: 1,
          kind: message.kind,
          from,
          data: message.data,
        }
        if (message.definition) params.definition = message.definition
        const id = ++nextId
        let signature: string | undefined
        const text = await createApplicationMessage(
          async (payload) => {
            const signed = await context.sign(JSON.stringify(payload))
            signature = signed
            return signed
          },
          message.appSessionId,
          params,
          id,
          Date.now(),
        )
        if (closed) throw lost('message')
        return new Promise<void>((resolve, reject) => {
          const o: Outgoing = {
            id,
            text,
            signature: signature ?? '',
            landed: false,
            resolve: () => resolve(),
            reject,
            timer: setTimeout(() => {
              outbox.delete(id)
              reject(new TimeoutError({ method: 'message', timeoutMs }))
            }, timeoutMs),
          }
          outbox.set(id, o)
          transmit(o)
        })
      },
      subscribe(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
      subscribePresence: presence.subscribe,
      close() {
        closed = true
        ready = false
        clearTimeout(retry)
        const socket = ws
        ws = undefined
        if (socket) {
          socket.onclose = socket.onmessage = socket.onerror = null
          socket.close()
        }
        for (const p of pending.values()) {
          clearTimeout(p.timer)
          p.reject(lost(p.method))
        }
        pending.clear()
        for (const w of waiters.splice(0)) {
          clearTimeout(w.timer)
          w.reject(lost('message'))
        }
        for (const o of outbox.values()) {
          clearTimeout(o.timer)
          o.reject(lost('message'))
        }
        outbox.clear()
        listeners.clear()
        presence.unavailable()
      },
    }
  }
}
