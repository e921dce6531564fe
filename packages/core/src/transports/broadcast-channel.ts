import type { Hex } from 'viem'
import type { KeyValueStorage } from '../app-sessions/request-book.js'
import { verifyParticipantSignature } from '../auth/key-certificate.js'
import { createPresenceTracker } from './presence.js'
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

/** Options of {@link broadcastChannelTransport}. */
export interface BroadcastChannelTransportOptions {
  /** Channel name (default `nitrolite-kit`). */
  name?: string
  /**
   * Makes delivery durable, as the relay's: every frame is appended to a numbered log in this
   * storage (`localStorage`: shared by the browser's tabs), and a client that (re)connects first
   * replays what it has not processed, in order, once (duplicates are dropped by number).
   * Without it, a closed tab misses what was sent meanwhile.
   */
  storage?: KeyValueStorage
  /** Frames the log keeps, oldest dropped first (default 500; 7 days at most). */
  retention?: number
}

type Logged = { seq: number; at: number; frame: Record<string, unknown> }
const MAX_AGE_MS = 7 * 24 * 3600_000

/**
 * Delivers messages between clients in the same browser (tabs, windows, iframes) with a
 * `BroadcastChannel`. Useful for local multi-player testing and for same-device flows; no
 * message reaches the ClearNode. Every message is signed by the sender's session key and carries
 * the wallet's authorization of that key; receivers drop any message whose declared sender did
 * not sign it. With `storage` it keeps a numbered log, so it gives the relay's guarantees: in
 * order, nothing lost while a tab was closed, nothing twice. It reports presence too: every
 * other wallet with a tab open on the channel is online (`client.getPresence()`; presence
 * notices are not signed — every tab on a channel is the same origin).
 */
export function broadcastChannelTransport(
  options: BroadcastChannelTransportOptions = {},
): MessageTransportFactory {
  return (context) => {
    const Channel = (
      globalThis as { BroadcastChannel?: new (name: string) => BroadcastChannelLike }
    ).BroadcastChannel
    if (!Channel) throw new Error('`BroadcastChannel` is not available in this environment.')
    const name = options.name ?? 'nitrolite-kit'
    const channel = new Channel(name)
    const listeners = new Set<(m: TransportMessage) => void>()
    let seq = Date.now() * 1000
    const { storage } = options
    const logKey = `nitrolite-kit:bc-log:${name}`
    const retention = options.retention ?? 500
    /** Highest log number this client processed (persisted per wallet). */
    let cursor = 0
    let ready = false
    let replaying = false
    const cursorKey = () => `nitrolite-kit:bc-cursor:${name}:${context.getWallet()}`
    const readLog = (): Logged[] => {
      try {
        const v = JSON.parse(storage?.getItem(logKey) ?? '[]')
        return Array.isArray(v) ? v : []
      } catch {
        return []
      }
    }
    /** Appends a frame and returns its number (serialised across tabs when Web Locks exist). */
    const append = async (frame: Record<string, unknown>): Promise<number> => {
      const write = () => {
        const log = readLog()
        const n = (log.at(-1)?.seq ?? 0) + 1
        const now = Date.now()
        const kept = [...log, { seq: n, at: now, frame }]
          .filter((e) => now - e.at <= MAX_AGE_MS)
          .slice(-retention)
        storage?.setItem(logKey, JSON.stringify(kept))
        return n
      }
      const locks = (
        globalThis as {
          navigator?: { locks?: { request(n: string, f: () => Promise<number>): Promise<number> } }
        }
      ).navigator?.locks
      return locks ? locks.request(logKey, async () => write()) : write()
    }
    const processed = (n: unknown) => {
      if (typeof n !== 'number' || n <= cursor) return
      cursor = n
      const wallet = context.getWallet()
      if (wallet) storage?.setItem(cursorKey(), String(n))
    }
    // Presence: each tab says `hello` when it connects (the others answer `here`) and `bye`
    // when it closes or the page is hidden for good; a wallet is online while one of its tabs is.
    const presence = createPresenceTracker()
    const tab = `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`
    const tabs = new Map<string, Set<string>>()
    /** The wallet this tab said hello as (the client forgets its wallet before `close`). */
    let self: string | undefined
    let closed = false
    const announce = (kind: 'hello' | 'here' | 'bye') => {
      if (kind === 'hello') self = context.getWallet()
      if (self && !closed) channel.postMessage({ presence: kind, wallet: self, tab })
    }
    const onPresence = (m: { presence?: unknown; wallet?: unknown; tab?: unknown }) => {
      const wallet = typeof m.wallet === 'string' ? m.wallet.toLowerCase() : undefined
      if (!wallet || typeof m.tab !== 'string' || !presence.current().available) return
      if (wallet === self?.toLowerCase()) return
      const set = tabs.get(wallet) ?? new Set<string>()
      tabs.set(wallet, set)
      if (m.presence === 'bye') set.delete(m.tab)
      else set.add(m.tab)
      presence.change(m.wallet, set.size > 0)
      if (m.presence === 'hello') announce('here')
    }
    const onPageHide = (event: { persisted?: boolean }) => {
      if (!event.persisted) announce('bye')
    }
    const page = globalThis as {
      addEventListener?: (t: 'pagehide', l: (e: { persisted?: boolean }) => void) => void
      removeEventListener?: (t: 'pagehide', l: (e: { persisted?: boolean }) => void) => void
    }
    page.addEventListener?.('pagehide', onPageHide)
    const onMessage = async (event: { data: unknown }) => {
      if (typeof (event.data as { presence?: unknown })?.presence === 'string')
        return onPresence(event.data as { presence: string })
      const m = event.data as TransportMessage & {
        participants?: string[]
        proof?: { signature?: Hex; certificate?: unknown }
        seq?: number
      }
      if (storage && typeof m?.seq === 'number' && m.seq <= cursor) return // already processed
      // Before `connected()` (not authenticated yet) a logged frame waits for the replay.
      if (storage && typeof m?.seq === 'number' && !ready && !replaying) return
      if (!m || typeof m !== 'object' || typeof m.appSessionId !== 'string') return
      if (typeof m.sender !== 'string' || typeof m.proof?.signature !== 'string') return
      const me = context.getWallet()
      if (m.participants && me && !m.participants.includes(me)) return
      const { proof, participants, seq: n, ...message } = m
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
      if (storage && typeof n === 'number' && n <= cursor) return
      processed(n)
      for (const l of listeners) l(message)
    }
    channel.addEventListener('message', onMessage)
    return {
      async connected() {
        if (!context.getWallet()) return
        if (!presence.current().available) {
          presence.snapshot([])
          announce('hello')
        }
        if (!storage) return
        cursor = Math.max(cursor, Number(storage.getItem(cursorKey()) ?? 0) || 0)
        // What was sent while this client was away, in order, each frame once; a second pass
        // catches what was logged during the first (its live copy was left for the replay).
        replaying = true
        try {
          for (let pass = 0; pass < 2; pass++) {
            for (const e of readLog())
              if (e.seq > cursor) await onMessage({ data: { ...e.frame, seq: e.seq } })
            ready = true
          }
        } finally {
          replaying = false
        }
      },
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
        const frame: Record<string, unknown> = participants
          ? { ...full, participants, proof }
          : { ...full, proof }
        if (storage) {
          const n = await append(frame)
          frame.seq = n
          processed(n)
        }
        channel.postMessage(frame)
        // BroadcastChannel does not deliver to the sender: echo locally.
        for (const l of listeners) l(full)
      },
      subscribe(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
      subscribePresence: presence.subscribe,
      close() {
        if (closed) return
        ready = false
        announce('bye')
        closed = true
        self = undefined
        presence.unavailable()
        page.removeEventListener?.('pagehide', onPageHide)
        channel.removeEventListener('message', onMessage)
        channel.close()
        listeners.clear()
      },
    }
  }
}
