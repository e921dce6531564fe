import { BaseError, ConnectionLostError } from '../errors.js'

/** Minimal WebSocket shape the client needs (browser `WebSocket` or the `ws` package). */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((ev: unknown) => void) | null
  onclose: ((ev: unknown) => void) | null
  onerror: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
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
  /** Closes the current socket without reporting it (used for good or before a retry). */
  close(): void
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

  function detach(ws: WebSocketLike) {
    ws.onclose = null
    ws.onmessage = null
    ws.onerror = null
    ws.onopen = null
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
      if (current) detach(current)
      return new Promise((resolve, reject) => {
        let opened = false
        const ws = new Impl(url)
        current = ws
        const failed = () => new ConnectionLostError({ details: `Could not open ${url}.` })
        ws.onopen = () => {
          opened = true
          resolve()
        }
        ws.onerror = () => {
          if (!opened) reject(failed())
        }
        ws.onmessage = (ev) =>
          handlers.onText(typeof ev.data === 'string' ? ev.data : String(ev.data))
        ws.onclose = () => {
          if (current === ws) current = undefined
          if (!opened) reject(failed())
          else handlers.onClosed()
        }
      })
    },
    send(text) {
      if (!current || current.readyState !== OPEN)
        throw new ConnectionLostError({ details: 'The socket is not open.' })
      current.send(text)
    },
    close() {
      const ws = current
      current = undefined
      if (ws) detach(ws)
    },
    drop() {
      try {
        current?.close()
      } catch {}
    },
  }
}
