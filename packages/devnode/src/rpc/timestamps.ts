import { createHash } from 'node:crypto'
import { MAX_FUTURE_SKEW_MS, MSG_EXPIRY_MS } from '../config.js'
import type { AppliedRequest } from '../db/store.js'
import type { RequestFrame } from '../util/envelope.js'
import { RpcError } from './context.js'

/**
 * The timestamp rule of every private method (the Go node's): `req[3]` is a 13-digit
 * millisecond value no older than {@link MSG_EXPIRY_MS}; otherwise `invalid message timestamp`.
 */
export function checkMessageAge(ts: number, now = Date.now()): void {
  if (String(ts).length !== 13 || now - ts > MSG_EXPIRY_MS)
    throw new RpcError('invalid message timestamp')
}

/**
 * The timestamp rule of state-changing methods (create, submit, close, transfer): the age
 * rule, and no more than {@link MAX_FUTURE_SKEW_MS} in the future, so every signature expires.
 * The Go node lets future timestamps pass; the devnode refuses them on purpose.
 */
export function checkStateChangeTime(ts: number, now = Date.now()): void {
  checkMessageAge(ts, now)
  if (ts - now > MAX_FUTURE_SKEW_MS)
    throw new RpcError(
      `invalid message timestamp: ${ts} is more than ${MAX_FUTURE_SKEW_MS} ms in the future`,
    )
}

/** What a state-changing request records on the session it changes: its time and hash. */
export function appliedRequest(frame: RequestFrame): AppliedRequest {
  return { ts: frame.ts, hash: createHash('sha256').update(frame.reqRaw).digest('hex') }
}
