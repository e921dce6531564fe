import type { Address, Hex } from 'viem'
import type { AppDefinition } from '../types.js'

/** A message as a transport delivers it to every participant (the sender included). */
export interface TransportMessage {
  appSessionId: Hex
  /** The sender's wallet. */
  sender: Address
  /** Kit-level envelope: `app` messages, co-signing traffic (`sign_request`, `signature`, `sign_reject`), or `state` (a hint that the session changed on the node). */
  kind: 'app' | 'sign_request' | 'signature' | 'sign_reject' | 'state'
  data: unknown
  /** Unique per sender. */
  id: number
  /** Milliseconds. */
  timestamp: number
}

/**
 * Delivers session messages and co-signing requests between participants. Implement it to
 * route them through your own backend (see the README's "Transports" section).
 */
export interface MessageTransport {
  /**
   * Delivers `message` to every participant of `appSessionId`, the sender included (the echo
   * tells the sender it was delivered). For a session that does not exist yet (co-signing a
   * create), `definition` lists the participants.
   */
  send(
    message: Omit<TransportMessage, 'sender' | 'id' | 'timestamp'> & { definition?: AppDefinition },
  ): Promise<void>
  /** Calls `listener` for every message this client receives; returns an unsubscribe function. */
  subscribe(listener: (message: TransportMessage) => void): () => void
  /** Releases resources (called when the client disconnects for good). */
  close?(): void
}

/** What a transport factory gets from the client. */
export interface TransportContext {
  /** The authenticated wallet, once connected. */
  getWallet(): Address | undefined
  /** ClearNode relay primitives used by {@link clearNodeRelay}. */
  relay: {
    send(
      message: Omit<TransportMessage, 'sender' | 'id' | 'timestamp'> & {
        definition?: AppDefinition
      },
    ): Promise<void>
    subscribe(listener: (message: TransportMessage) => void): () => void
  }
}

/** Builds a transport bound to one client. */
export type MessageTransportFactory = (context: TransportContext) => MessageTransport

/**
 * The default transport: session messages travel through the ClearNode's `message` relay
 * (the devnode, and nodes that still relay `sid` messages). Against a node that does not
 * relay, sends fail with `RelayUnsupportedError`.
 */
export function clearNodeRelay(): MessageTransportFactory {
  return (context) => ({
    send: (message) => context.relay.send(message),
    subscribe: (listener) => context.relay.subscribe(listener),
  })
}

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
