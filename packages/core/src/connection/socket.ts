import { BaseError, ConnectionLostError } from '../errors.js'

/**
 * An event handler property. Declared as a method's type so that both the DOM's `WebSocket`
 * (`(ev: MessageEvent) => any`) and the `ws` package (`(event: WebSocket.MessageEvent) => void`)
 * are assignable under `strictFunctionTypes`: their handlers take richer events than the client
 * reads.
 */
type EventHandler<E> = { bivarianceHack(event: E): void }['bivarianceHack'] | null

/** Minimal WebSocket shape the client needs (browser `WebSocket` or the `ws` package). */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: EventHandler<unknown>
  onclose: EventHandler<unknown>
  onerror: EventHandler<unknown>
  onmessage: EventHandler<{ data: unknown }>
}

/** A WebSocket constructor. */
export type WebSocketConstructor = new (url: string) => WebSocketLike

const OPEN = 1

/** One WebSocket at a time: opens it, sends text, reports frames and unexpected closes. */
export interface Socket {
  /** Opens a new socket; resolves once it is open, rejects with `ConnectionLostError`. */
  open(): Promise<void>
  /** Sends text; throws `ConnectionLostError` when the socket is not open. */
  send(text: string): void
  /**
   * Closes the current socket without reporting it (used for good or before a retry). An
   * `open()` in progress rejects with `error` (default `ConnectionLostError`).
   */
  close(error?: Error): void
  /** Drops the current socket so that its close reaches `onClosed` (used by keep-alive). */
  drop(): void
}

/** Callbacks of {@link createSocket}. */
export interface SocketHandlers {
  onText(text: string): void
  /** An open socket closed without `close()` being called. */
  onClosed(): void
}

/**
 * Creates the socket holder for `url`. `WS` defaults to `globalThis.WebSocket`; a missing
 * implementation fails on `open()` with a message that names the fix.
 */
export function createSocket(
  url: string,
  WS: WebSocketConstructor | undefined,
  handlers: SocketHandlers,
): Socket {
  let current: WebSocketLike | undefined
  const Impl = WS ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket
  /** Rejects the `open()` in progress, if any. */
  let abortOpen: ((error: Error) => void) | undefined

  function detach(ws: WebSocketLike, error: Error) {
    abortOpen?.(error)
    ws.onclose = null
    ws.onmessage = null
    ws.onopen = null
    // A listener stays: `ws` closed while connecting emits `error`, and an `error` event nobody
    // listens to is an uncaught exception in Node.
    ws.onerror = () => {}
    try {
      ws.close()
    } catch {}
  }

  return {
    open() {
      if (!Impl)
        throw new BaseError('No WebSocket implementation found.', {
          metaMessages: ['Pass `WebSocket` (e.g. from the `ws` package) in Node 20.'],
        })
      if (current)
        detach(current, new ConnectionLostError({ details: 'A new socket replaced this one.' }))
      return new Promise((resolve, reject) => {
        let settled = false
        let opened = false
        const ws = new Impl(url)
        current = ws
        const settle = (error?: Error) => {
          if (settled) return
          settled = true
          abortOpen = undefined
          if (error) reject(error)
          else resolve()
        }
        abortOpen = settle
        const failed = () => new ConnectionLostError({ details: `Could not open ${url}.` })
        ws.onopen = () => {
          opened = true
          settle()
        }
        ws.onerror = () => settle(failed())
        ws.onmessage = (ev) =>
          handlers.onText(typeof ev.data === 'string' ? ev.data : String(ev.data))
        ws.onclose = () => {
          if (current === ws) current = undefined
          if (opened) handlers.onClosed()
          else settle(failed())
        }
      })
    },
    send(text) {
      if (!current || current.readyState !== OPEN)
        throw new ConnectionLostError({ details: 'The socket is not open.' })
      current.send(text)
    },
    close(error = new ConnectionLostError({ details: 'The socket was closed.' })) {
      const ws = current
      current = undefined
      if (ws) detach(ws, error)
    },
    drop() {
      try {
        current?.close()
      } catch {}
    },
  }
}
