import { ConnectionLostError, NodeRejectedError, TimeoutError } from '../errors.js'
import type { ResponseFrame } from '../wire/envelope.js'

interface Pending {
  method: string
  resolve(frame: ResponseFrame | undefined): void
  reject(error: Error): void
  timer: ReturnType<typeof setTimeout>
}

/** Request ids, request/response correlation and timeouts: the client's only in-flight state. */
export interface Requests {
  /** A fresh request id. */
  nextId(): number
  /**
   * Sends `text` (an SDK-built request with id `id`) and resolves with its response. Rejects with
   * `NodeRejectedError` on an `error` response, `TimeoutError` after `timeoutMs`, or the error
   * `send` threw. No timer outlives the returned promise.
   */
  call(id: number, text: string, method: string, timeoutMs?: number): Promise<ResponseFrame>
  /**
   * Like {@link call}, for a request whose success is signalled elsewhere (a relayed `message`
   * is acknowledged by its echo): resolve it with {@link settle}.
   */
  track(id: number, text: string, method: string, timeoutMs?: number): Promise<void>
  /** Settles a tracked request successfully; returns `false` when none is pending. */
  settle(id: number): boolean
  /** Routes a response frame to its request; returns `false` when none is pending. */
  onResponse(frame: ResponseFrame): boolean
  /**
   * Rejects everything in flight with `error(method)` (default `ConnectionLostError`) and clears
   * its timer.
   */
  failAll(error?: (method: string) => Error): void
  /** Number of requests in flight (each holds a timer). */
  pendingCount(): number
}

/** Creates the request table. `send` writes to the socket and throws when it is not open. */
export function createRequests(options: { send(text: string): void; timeoutMs: number }): Requests {
  let seq = Date.now() * 1000
  const pending = new Map<number, Pending>()

  function start<T>(
    id: number,
    text: string,
    method: string,
    timeoutMs: number,
    map: (frame: ResponseFrame | undefined) => T,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new TimeoutError({ method, timeoutMs }))
      }, timeoutMs)
      pending.set(id, {
        method,
        resolve: (frame) => {
          try {
            resolve(map(frame))
          } catch (error) {
            reject(error as Error)
          }
        },
        reject,
        timer,
      })
      try {
        options.send(text)
      } catch (error) {
        clearTimeout(timer)
        pending.delete(id)
        reject(error)
      }
    })
  }

  function take(id: number): Pending | undefined {
    const p = pending.get(id)
    if (!p) return undefined
    clearTimeout(p.timer)
    pending.delete(id)
    return p
  }

  return {
    nextId: () => ++seq,
    call: (id, text, method, timeoutMs = options.timeoutMs) =>
      start(id, text, method, timeoutMs, (frame) => frame as ResponseFrame),
    track: (id, text, method, timeoutMs = options.timeoutMs) =>
      start(id, text, method, timeoutMs, () => undefined),
    settle(id) {
      const p = take(id)
      p?.resolve(undefined)
      return Boolean(p)
    },
    onResponse(frame) {
      const p = take(frame.id)
      if (!p) return false
      if (frame.method === 'error')
        p.reject(
          new NodeRejectedError({
            method: p.method,
            nodeMessage: String(frame.raw?.error ?? 'unknown error'),
          }),
        )
      else p.resolve(frame)
      return true
    },
    failAll(error = (method) => new ConnectionLostError({ method })) {
      for (const [id, p] of pending) {
        clearTimeout(p.timer)
        pending.delete(id)
        p.reject(error(p.method))
      }
    },
    pendingCount: () => pending.size,
  }
}
