import type { Address, Hex } from 'viem'
import { type KeyCertificate, verifyParticipantSignature } from '../auth/key-certificate.js'
import { SignatureRequestSettledError } from '../errors.js'
import type { TransportMessage } from '../transports/types.js'
import type { Allowance, AppDefinition, AppSession, Balance } from '../types.js'
import {
  guardSignRequest,
  readSignRequest,
  SIGN_REQUEST_MAX_AGE_MS,
  type SignatureRequest,
} from './incoming.js'
import { intentIdOf } from './intents.js'
import type { RequestBook, RequestEntry, SignatureRequestOutcome } from './request-book.js'
import { signatureRequestId } from './signing.js'

/** The signature requests other participants send this user: checked, offered, answered. */
export interface IncomingRequests {
  /**
   * Handles a `sign_request`: runs the guard and, when the request passes and is new, returns
   * the {@link SignatureRequest} to offer. A request that fails the guard is declined
   * automatically (the proposer is told why). A new stamp of content this user approved is
   * signed without asking. Returns `undefined` whenever there is nothing new to ask.
   */
  receive(message: TransportMessage, me: Address): Promise<SignatureRequest | undefined>
  /** Another participant's signature of a request (verified before it is shown as signed). */
  onSignature(requestId: Hex, wallet: Address, signature: Hex, certificate: unknown): void
  /** This user declined `requestId` in another tab or on another device. */
  onOwnReject(requestId: Hex): void
  /** A `sign_outcome` frame: counts only from the request's proposer. */
  onOutcome(message: TransportMessage): void
  /** The session changed on the node: requests it made impossible are `superseded`. */
  sessionChanged(session: AppSession): void
  /**
   * Re-checks every stored pending request (after a reload): those still valid and undecided
   * are returned to offer again; the others are `superseded`.
   */
  restore(me: Address): Promise<SignatureRequest[]>
  /** The {@link SignatureRequest} view of an incoming entry. */
  toRequest(entry: RequestEntry): SignatureRequest | undefined
  /** Clears the expiry timer. */
  stop(): void
}

const STATUSES = new Set(['sent', 'rejected', 'cancelled', 'superseded', 'expired'])

/** Creates the incoming-request table over `book`. */
export function createIncomingRequests(options: {
  book: RequestBook
  /** The session as known, read from the node when unknown or when `fresh` is asked. */
  session(appSessionId: Hex, fresh: boolean): Promise<AppSession | undefined>
  decimals(): Promise<Record<string, number>>
  balances(): Promise<Balance[]>
  allowances: Allowance[]
  me(): Address | undefined
  sign(payload: string): Promise<Hex>
  /** This client's key certificate, sent with each signature so the proposer can verify it. */
  certificate(): KeyCertificate | undefined
  reply(
    message: TransportMessage,
    kind: 'signature' | 'sign_reject',
    data: unknown,
    definition: AppDefinition | undefined,
  ): Promise<void>
  /** This user answered, or the request left pending. */
  settled(id: Hex, outcome: 'approved' | 'rejected' | SignatureRequestOutcome['status']): void
  /** A request failed the guard (it was declined automatically). */
  refused(info: { id: Hex | undefined; from: Address; appSessionId: Hex; reason: string }): void
  now?: () => number
}): IncomingRequests {
  const { book } = options
  const now = options.now ?? Date.now
  let timer: ReturnType<typeof setTimeout> | undefined

  const pending = (e: RequestEntry | undefined): e is RequestEntry =>
    e?.role === 'incoming' && e.status === 'pending'

  function settle(e: RequestEntry, outcome: Omit<SignatureRequestOutcome, 'at'>) {
    const done = book.settle(e.intentId, { ...outcome, at: now() })
    if (done) options.settled(e.id, outcome.status)
    schedule()
  }

  /** One timer for the soonest expiry among pending incoming requests. */
  function schedule() {
    clearTimeout(timer)
    timer = undefined
    const next = book
      .list()
      .filter(pending)
      .reduce((t, e) => Math.min(t, e.expiresAt), Number.POSITIVE_INFINITY)
    if (next === Number.POSITIVE_INFINITY) return
    timer = setTimeout(expire, Math.max(0, next - now()) + 5)
  }

  function expire() {
    timer = undefined
    for (const e of book.list().filter(pending))
      if (e.expiresAt <= now())
        settle(e, { status: 'expired', reason: 'nobody completed it in time' })
    schedule()
  }

  async function check(
    message: TransportMessage,
    me: Address,
    isCreate: boolean,
    fresh: boolean,
    expiresAt: number,
  ) {
    const intent = (message.data as { intent?: { createdAt?: unknown } } | null)?.intent
    const createdAt = typeof intent?.createdAt === 'number' ? intent.createdAt : undefined
    const [session, decimals, balances] = await Promise.all([
      isCreate ? undefined : options.session(message.appSessionId, fresh),
      options.decimals(),
      options.balances(),
    ])
    const verdict = guardSignRequest(message, {
      me,
      session,
      decimals,
      balances,
      allowances: options.allowances,
      now: now(),
      expiresAt,
      createdAt,
    })
    return { verdict, session }
  }

  /** The guard, re-reading a cached session that may be behind (a missed push) before refusing. */
  async function guard(message: TransportMessage, me: Address, expiresAt: number) {
    const read = readSignRequest(message)
    const isCreate = read.ok && read.prepared.method === 'create_app_session'
    let r = await check(message, me, isCreate, false, expiresAt)
    if (!r.verdict.ok && read.ok && !isCreate) r = await check(message, me, false, true, expiresAt)
    return { ...r, read, isCreate }
  }

  function expiryOf(message: TransportMessage, timestamp: number) {
    const intent = (message.data as { intent?: { expiresAt?: unknown } } | null)?.intent
    return typeof intent?.expiresAt === 'number' && Number.isSafeInteger(intent.expiresAt)
      ? intent.expiresAt
      : timestamp + SIGN_REQUEST_MAX_AGE_MS
  }

  async function approve(intentId: Hex) {
    const e = book.get(intentId)
    if (!pending(e) || !e.message || !e.view)
      throw new SignatureRequestSettledError({ status: e?.status ?? 'unknown' })
    if (e.expiresAt <= now()) {
      settle(e, { status: 'expired', reason: 'nobody completed it in time' })
      throw new SignatureRequestSettledError({ status: 'expired' })
    }
    const me = options.me()
    const signature = await options.sign(e.view.prepared.payload)
    const latest = book.patch(intentId, {
      decision: 'approved',
      signers: e.signers.map((s) => (s.wallet === me ? { ...s, signed: true } : s)),
    })
    if (!e.decision) options.settled(e.id, 'approved')
    await options.reply(
      e.message,
      'signature',
      { requestId: e.id, intentId, signature, certificate: options.certificate() },
      e.view.prepared.definition,
    )
    return latest
  }

  const table: IncomingRequests = {
    async receive(message, me) {
      const read = readSignRequest(message)
      const id = read.ok ? signatureRequestId(read.prepared.payload) : undefined
      const intentId = read.ok ? intentIdOf(read.prepared.payload) : undefined
      const existing = intentId ? book.get(intentId) : undefined
      if (existing && (existing.role !== 'incoming' || existing.status !== 'pending')) return
      if (existing && existing.id === id) return // the same stamp again (a resume overlap)
      if (existing && existing.from !== message.sender) return
      const expiresAt = read.ok ? expiryOf(message, read.timestamp) : 0
      // Expired while this user was away (a resume delivers old frames): nothing to ask or answer.
      if (read.ok && !existing && expiresAt < now()) return undefined
      // An invitation to a session that already exists (a resume replays old frames): done.
      if (read.ok && read.prepared.method === 'create_app_session' && !existing) {
        const exists = await options.session(message.appSessionId, false).catch(() => undefined)
        if (exists) return undefined
      }
      const { verdict, session, isCreate } = await guard(message, me, expiresAt)
      if (!verdict.ok) {
        const { reason } = verdict
        options.refused({ id, from: message.sender, appSessionId: message.appSessionId, reason })
        if (existing) settle(existing, { status: 'rejected', by: me, reason })
        // The definition lets a relay deliver the answer for a session that does not exist yet.
        const definition =
          isCreate && read.ok ? (read.params.definition as AppDefinition) : undefined
        if (id)
          await options
            .reply(
              message,
              'sign_reject',
              { requestId: id, intentId, reason, refused: true },
              definition,
            )
            .catch(() => {})
        return undefined
      }
      if (!read.ok || !id || !intentId) return undefined
      const again = book.get(intentId)
      if (again && (again.status !== 'pending' || again.id === id)) return undefined
      const { prepared, effects, intent } = verdict
      const signedBefore = new Set(again?.signers.filter((s) => s.signed).map((s) => s.wallet))
      const intentInfo = (message.data as { intent?: { createdAt?: unknown } }).intent
      const entry = book.put({
        intentId,
        id,
        role: 'incoming',
        appSessionId: message.appSessionId,
        method: prepared.method,
        from: message.sender,
        version: (prepared.params as { version?: number }).version,
        createdAt:
          again?.createdAt ??
          (typeof intentInfo?.createdAt === 'number' ? intentInfo.createdAt : read.timestamp),
        expiresAt,
        status: 'pending',
        signers: prepared.requiredSigners.map((s) => ({
          ...s,
          signed: signedBefore.has(s.wallet) || s.wallet === message.sender,
        })),
        quorum: prepared.quorum,
        decision: again?.decision,
        message,
        view: {
          prepared,
          intent,
          invitation: prepared.method === 'create_app_session',
          effects,
          current: session?.allocations,
        },
      })
      schedule()
      // A new stamp of content this user already approved: sign it without asking again.
      if (entry.decision === 'approved') {
        await approve(intentId)
        return undefined
      }
      return again ? undefined : table.toRequest(entry)
    },

    onSignature(requestId, wallet, signature, certificate) {
      const e = book.list().find((x) => x.role === 'incoming' && x.id === requestId)
      if (!pending(e) || !e.view) return
      const mine = wallet === options.me()
      if (mine ? e.decision : !e.signers.some((s) => s.wallet === wallet && !s.signed)) return
      const payload = e.view.prepared.payload
      void verifyParticipantSignature(wallet, payload, signature, certificate).then((ok) => {
        const latest = book.get(e.intentId)
        if (!ok || !pending(latest) || latest.id !== requestId) return
        const signers = latest.signers.map((s) =>
          s.wallet === wallet ? { ...s, signed: true } : s,
        )
        if (!mine) return void book.patch(e.intentId, { signers })
        // Approved in another tab or on another device: not asked here any more.
        if (latest.decision) return
        book.patch(e.intentId, { signers, decision: 'approved' })
        options.settled(latest.id, 'approved')
      })
    },

    onOwnReject(requestId) {
      const e = book.list().find((x) => x.role === 'incoming' && x.id === requestId)
      if (!pending(e) || e.decision) return
      book.patch(e.intentId, { decision: 'rejected' })
      settle(e, { status: 'rejected', by: options.me(), reason: 'declined on another device' })
    },

    onOutcome(message) {
      const d = message.data as {
        intentId?: unknown
        status?: unknown
        reason?: unknown
        by?: unknown
      } | null
      if (!d || typeof d.intentId !== 'string' || !STATUSES.has(String(d.status))) return
      const e = book.get(d.intentId as Hex)
      // Only the proposer says how its request ended.
      if (e?.role !== 'incoming' || e.from !== message.sender) return
      if (e.appSessionId !== message.appSessionId) return
      const reason = typeof d.reason === 'string' ? d.reason.slice(0, 500) : undefined
      const by = typeof d.by === 'string' ? (d.by as Address) : undefined
      const status = d.status as SignatureRequestOutcome['status']
      if (e.status === 'superseded' && status === 'sent') {
        book.settle(e.intentId, { status, reason, by, at: now() })
        return
      }
      if (e.status === 'pending') settle(e, { status, reason, by })
    },

    sessionChanged(session) {
      for (const e of book.list().filter(pending)) {
        if (e.appSessionId !== session.appSessionId) continue
        if (e.method === 'create_app_session')
          settle(e, { status: 'superseded', reason: 'the session exists on the node' })
        else if (session.status !== 'open')
          settle(e, { status: 'superseded', reason: 'the session is closed' })
        else if (e.version !== undefined && session.version >= e.version)
          settle(e, {
            status: 'superseded',
            reason: `the session reached version ${session.version}`,
          })
      }
    },

    async restore(me) {
      const offered: SignatureRequest[] = []
      for (const e of book.list().filter(pending)) {
        if (!e.message) continue
        const { verdict } = await guard(e.message, me, e.expiresAt)
        const latest = book.get(e.intentId)
        if (!pending(latest) || latest.id !== e.id) continue
        if (!verdict.ok) {
          settle(latest, { status: 'superseded', reason: verdict.reason })
          continue
        }
        if (!latest.decision) {
          const r = table.toRequest(latest)
          if (r) offered.push(r)
        }
      }
      schedule()
      return offered
    },

    toRequest(e) {
      if (e.role !== 'incoming' || !e.view) return undefined
      const { intentId } = e
      return {
        id: e.id,
        intentId,
        appSessionId: e.appSessionId,
        from: e.from,
        status: e.status,
        outcome: e.outcome,
        decision: e.decision,
        expiresAt: e.expiresAt,
        signers: e.signers,
        quorum: e.quorum,
        prepared: e.view.prepared,
        intent: e.view.intent,
        invitation: e.view.invitation,
        effects: e.view.effects,
        current: e.view.current,
        async approve() {
          await approve(intentId)
        },
        async reject(reason) {
          const latest = book.get(intentId)
          if (!pending(latest) || !latest.message || !latest.view)
            throw new SignatureRequestSettledError({ status: latest?.status ?? 'unknown' })
          book.patch(intentId, { decision: 'rejected' })
          settle(latest, { status: 'rejected', by: options.me(), reason })
          await options.reply(
            latest.message,
            'sign_reject',
            { requestId: latest.id, intentId, reason },
            latest.view.prepared.definition,
          )
        },
      }
    },

    stop() {
      clearTimeout(timer)
      timer = undefined
    },
  }
  return table
}
