import { type Address, type Hex, keccak256, toBytes } from 'viem'
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
  /** A co-signer's signature arrived for request `requestId`. */
  onSignature(requestId: Hex, wallet: Address, signature: Hex): void
  /**
   * A co-signer declined request `requestId` (`refused`: their client's guard refused it).
   * Ignored unless `wallet` is one of the required signers.
   */
  onReject(requestId: Hex, wallet: Address, reason: string, refused?: boolean): void
  /** Ends every collection in progress as rejected with `reason`. */
  cancelAll(reason: string): void
}

interface Waiter {
  onSignature(wallet: Address, signature: Hex): void
  onReject(wallet: Address | undefined, reason: string, refused: boolean): void
}

/** Creates a {@link SignatureCollector} that sends its requests over `transport()`. */
export function createSignatureCollector(transport: () => MessageTransport): SignatureCollector {
  const waiters = new Map<Hex, Waiter>()
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
          waiters.delete(id)
          opts.signal?.removeEventListener('abort', onAbort)
          if (error) reject(error)
          else resolve(current)
        }
        const timer = setTimeout(() => fail('timeout'), timeoutMs)
        const onAbort = () => fail('aborted')
        opts.signal?.addEventListener('abort', onAbort)
        waiters.set(id, {
          onSignature(wallet, signature) {
            if (!current.requiredSigners.some((s) => s.wallet === wallet)) return
            if (current.signatures.some((s) => s.wallet === wallet)) return
            current = { ...current, signatures: [...current.signatures, { wallet, signature }] }
            opts.onProgress?.(current)
            if (signingProgress(current).complete) finish()
          },
          onReject(wallet, reason, refused) {
            if (wallet && !current.requiredSigners.some((s) => s.wallet === wallet)) return
            fail(refused ? 'refused' : 'rejected', reason)
          },
        })
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
    onSignature: (requestId, wallet, signature) =>
      waiters.get(requestId)?.onSignature(wallet, signature),
    onReject: (requestId, wallet, reason, refused = false) =>
      waiters.get(requestId)?.onReject(wallet, reason, refused),
    cancelAll(reason) {
      for (const w of [...waiters.values()]) w.onReject(undefined, reason, false)
    },
  }
}
