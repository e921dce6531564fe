import { createApplicationMessage, type MessageSigner } from '@erc7824/nitrolite'
import type { Address } from 'viem'
import { NodeRejectedError, RelayUnsupportedError } from '../errors.js'
import type { RelayedFrame } from '../wire/envelope.js'
import type { MessageTransportFactory, TransportContext, TransportMessage } from './types.js'

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

/** The relay primitives plus the entry point for relayed frames the client reads. */
export interface RelayPrimitives extends Pick<TransportContext, 'relay'> {
  /** A relayed `message` frame arrived on the socket. */
  onRelayed(frame: RelayedFrame): void
  /** Removes every relay listener. */
  clear(): void
}

/**
 * The client's side of the ClearNode `message` relay: sends kit envelopes (`nk: 1`) signed by the
 * session key, resolves each send on its echo, and turns relayed frames into transport messages.
 */
export function createRelayPrimitives(options: {
  url: string
  wallet(): Address
  signer(): MessageSigner
  nextId(): number
  /** Sends an SDK-built request whose success is its echo (see `Requests.track`). */
  track(id: number, text: string, method: string): Promise<void>
  /** Settles a tracked request. */
  settle(id: number): boolean
}): RelayPrimitives {
  const listeners = new Set<(m: TransportMessage) => void>()
  return {
    relay: {
      async send(message) {
        const from = options.wallet()
        const id = options.nextId()
        const params: Record<string, unknown> = {
          nk: 1,
          kind: message.kind,
          from,
          data: message.data,
        }
        if (message.definition) params.definition = message.definition
        const text = await createApplicationMessage(
          options.signer(),
          message.appSessionId,
          params,
          id,
          Date.now(),
        )
        try {
          await options.track(id, text, 'message')
        } catch (error) {
          if (error instanceof NodeRejectedError && error.nodeMessage === 'unknown method: message')
            throw new RelayUnsupportedError({ url: options.url })
          throw error
        }
      },
      subscribe(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
    onRelayed({ id, sid, params, timestamp }) {
      const p = params as {
        nk?: unknown
        from?: unknown
        kind?: TransportMessage['kind']
        data?: unknown
        definition?: unknown
      } | null
      let wallet: Address | undefined
      try {
        wallet = options.wallet()
      } catch {}
      if (p?.from === wallet) options.settle(id)
      let message: TransportMessage
      if (p?.nk !== 1 || typeof p.from !== 'string' || !p.kind) {
        // A relayed message from another SDK: surface it as an app message.
        message = {
          appSessionId: sid,
          sender: (typeof p?.from === 'string' ? p.from : '0x') as Address,
          kind: 'app',
          data: params,
          id,
          timestamp,
        }
      } else {
        message = {
          appSessionId: sid,
          sender: p.from as Address,
          kind: p.kind,
          data: p.data,
          id,
          timestamp,
        }
        if (p.definition && p.kind === 'sign_request' && p.data && typeof p.data === 'object')
          (p.data as { definition?: unknown }).definition ??= p.definition
      }
      for (const l of listeners) l(message)
    },
    clear: () => listeners.clear(),
  }
}
