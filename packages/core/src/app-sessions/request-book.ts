import type { Address, Hex } from 'viem'
import type { TransportMessage } from '../transports/types.js'
import type { Allocation, Intent, PreparedRequest, SignedMethod } from '../types.js'
import type { ParticipantEffect } from './effects.js'

/**
 * Where a signature request stands. `pending` until one of: `sent` (the quorum signed and the
 * proposer sent it to the node), `rejected` (a participant declined or their client refused it),
 * `cancelled` (by the proposer), `superseded` (the session's version moved or it closed first),
 * `expired` (nobody completed it in time).
 */
export type SignatureRequestStatus =
  | 'pending'
  | 'sent'
  | 'rejected'
  | 'cancelled'
  | 'superseded'
  | 'expired'

/** A signer a request needs, and whether their signature has been seen. */
export interface SignatureRequestSigner {
  wallet: Address
  weight: number
  /** A verified signature of this request's content by `wallet` has been seen. */
  signed: boolean
}

/** Why a request left `pending`, as every participant is told. */
export interface SignatureRequestOutcome {
  status: Exclude<SignatureRequestStatus, 'pending'>
  /** The participant whose answer decided it (a rejecter, the proposer). */
  by?: Address
  reason?: string
  /** Milliseconds. */
  at: number
}

/** What this client keeps of one signature request (persisted; JSON-safe). */
export interface RequestEntry {
  /** {@link intentIdOf} the payload: shared by every stamp of the request. */
  intentId: Hex
  /** `signatureRequestId` of the current stamp's payload. */
  id: Hex
  /** `outgoing`: this user proposed it; `incoming`: another participant asks this user. */
  role: 'incoming' | 'outgoing'
  appSessionId: Hex
  method: SignedMethod
  /** The proposer. */
  from: Address
  /** The version a submit would give the session (`params.version`), if any. */
  version?: number
  /** Milliseconds. */
  createdAt: number
  /** Milliseconds: the proposer stops waiting then, and everyone marks it `expired`. */
  expiresAt: number
  status: SignatureRequestStatus
  outcome?: SignatureRequestOutcome
  signers: SignatureRequestSigner[]
  quorum: number
  /** Incoming: this user's answer. Content approved once is signed again when re-stamped. */
  decision?: 'approved' | 'rejected'
  /** Incoming: the latest `sign_request` frame (re-checked and re-offered after a reload). */
  message?: TransportMessage
  /** Outgoing: the current stamp with the signatures over it (the proposer's included). */
  prepared?: PreparedRequest
  /** Outgoing: each approver's signature and the stamp (payload) it covers. */
  approvals?: Record<Address, { payload: string; signature: Hex }>
  /** Outgoing: the payloads of the latest stamps (a late answer may cover an older one). */
  stamps?: string[]
  /** Incoming: what the guard made of the current stamp (shown to the user). */
  view?: IncomingView
}

/** What the co-signing guard made of an incoming request. */
export interface IncomingView {
  /** The request, with `params`, `requiredSigners` and `quorum` as this client computed them. */
  prepared: PreparedRequest
  intent?: Intent
  invitation: boolean
  effects: ParticipantEffect[]
  current?: Allocation[]
}

/** A `localStorage`-shaped key–value store. */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

/** Terminal entries kept for display; older or further down the list are dropped. */
const KEEP_SETTLED = 50
const KEEP_SETTLED_MS = 24 * 3600_000

/** The table of signature requests, in and out, persisted per wallet. */
export interface RequestBook {
  /** Loads the entries stored for `scope` (wallet and node); call after authenticating. */
  load(scope: string): void
  get(intentId: Hex): RequestEntry | undefined
  list(): RequestEntry[]
  /** Inserts or replaces an entry; persists and notifies. */
  put(entry: RequestEntry): RequestEntry
  /** Changes an entry (no-op when unknown); persists and notifies. */
  patch(intentId: Hex, patch: Partial<RequestEntry>): RequestEntry | undefined
  /**
   * Moves a pending entry to `outcome.status` (no-op when it already left pending), dropping what
   * only a pending entry needs. Returns the entry when it changed.
   */
  settle(intentId: Hex, outcome: SignatureRequestOutcome): RequestEntry | undefined
}

/**
 * Creates a {@link RequestBook}. `onChange` hears every change (after it was persisted).
 * Nothing is stored until {@link RequestBook.load} names the scope.
 */
export function createRequestBook(options: {
  storage?: KeyValueStorage
  now?: () => number
  onChange(entries: RequestEntry[], changed: RequestEntry): void
}): RequestBook {
  const now = options.now ?? Date.now
  let entries = new Map<Hex, RequestEntry>()
  let key: string | undefined

  /** What `storage` holds under `k` (empty when unreadable). */
  function stored(k: string): Map<Hex, RequestEntry> {
    const found = new Map<Hex, RequestEntry>()
    try {
      const raw = options.storage?.getItem(k)
      const parsed = raw ? (JSON.parse(raw) as { v?: number; entries?: RequestEntry[] }) : {}
      if (parsed.v === 1 && Array.isArray(parsed.entries))
        for (const e of parsed.entries)
          if (e && typeof e.intentId === 'string') found.set(e.intentId, e)
    } catch {
      // Unreadable: nothing stored.
    }
    return found
  }

  function persist() {
    if (!key || !options.storage) return
    const t = now()
    // Another tab of the same wallet writes the same key: keep the entries only it has, and its
    // settled copy of one this tab still has pending (a request never goes back to pending);
    // otherwise this tab's copy wins. So neither tab erases the other's requests or answers.
    const all = stored(key)
    for (const [id, e] of entries) {
      const other = all.get(id)
      if (!other || other.status === 'pending' || e.status !== 'pending') all.set(id, e)
    }
    const settled = [...all.values()]
      .filter((e) => e.status !== 'pending')
      .sort((a, b) => (b.outcome?.at ?? 0) - (a.outcome?.at ?? 0))
    for (const [i, e] of settled.entries())
      if (i >= KEEP_SETTLED || t - (e.outcome?.at ?? 0) > KEEP_SETTLED_MS) {
        entries.delete(e.intentId)
        all.delete(e.intentId)
      }
    try {
      options.storage.setItem(key, JSON.stringify({ v: 1, entries: [...all.values()] }))
    } catch {
      // A full or unavailable storage loses durability across reloads, not the live request.
    }
  }

  function changed(entry: RequestEntry) {
    persist()
    options.onChange(book.list(), entry)
    return entry
  }

  const book: RequestBook = {
    load(scope) {
      key = `nitrolite-kit:requests:${scope}`
      const next = stored(key)
      // Entries of this session (live before `load`) win over stored copies.
      for (const [id, e] of entries) next.set(id, e)
      entries = next
      persist()
    },
    get: (intentId) => entries.get(intentId),
    list: () => [...entries.values()],
    put(entry) {
      entries.set(entry.intentId, entry)
      return changed(entry)
    },
    patch(intentId, patch) {
      const e = entries.get(intentId)
      if (!e) return undefined
      const next = { ...e, ...patch }
      entries.set(intentId, next)
      return changed(next)
    },
    settle(intentId, outcome) {
      const e = entries.get(intentId)
      // `superseded` may be learned from the session before the proposer's `sent` arrives.
      const upgrade = e?.status === 'superseded' && outcome.status === 'sent'
      if (!e || (e.status !== 'pending' && !upgrade)) return undefined
      const next: RequestEntry = {
        ...e,
        status: outcome.status,
        outcome,
        message: undefined,
        prepared: e.prepared && { ...e.prepared, signatures: [] },
        approvals: undefined,
        stamps: undefined,
      }
      entries.set(intentId, next)
      return changed(next)
    },
  }
  return book
}

/** A signature request this user proposed, as its proposer sees it. */
export interface OutgoingSignatureRequest {
  /** keccak256 of the current stamp's payload. */
  id: Hex
  /** The request's content id, the same for every stamp. */
  intentId: Hex
  appSessionId: Hex
  method: SignedMethod
  status: SignatureRequestStatus
  outcome?: SignatureRequestOutcome
  /** Milliseconds. */
  createdAt: number
  /** Milliseconds: the request is `expired` then (show a countdown to it). */
  expiresAt: number
  /** Every signer it needs and who has signed: the ones left are who the proposer waits for. */
  signers: SignatureRequestSigner[]
  quorum: number
  /** Weight signed so far. */
  collected: number
  /** Cancels the request (pending only): the collection rejects and everyone is told. */
  cancel(reason?: string): Promise<void>
}

/** Every signature request this client keeps, newest first. */
export interface SignatureRequestList {
  /** Requests other participants sent this user (any status; `pending` ones can be answered). */
  incoming: import('./incoming.js').SignatureRequest[]
  /** Requests this user proposed (any status). */
  outgoing: OutgoingSignatureRequest[]
}
