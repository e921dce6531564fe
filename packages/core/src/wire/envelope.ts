import { parseAnyRPCResponse } from '@erc7824/nitrolite'
import type { Hex } from 'viem'
import type { Wire } from './mappers.js'

/**
 * The NitroRPC envelope. Requests are built with the SDK's `create*Message` helpers and responses
 * read with its parsers; the one hand-built frame is {@link signedRequestText}, because
 * co-signatures must cover the exact request bytes.
 */

/** A response or server push (`res`). `params` is the SDK's parse, `raw` the frame's own params. */
export interface ResponseFrame {
  /** Request id; `0` for a server push. */
  id: number
  method: string
  /** The SDK's parse; its shape differs per method. */
  params: Wire
  /** The params as the node sent them. */
  raw: Wire
}

/** A relayed session message (`req` with `sid`), as another participant's client sent it. */
export interface RelayedFrame {
  id: number
  sid: Hex
  params: unknown
  /** Milliseconds, from the sender's frame. */
  timestamp: number
}

/** What an incoming text frame is. */
export type IncomingFrame =
  | { type: 'response'; frame: ResponseFrame }
  | { type: 'relayed'; frame: RelayedFrame }
  | { type: 'other' }
  | { type: 'invalid' }

/** Reads one incoming text frame. Never throws. */
export function readFrame(text: string): IncomingFrame {
  let env: { req?: unknown; res?: unknown; sid?: unknown }
  try {
    env = JSON.parse(text)
  } catch {
    return { type: 'invalid' }
  }
  if (!env || typeof env !== 'object') return { type: 'invalid' }
  if (Array.isArray(env.req) && env.req[1] === 'message' && typeof env.sid === 'string') {
    const [id, , params, timestamp] = env.req as [unknown, string, unknown, unknown]
    if (typeof id !== 'number' || typeof timestamp !== 'number') return { type: 'invalid' }
    return { type: 'relayed', frame: { id, sid: env.sid as Hex, params, timestamp } }
  }
  if (!Array.isArray(env.res) || typeof env.res[0] !== 'number' || typeof env.res[1] !== 'string')
    return { type: 'other' }
  const [id, method, raw] = env.res as [number, string, unknown]
  let params: unknown = raw
  if (method !== 'error') {
    try {
      params = (parseAnyRPCResponse(text) as unknown as { params: unknown }).params
    } catch {
      // A method the SDK does not know (or a shape it rejects): keep the raw params.
    }
  }
  return { type: 'response', frame: { id, method, params, raw } }
}

/**
 * The text of a signed request: the exact `req` bytes every signature covers, plus the
 * signatures. Built by hand on purpose: re-serialising `req` could change the signed bytes.
 */
export function signedRequestText(payload: string, signatures: Hex[]): string {
  return `{"req":${payload},"sig":${JSON.stringify(signatures)}}`
}
