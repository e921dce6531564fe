import type { Address, Hex } from 'viem'
import { verifyParticipantSignature } from '../auth/key-certificate.js'
import { SignatureCollectionError } from '../errors.js'
import type { MessageTransport } from '../transports/types.js'
import type { AppSession, PreparedRequest } from '../types.js'
import { intentIdOf, RESTAMP_AFTER_MS } from './intents.js'
import type { RequestBook, RequestEntry, SignatureRequestOutcome } from './request-book.js'
import { type CollectSignaturesOptions, signatureRequestId, signingProgress } from './signing.js'

/** Asks co-signers through the transport and gathers their answers. */
export interface SignatureCollector {
  /** Sends a sign request and resolves once the signatures meet the node's rule. */
  collect<P extends PreparedRequest>(prepared: P, options?: CollectSignaturesOptions<P>): Promise<P>
  /**
   * A co-signer's signature arrived for request `requestId`. It counts only once it is verified:
   * made by `wallet` itself, or by a session key `certificate` shows `wallet` authorized.
   */
  onSignature(requestId: Hex, wallet: Address, signature: Hex, certificate: unknown): void
  /**
   * A co-signer declined request `requestId` (`refused`: their client's guard refused it).
   * Ignored unless `wallet` is one of the required signers.
   */
  onReject(requestId: Hex, wallet: Address, reason: string, refused?: boolean): void
  /** The proposer cancels its request `intentId`; `false` when it is not pending here. */
  cancel(intentId: Hex, reason?: string): boolean
  /** The session changed on the node: requests it makes impossible are `superseded`. */
  sessionChanged(session: AppSession): void
  /** The node accepted the completed request: everyone is told it was `sent`. */
  sent(prepared: PreparedRequest): void
  /** Sending the completed request failed: everyone is told how it ended. */
  failed(
    prepared: PreparedRequest,
    outcome: { status: 'rejected' | 'superseded'; reason: string },
  ): void
  /**
   * Resumes every pending request this user proposed that the book holds (after a reload):
   * each sends itself through `complete` once its signatures are in.
   */
  restore(): void
  /** Ends every collection in progress: each rejects with `error` and clears its timer. */
  cancelAll(error: Error): void
  /** Number of collections in progress (each holds a timer). */
  pendingCount(): number
}

interface Waiter {
  intentId: Hex
  /** Everyone awaiting this request (the same request may be collected twice). */
  listeners: ((error: Error | undefined, prepared: never) => void)[]
  cancel(error: Error): void
  fail(
    reason: 'timeout' | 'aborted' | 'rejected' | 'refused' | 'cancelled' | 'superseded',
    details?: string,
    by?: Address,
  ): void
  onSignature(requestId: Hex, wallet: Address, signature: Hex, certificate: unknown): void
  onReject(wallet: Address, reason: string, refused: boolean): void
}

const STAMPS_KEPT = 4

/**
 * Creates a {@link SignatureCollector}. Requests are durable intents kept in `book`: when the
 * quorum has approved but not all over one fresh stamp (a co-signer answered an older stamp, or
 * the current one nears the node's 60 s limit), the request is re-stamped (`restamp`) and sent
 * again; approvers' clients sign the new stamp of content they approved without asking.
 */
export function createSignatureCollector(ctx: {
  transport: () => MessageTransport
  book: RequestBook
  me: () => Address | undefined
  /** The same request with a fresh id and timestamp, signed by this user when they had signed. */
  restamp: <P extends PreparedRequest>(prepared: P) => Promise<P>
  /** Signs `payload` with this client's (current) session key. */
  sign: (payload: string) => Promise<Hex>
  /** Sends a restored request whose signatures are complete (nobody awaits it any more). */
  complete: (prepared: PreparedRequest) => Promise<unknown>
  onInvalid?: (wallet: Address) => void
  onError?: (error: unknown) => void
  /** Re-stamp a stamp older than this (default {@link RESTAMP_AFTER_MS}). */
  restampAfterMs?: number
  now?: () => number
}): SignatureCollector {
  const now = ctx.now ?? Date.now
  const restampAfterMs = ctx.restampAfterMs ?? RESTAMP_AFTER_MS
  /** Collections in progress by intent id. */
  const waiters = new Map<Hex, Waiter>()
  /** Stamp request id → intent id. */
  const stampOf = new Map<Hex, Hex>()

  function broadcast(entry: RequestEntry, outcome: SignatureRequestOutcome) {
    ctx
      .transport()
      .send({
        appSessionId: entry.appSessionId,
        kind: 'sign_outcome',
        data: { intentId: entry.intentId, requestId: entry.id, ...outcome },
        definition: entry.prepared?.definition,
      })
      .catch((error) => ctx.onError?.(error))
  }

  function offer(entry: RequestEntry, prepared: PreparedRequest) {
    return ctx.transport().send({
      appSessionId: prepared.appSessionId,
      kind: 'sign_request',
      // Signatures already collected travel along so co-signers see who signed.
      data: {
        prepared: { ...prepared },
        intent: { id: entry.intentId, expiresAt: entry.expiresAt, createdAt: entry.createdAt },
      },
      definition: prepared.definition,
    })
  }

  function signersOf(p: PreparedRequest, approvals: RequestEntry['approvals']) {
    return p.requiredSigners.map((s) => ({
      wallet: s.wallet,
      weight: s.weight,
      signed: Boolean(approvals?.[s.wallet]),
    }))
  }

  /** Starts (or resumes) collecting `entry`; `settle` hears the end. */
  function start<P extends PreparedRequest>(
    entry: RequestEntry & { prepared: P },
    settle: (error: Error | undefined, prepared: P) => void,
    opts: CollectSignaturesOptions<P> & { resend: boolean; restored?: boolean },
  ) {
    const intentId = entry.intentId
    const running = waiters.get(intentId)
    if (running) {
      running.listeners.push(settle as Waiter['listeners'][number])
      return
    }
    let current = entry.prepared
    let approvals: NonNullable<RequestEntry['approvals']> = { ...(entry.approvals ?? {}) }
    let stamps = entry.stamps ?? [current.payload]
    for (const s of stamps) stampOf.set(signatureRequestId(s), intentId)
    let done = false
    let restamping = false
    let lastStamp = 0

    const save = () =>
      ctx.book.patch(intentId, {
        id: signatureRequestId(current.payload),
        prepared: current,
        approvals,
        stamps,
        signers: signersOf(current, approvals),
      })

    const weightOf = (wallets: Iterable<string>) => {
      let w = 0
      for (const a of wallets) w += current.requiredSigners.find((s) => s.wallet === a)?.weight ?? 0
      return w
    }

    const finish = (error?: Error) => {
      if (done) return
      done = true
      clearTimeout(timer)
      if (waiters.get(intentId) === waiter) waiters.delete(intentId)
      for (const s of stamps) stampOf.delete(signatureRequestId(s))
      opts.signal?.removeEventListener('abort', onAbort)
      for (const l of waiter.listeners) l(error, current as never)
    }

    /** Done when the approvals meet the quorum over one fresh stamp; re-stamps when they do not. */
    async function check() {
      if (done || restamping) return
      if (weightOf(Object.keys(approvals)) < current.quorum) return
      const onCurrent = Object.entries(approvals).filter(([, a]) => a.payload === current.payload)
      const fresh = now() - current.timestamp < restampAfterMs
      if (fresh && weightOf(onCurrent.map(([w]) => w)) >= current.quorum) {
        current = {
          ...current,
          signatures: onCurrent.map(([wallet, a]) => ({
            wallet: wallet as Address,
            signature: a.signature,
          })),
        }
        save()
        return finish()
      }
      // Approved, but not all over one fresh stamp: re-stamp the same content.
      if (now() - lastStamp < Math.min(5_000, restampAfterMs)) return
      restamping = true
      try {
        const next = await ctx.restamp(current)
        if (done) return
        lastStamp = now()
        current = next
        stamps = [...stamps, next.payload].slice(-STAMPS_KEPT)
        stampOf.set(signatureRequestId(next.payload), intentId)
        for (const s of next.signatures)
          approvals[s.wallet] = { payload: next.payload, signature: s.signature }
        save()
        await offer(ctx.book.get(intentId) ?? entry, next)
      } catch (error) {
        ctx.onError?.(error)
      } finally {
        restamping = false
      }
      void check()
    }

    const outcomeOf = (
      status: SignatureRequestOutcome['status'],
      reason?: string,
      by?: Address,
    ) => {
      const e = ctx.book.settle(intentId, { status, reason, by, at: now() })
      if (e) broadcast(e, { status, reason, by, at: now() })
    }

    const waiter: Waiter = {
      intentId,
      listeners: [settle as Waiter['listeners'][number]],
      cancel: finish,
      fail(reason, details, by) {
        if (done) return
        const collected = weightOf(Object.keys(approvals))
        if (reason !== 'aborted')
          outcomeOf(
            reason === 'timeout' ? 'expired' : reason === 'refused' ? 'rejected' : reason,
            details,
            by ?? (reason === 'cancelled' ? ctx.me() : undefined),
          )
        finish(
          new SignatureCollectionError({
            reason,
            collected,
            required: current.quorum,
            details,
          }),
        )
      },
      async onSignature(requestId, wallet, signature, certificate) {
        const payload = stamps.find((s) => signatureRequestId(s) === requestId)
        if (!payload || !current.requiredSigners.some((s) => s.wallet === wallet)) return
        if (approvals[wallet]?.payload === payload) return
        if (!(await verifyParticipantSignature(wallet, payload, signature, certificate)))
          return ctx.onInvalid?.(wallet)
        if (done) return
        // A signature over the newest stamp replaces one over an older stamp, never the reverse.
        const had = approvals[wallet]
        if (had && stamps.indexOf(had.payload) > stamps.indexOf(payload)) return
        approvals = { ...approvals, [wallet]: { payload, signature } }
        if (payload === current.payload)
          current = {
            ...current,
            signatures: [
              ...current.signatures.filter((s) => s.wallet !== wallet),
              { wallet, signature },
            ],
          }
        save()
        opts.onProgress?.(current)
        void check()
      },
      onReject(wallet, reason, refused) {
        if (!current.requiredSigners.some((s) => s.wallet === wallet)) return
        waiter.fail(refused ? 'refused' : 'rejected', reason, wallet)
      },
    }
    const onAbort = () => waiter.fail('aborted')
    const timer = setTimeout(() => waiter.fail('timeout'), Math.max(0, entry.expiresAt - now()))
    waiters.set(intentId, waiter)
    if (opts.signal?.aborted) return waiter.fail('aborted')
    opts.signal?.addEventListener('abort', onAbort)
    const me = ctx.me()
    if (opts.restored && me && approvals[me]) {
      // After a reload the session key may be new: sign this user's approval again with it.
      const payload = current.payload
      ctx
        .sign(payload)
        .then((signature) => {
          if (done) return
          approvals = { ...approvals, [me]: { payload, signature } }
          if (current.payload === payload)
            current = {
              ...current,
              signatures: [
                ...current.signatures.filter((s) => s.wallet !== me),
                { wallet: me, signature },
              ],
            }
          save()
          if (opts.resend) offer(ctx.book.get(intentId) ?? entry, current).catch(ctx.onError)
          void check()
        })
        .catch((error) => ctx.onError?.(error))
      return
    }
    if (opts.resend)
      offer(entry, current).catch((error) => {
        if (!done) {
          ctx.book.settle(intentId, { status: 'expired', reason: 'not delivered', at: now() })
          finish(error)
        }
      })
    void check()
  }

  return {
    collect(prepared, opts = {}) {
      if (signingProgress(prepared).complete) return Promise.resolve(prepared)
      const intentId = intentIdOf(prepared.payload)
      const running = waiters.get(intentId)
      if (running)
        return new Promise((resolve, reject) => {
          running.listeners.push(((error: Error | undefined, p: typeof prepared) =>
            error ? reject(error) : resolve(p)) as Waiter['listeners'][number])
        })
      const t = now()
      const me = ctx.me()
      const approvals: RequestEntry['approvals'] = {}
      for (const s of prepared.signatures)
        approvals[s.wallet] = { payload: prepared.payload, signature: s.signature }
      const entry = ctx.book.put({
        intentId,
        id: signatureRequestId(prepared.payload),
        role: 'outgoing',
        appSessionId: prepared.appSessionId,
        method: prepared.method,
        from: me ?? ('0x' as Address),
        version: (prepared.params as { version?: number }).version,
        createdAt: t,
        expiresAt: t + (opts.timeoutMs ?? 120_000),
        status: 'pending',
        signers: signersOf(prepared, approvals),
        quorum: prepared.quorum,
        prepared,
        approvals,
        stamps: [prepared.payload],
      }) as RequestEntry & { prepared: typeof prepared }
      return new Promise((resolve, reject) => {
        start(entry, (error, p) => (error ? reject(error) : resolve(p)), { ...opts, resend: true })
      })
    },
    onSignature(requestId, wallet, signature, certificate) {
      const intentId = stampOf.get(requestId)
      if (intentId) waiters.get(intentId)?.onSignature(requestId, wallet, signature, certificate)
    },
    onReject(requestId, wallet, reason, refused = false) {
      const intentId = stampOf.get(requestId)
      if (intentId) waiters.get(intentId)?.onReject(wallet, reason, refused)
    },
    cancel(intentId, reason) {
      const w = waiters.get(intentId)
      if (!w) return false
      w.fail('cancelled', reason ?? 'cancelled by the proposer')
      return true
    },
    sessionChanged(session) {
      for (const w of [...waiters.values()]) {
        const e = ctx.book.get(w.intentId)
        if (!e || e.appSessionId !== session.appSessionId || e.method === 'create_app_session')
          continue
        if (session.status !== 'open')
          w.fail('superseded', 'the session closed before the request was complete')
        else if (e.version !== undefined && session.version >= e.version)
          w.fail('superseded', `the session reached version ${session.version} first`)
      }
    },
    sent(prepared) {
      const intentId = intentIdOf(prepared.payload)
      const outcome = { status: 'sent' as const, by: ctx.me(), at: now() }
      const e = ctx.book.settle(intentId, outcome)
      if (e) broadcast(e, outcome)
    },
    failed(prepared, { status, reason }) {
      const intentId = intentIdOf(prepared.payload)
      const outcome = { status, reason, at: now() }
      const e = ctx.book.settle(intentId, outcome)
      if (e) broadcast(e, outcome)
    },
    restore() {
      const me = ctx.me()
      for (const e of ctx.book.list()) {
        if (e.role !== 'outgoing' || e.status !== 'pending' || !e.prepared || e.from !== me)
          continue
        if (waiters.has(e.intentId)) continue
        start(
          e as RequestEntry & { prepared: PreparedRequest },
          (error, p) => {
            if (!error) void ctx.complete(p).catch((err) => ctx.onError?.(err))
          },
          { resend: true, restored: true },
        )
      }
    },
    cancelAll(error) {
      for (const w of [...waiters.values()]) w.cancel(error)
    },
    pendingCount: () => [...waiters.values()].reduce((n, w) => n + w.listeners.length, 0),
  }
}
