import { mergeSession, NO_PRESENCE } from '@nitrolite-kit/core'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type {
  AppSession,
  Balance,
  ConnectionStatus,
  Hex,
  Presence,
  SessionMessage,
  SignatureRequest,
  SignatureRequestList,
} from './core-types.js'

const PERSISTED_MESSAGES = 200

/** Everything the provider knows, readable with `useNitroliteStore(selector)`. */
export interface NitroliteState {
  status: ConnectionStatus
  error: Error | undefined
  account: { wallet: Hex; sessionKey: Hex } | undefined
  balances: Balance[]
  /** Every session this user takes part in, by id. */
  sessions: Record<Hex, AppSession>
  /** Ids of open sessions, newest first (persisted, so they survive a reload). */
  activeSessionIds: Hex[]
  /** Messages per session, oldest first, bounded by `messageHistoryLimit`. */
  messages: Record<Hex, SessionMessage[]>
  /** Co-signing requests waiting for this user's decision (pending, not yet answered). */
  signatureRequests: SignatureRequest[]
  /** Every signature request the client keeps, in and out, any status, newest first. */
  requests: SignatureRequestList
  /** Who of this user's peers is connected, from the message transport (see `usePresence`). */
  presence: Presence
  messageHistoryLimit: number
  // actions
  setStatus(status: ConnectionStatus, error?: Error): void
  setAccount(account: NitroliteState['account']): void
  setBalances(balances: Balance[]): void
  /** Merges a session with core's `mergeSession` (an older version never replaces a newer one). */
  upsertSession(session: AppSession): void
  addMessage(message: SessionMessage): void
  addSignatureRequest(request: SignatureRequest): void
  removeSignatureRequest(id: Hex): void
  /** Replaces the request lists with the client's (`signatureRequests` follows `incoming`). */
  setRequests(list: SignatureRequestList): void
  setPresence(presence: Presence): void
  reset(): void
}

/** The vanilla store behind one `NitroliteProvider`. */
export type NitroliteStore = StoreApi<NitroliteState>

/** Options of {@link createNitroliteStore}. */
export interface CreateNitroliteStoreParameters {
  /** Where active session ids persist. Defaults to `localStorage` when present; `null` disables persistence. */
  storage?: StateStorage | null
  /** Storage key. Defaults to `nitrolite-kit.store`. */
  storageKey?: string
  /** Messages kept per session. Defaults to 500. */
  messageHistoryLimit?: number
}

/** Minimal `localStorage`-shaped storage. */
export interface StateStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

/** Persisted slice, versioned. */
interface Persisted {
  version: 1
  activeSessionIds: Hex[]
  messages: Record<Hex, SessionMessage[]>
}

function readPersisted(storage: StateStorage | undefined, key: string): Partial<Persisted> {
  try {
    const raw = storage?.getItem(key)
    const p = raw ? (JSON.parse(raw) as Persisted) : undefined
    // Unknown versions are dropped (no migration needed yet).
    return p?.version === 1 ? { activeSessionIds: p.activeSessionIds, messages: p.messages } : {}
  } catch {
    return {}
  }
}

/** Creates the provider's zustand store (vanilla, no React). */
export function createNitroliteStore(
  parameters: CreateNitroliteStoreParameters = {},
): NitroliteStore {
  const limit = parameters.messageHistoryLimit ?? 500
  const initial = {
    status: 'disconnected' as ConnectionStatus,
    error: undefined,
    account: undefined,
    balances: [] as Balance[],
    sessions: {} as Record<Hex, AppSession>,
    activeSessionIds: [] as Hex[],
    messages: {} as Record<Hex, SessionMessage[]>,
    signatureRequests: [] as SignatureRequest[],
    requests: { incoming: [], outgoing: [] } as SignatureRequestList,
    presence: NO_PRESENCE,
    messageHistoryLimit: limit,
  }
  const storage =
    parameters.storage === null
      ? undefined
      : (parameters.storage ??
        (typeof localStorage !== 'undefined' ? (localStorage as StateStorage) : undefined))
  const key = parameters.storageKey ?? 'nitrolite-kit.store'
  const store = createStore<NitroliteState>()((set) => ({
    ...initial,
    ...readPersisted(storage, key),
    setStatus: (status, error) => set({ status, error }),
    setAccount: (account) => set({ account }),
    setBalances: (balances) => set({ balances }),
    upsertSession: (session) =>
      set((s) => {
        const prev = s.sessions[session.appSessionId]
        const merged = mergeSession(prev, session)
        if (merged === prev) return s
        const others = s.activeSessionIds.filter((id) => id !== session.appSessionId)
        return {
          sessions: { ...s.sessions, [session.appSessionId]: merged },
          activeSessionIds: merged.status === 'open' ? [session.appSessionId, ...others] : others,
        }
      }),
    addMessage: (message) =>
      set((s) => {
        const list = s.messages[message.appSessionId] ?? []
        // Replay-safe: a message delivered again (a resume overlap, a second transport) is kept once.
        if (list.some((m) => m.id === message.id && m.sender === message.sender)) return s
        const next =
          list.length >= s.messageHistoryLimit
            ? [...list.slice(list.length - s.messageHistoryLimit + 1), message]
            : [...list, message]
        return { messages: { ...s.messages, [message.appSessionId]: next } }
      }),
    addSignatureRequest: (request) =>
      set((s) =>
        s.signatureRequests.some((r) => r.intentId === request.intentId)
          ? s
          : { signatureRequests: [...s.signatureRequests, request] },
      ),
    removeSignatureRequest: (id) =>
      set((s) => ({ signatureRequests: s.signatureRequests.filter((r) => r.id !== id) })),
    setRequests: (requests) =>
      set((s) => {
        // Offered ones (the `signatureRequest` event: past the guard and the auto-sign policy)
        // stay while they wait for this user, refreshed from the client's list.
        const byIntent = new Map(requests.incoming.map((r) => [r.intentId, r]))
        const waiting = s.signatureRequests.flatMap((r) => {
          const latest = byIntent.get(r.intentId)
          return latest && latest.status === 'pending' && !latest.decision ? [latest] : []
        })
        return { requests, signatureRequests: waiting }
      }),
    setPresence: (presence) => set({ presence }),
    reset: () =>
      set((s) => ({
        ...initial,
        activeSessionIds: s.activeSessionIds,
        messages: s.messages,
      })),
  }))
  if (storage) {
    // Active sessions and their recent messages survive a reload (the node keeps no message history).
    let last = ''
    store.subscribe((s) => {
      const persisted: Persisted = {
        version: 1,
        activeSessionIds: s.activeSessionIds,
        messages: Object.fromEntries(
          s.activeSessionIds
            .filter((id) => s.messages[id])
            .map((id) => [id, (s.messages[id] ?? []).slice(-PERSISTED_MESSAGES)]),
        ),
      }
      const text = JSON.stringify(persisted)
      if (text === last) return
      last = text
      try {
        storage.setItem(key, text)
      } catch {
        // quota exceeded or storage disabled: keep working in memory
      }
    })
  }
  return store
}
