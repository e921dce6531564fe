import type { Address, Hex } from 'viem'
import type { KeyCertificate } from '../auth/key-certificate.js'
import type { AppDefinition } from '../types.js'

/** A message as a transport delivers it to every participant (the sender included). */
export interface TransportMessage {
  appSessionId: Hex
  /** The sender's wallet. */
  sender: Address
  /**
   * Kit-level envelope: `app` messages, co-signing traffic (`sign_request`, `signature`,
   * `sign_reject`, and `sign_outcome`: how a request ended, from its proposer), or `state` (a hint
   * that the session changed on the node).
   */
  kind: 'app' | 'sign_request' | 'signature' | 'sign_reject' | 'sign_outcome' | 'state'
  data: unknown
  /** Unique per sender. */
  id: number
  /** Milliseconds. */
  timestamp: number
}

/** One peer's presence, as the transport last heard it. */
export interface PeerPresence {
  /** Whether the peer has a live connection to the transport's relay now. */
  online: boolean
  /**
   * When this client saw the peer come online or go away (ms). `undefined` when the change
   * happened while this client was not connected (it has been so at least since this client
   * connected).
   */
  since?: number
}

/**
 * Who of this user's peers (the participants of sessions they share) is connected, as far as the
 * transport knows. Presence means a connection is open, not that someone is looking.
 */
export interface Presence {
  /**
   * `false` when the transport reports no presence (the default `clearNodeRelay`) or is not
   * connected to its relay right now (then `peers` is the last known state).
   */
  available: boolean
  /** Peers by checksummed address. A participant not listed has not been seen online. */
  peers: Readonly<Record<Address, PeerPresence>>
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
  /** Called each time the client has authenticated with the node (its certificate is available). */
  connected?(): void
  /**
   * For transports that know who is connected (`standaloneRelay`, `broadcastChannelTransport`):
   * calls `listener` with the whole {@link Presence} on every change; returns an unsubscribe
   * function.
   */
  subscribePresence?(listener: (presence: Presence) => void): () => void
}

/** What a transport factory gets from the client. */
export interface TransportContext {
  /** The authenticated wallet, once connected. */
  getWallet(): Address | undefined
  /**
   * Signs `payload` with the session key (keccak256 of its bytes, no prefix). With
   * {@link TransportContext.getCertificate} a receiver can check the sender with
   * `verifyParticipantSignature` — for transports whose server does not authenticate senders.
   */
  sign(payload: string): Promise<Hex>
  /** The wallet's signed authorization of the session key, once connected. */
  getCertificate(): KeyCertificate | undefined
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
