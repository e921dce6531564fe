import type { WebSocket } from 'ws'

/**
 * A `send` for `ws` that holds the socket's writes until the current tick's work is done, so
 * the frames one request produces for a connection (its `bu` pushes and the response, or a
 * relayed message and an echo) leave in one write instead of one system call per frame. Order
 * is unchanged; frames to a closed socket are dropped.
 */
export function tickBatchedSend(ws: WebSocket): ((text: string) => void) & {
  /**
   * Writes `text` at once (inside the batch when one is open this tick, so order holds): for a
   * frame that is the only one its connection gets from this request, e.g. a relayed message to
   * one of many recipients, which should reach the first sockets while the rest are written.
   */
  now(text: string): void
} {
  // `ws` exposes no cork of its own; its underlying net.Socket is `_socket`.
  const raw = (ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket
  let corked = false
  const release = () => {
    corked = false
    raw?.uncork()
  }
  const send = (text: string) => {
    if (ws.readyState !== ws.OPEN) return
    if (raw && !corked) {
      corked = true
      raw.cork()
      process.nextTick(release)
    }
    ws.send(text)
  }
  return Object.assign(send, {
    now(text: string) {
      if (ws.readyState === ws.OPEN) ws.send(text)
    },
  })
}
