import type { MessageTransportFactory, TransportMessage } from './types.js'

/** Minimal `BroadcastChannel` shape (browsers and Node ≥ 18). */
interface BroadcastChannelLike {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  close(): void
}

/**
 * Delivers messages between clients in the same browser (tabs, windows, iframes) with a
 * `BroadcastChannel`. Useful for local multi-player testing and for same-device flows; no
 * message reaches the ClearNode.
 */
export function broadcastChannelTransport(
  options: { name?: string } = {},
): MessageTransportFactory {
  return (context) => {
    const Channel = (
      globalThis as { BroadcastChannel?: new (name: string) => BroadcastChannelLike }
    ).BroadcastChannel
    if (!Channel) throw new Error('`BroadcastChannel` is not available in this environment.')
    const channel = new Channel(options.name ?? 'nitrolite-kit')
    const listeners = new Set<(m: TransportMessage) => void>()
    let seq = Date.now() * 1000
    const onMessage = (event: { data: unknown }) => {
      const m = event.data as TransportMessage & { participants?: string[] }
      if (!m || typeof m !== 'object' || typeof m.appSessionId !== 'string') return
      const me = context.getWallet()
      if (m.participants && me && !m.participants.includes(me)) return
      for (const l of listeners) l(m)
    }
    channel.addEventListener('message', onMessage)
    return {
      async send(message) {
        const sender = context.getWallet()
        if (!sender) throw new Error('Connect the client before sending messages.')
        const full = {
          appSessionId: message.appSessionId,
          kind: message.kind,
          data: message.data,
          sender,
          id: ++seq,
          timestamp: Date.now(),
        }
        const participants = message.definition?.participants
        channel.postMessage(participants ? { ...full, participants } : full)
        // BroadcastChannel does not deliver to the sender: echo locally.
        for (const l of listeners) l(full)
      },
      subscribe(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
      close() {
        channel.removeEventListener('message', onMessage)
        channel.close()
        listeners.clear()
      },
    }
  }
}
