import { type Address, type Hex, keccak256, toBytes } from 'viem'
import { verifyParticipantSignature } from '../auth/key-certificate.js'
import { SignatureCollectionError } from '../errors.js'
import type { MessageTransport } from '../transports/types.js'
import type { PreparedRequest } from '../types.js'

/** Weight collected so far, weight needed, and whether the node's rule is met. */
export function signingProgress(prepared: PreparedRequest): {
  collected: number
  required: number
  complete: boolean
} {
  let collected = 0
  for (const s of prepared.requiredSigners)
    if (prepared.signatures.some((x) => x.wallet === s.wallet)) collected += s.weight
  return { collected, required: prepared.quorum, complete: collected >= prepared.quorum }
}

/** The id of a signature request: keccak256 of the exact payload every signer signs. */
export function signatureRequestId(payload: string): Hex {
  return keccak256(toBytes(payload))
}

/** Options of {@link SignatureCollector.collect}. */
export interface CollectSignaturesOptions<P extends PreparedRequest = PreparedRequest> {
  /** Time to wait for co-signatures. Defaults to 120 000 ms. */
  timeoutMs?: number
  signal?: AbortSignal
  onProgress?: (prepared: P) => void
}

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
  /** Ends every collection in progress: each rejects with `error` and clears its timer. */
  cancelAll(error: Error): void
  /** Number of collections in progress (each holds a timer). */
  pendingCount(): number
}

interface Waiter {
  cancel(error: Error): void
  onSignature(wallet: Address, signature: Hex, certificate: unknown): void
  onReject(wallet: Address | undefined, reason: string, refused: boolean): void
}

/**
 * Creates a {@link SignatureCollector} that sends its requests over `transport()`. `onInvalid`
 * hears of signatures that failed verification (they are dropped).
 */
export function createSignatureCollector(
  transport: () => MessageTransport,
  onInvalid?: (wallet: Address) => void,
): SignatureCollector {
  /** Collections in progress by request id (the same request may be collected twice). */
  const waiters = new Map<Hex, Set<Waiter>>()
  const each = (id: Hex, f: (w: Waiter) => void) => {
    for (const w of [...(waiters.get(id) ?? [])]) f(w)
  }
  return {
    collect(prepared, opts = {}) {
      let current = prepared
      if (signingProgress(current).complete) return Promise.resolve(current)
      const id = signatureRequestId(prepared.payload)
      const timeoutMs = opts.timeoutMs ?? 120_000
      return new Promise((resolve, reject) => {
        let done = false
        const fail = (reason: 'timeout' | 'aborted' | 'rejected' | 'refused', details?: string) => {
          const p = signingProgress(current)
          finish(
            new SignatureCollectionError({
              reason,
              collected: p.collected,
              required: p.required,
              details,
            }),
          )
        }
        const finish = (error?: Error) => {
          if (done) return
          done = true
          clearTimeout(timer)
          const set = waiters.get(id)
          set?.delete(waiter)
          if (!set?.size) waiters.delete(id)
          opts.signal?.removeEventListener('abort', onAbort)
          if (error) reject(error)
          else resolve(current)
        }
        const timer = setTimeout(() => fail('timeout'), timeoutMs)
        const onAbort = () => fail('aborted')
        const waiter: Waiter = {
          cancel: finish,
          async onSignature(wallet, signature, certificate) {
            if (!current.requiredSigners.some((s) => s.wallet === wallet)) return
            if (current.signatures.some((s) => s.wallet === wallet)) return
            if (
              !(await verifyParticipantSignature(wallet, prepared.payload, signature, certificate))
            )
              return onInvalid?.(wallet)
            if (done || current.signatures.some((s) => s.wallet === wallet)) return
            current = { ...current, signatures: [...current.signatures, { wallet, signature }] }
            opts.onProgress?.(current)
            if (signingProgress(current).complete) finish()
          },
          onReject(wallet, reason, refused) {
            if (wallet && !current.requiredSigners.some((s) => s.wallet === wallet)) return
            fail(refused ? 'refused' : 'rejected', reason)
          },
        }
        const set = waiters.get(id) ?? new Set()
        set.add(waiter)
        waiters.set(id, set)
        if (opts.signal?.aborted) return fail('aborted')
        opts.signal?.addEventListener('abort', onAbort)
        // Signatures already collected travel along so co-signers see who signed.
        transport()
          .send({
            appSessionId: prepared.appSessionId,
            kind: 'sign_request',
            data: { prepared: { ...current } },
            definition: prepared.definition,
          })
          .catch((error) => finish(error))
      })
    },
    onSignature: (requestId, wallet, signature, certificate) =>
      each(requestId, (w) => w.onSignature(wallet, signature, certificate)),
    onReject: (requestId, wallet, reason, refused = false) =>
      each(requestId, (w) => w.onReject(wallet, reason, refused)),
    cancelAll(error) {
      for (const id of [...waiters.keys()]) each(id, (w) => w.cancel(error))
    },
    pendingCount: () => [...waiters.values()].reduce((n, set) => n + set.size, 0),
  }
}
