import type { Hex } from 'viem'
import { verifyParticipantSignature } from '../auth/key-certificate.js'
import type { MessageTransportFactory, TransportMessage } from './types.js'

/** The bytes a sender signs: every field a receiver acts on. */
const signedBytes = (m: TransportMessage, participants: string[] | undefined) =>
  JSON.stringify([
    m.appSessionId,
    m.kind,
    m.data,
    m.sender,
    m.id,
    m.timestamp,
    participants ?? null,
  ])

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
 * message reaches the ClearNode. Every message is signed by the sender's session key and carries
 * the wallet's authorization of that key; receivers drop any message whose declared sender did
 * not sign it.
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
    const onMessage = async (event: { data: unknown }) => {
      const m = event.data as TransportMessage & {
        participants?: string[]
        proof?: { signature?: Hex; certificate?: unknown }
      }
      if (!m || typeof m !== 'object' || typeof m.appSessionId !== 'string') return
      if (typeof m.sender !== 'string' || typeof m.proof?.signature !== 'string') return
      const me = context.getWallet()
      if (m.participants && me && !m.participants.includes(me)) return
      const { proof, participants, ...message } = m
      const bytes = signedBytes(message, participants)
      if (
        !(await verifyParticipantSignature(
          m.sender,
          bytes,
          proof.signature as Hex,
          proof.certificate,
        ))
      )
        return
      for (const l of listeners) l(message)
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
        const proof = {
          signature: await context.sign(signedBytes(full, participants)),
          certificate: context.getCertificate(),
        }
        channel.postMessage(participants ? { ...full, participants, proof } : { ...full, proof })
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
