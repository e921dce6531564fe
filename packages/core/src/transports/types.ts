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
