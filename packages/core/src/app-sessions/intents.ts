import { type Address, type Hex, keccak256, toBytes } from 'viem'
import type { PreparedRequest } from '../types.js'

/**
 * How long a proposer's client keeps using one stamp of a request before it re-stamps it: the
 * node refuses a request older than 60 s (`protocol.md` §3.6), so a margin for the co-signers'
 * answers and the send is kept.
 */
export const RESTAMP_AFTER_MS = 40_000
/** The longest a signature request may stay pending (a frame claiming more is refused). */
export const MAX_REQUEST_TTL_MS = 24 * 3600_000

/**
 * The id of a request's *content* (method and params, without the request id and timestamp the
 * payload also carries): every stamp of one request shares it. A participant who approved this
 * content signs a re-stamped payload of it without being asked again.
 */
export function intentIdOf(payload: string): Hex {
  let req: unknown
  try {
    req = JSON.parse(payload)
  } catch {
    req = undefined
  }
  // Not a request array: the payload itself is the content.
  if (!Array.isArray(req) || req.length !== 4) return keccak256(toBytes(payload))
  return keccak256(toBytes(JSON.stringify([req[1], req[2]])))
}

/**
 * The same request with a new request id and timestamp: the bytes every signer signs, rebuilt
 * from the parsed payload (JSON round-trips them exactly), with no signatures.
 */
export function restamp<P extends PreparedRequest>(
  prepared: P,
  requestId: number,
  timestamp: number,
): P {
  const [, method, params] = JSON.parse(prepared.payload) as [number, string, unknown, number]
  return {
    ...prepared,
    requestId,
    timestamp,
    payload: JSON.stringify([requestId, method, params, timestamp]),
    signatures: [],
  }
}

/** {@link restamp} now, signed by `me` with `sign` when `me` had signed the previous stamp. */
export async function restampSigned<P extends PreparedRequest>(
  prepared: P,
  requestId: number,
  me: Address,
  sign: (payload: string) => Promise<Hex>,
): Promise<P> {
  const next = restamp(prepared, requestId, Date.now())
  if (!prepared.signatures.some((s) => s.wallet === me)) return next
  return { ...next, signatures: [{ wallet: me, signature: await sign(next.payload) }] }
}
