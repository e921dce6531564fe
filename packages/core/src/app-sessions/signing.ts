import { type Hex, keccak256, toBytes } from 'viem'
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
  /**
   * How long the request stays pending, in ms (default 120 000). It is durable for that long:
   * a co-signer who connects later is offered it, and after a reload of this page the client
   * resumes collecting it (and sends it once complete). Then it is `expired` for everyone.
   */
  timeoutMs?: number
  signal?: AbortSignal
  onProgress?: (prepared: P) => void
}
