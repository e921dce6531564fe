// The relay's wire frames: NitroRPC-shaped requests in, `res` answers and numbered deliveries out.
import { RelayError } from './errors.js'

/** A client request that passed the envelope checks. */
export interface Request {
  id: number
  method: string
  params: unknown
  ts: number
  /** `JSON.stringify(req)`: the bytes request signatures cover (what the SDK signs). */
  reqRaw: string
  sig: `0x${string}`[]
  sid: string | undefined
}

const HEX = /^0x(?:[0-9a-fA-F]{2})*$/
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0

/**
 * Parses one text frame. Throws a {@link RelayError} naming the first problem, with `id` set to
 * the request id when it could be read.
 */
export function parseRequest(text: string): Request {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new RelayError('invalid message format: not JSON')
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new RelayError('invalid message format: expected a JSON object with `req`')
  const b = body as Record<string, unknown>
  if (b.res !== undefined)
    throw new RelayError('invalid message format: clients send `req`, not `res`')
  const req = b.req
  if (!Array.isArray(req) || req.length !== 4)
    throw new RelayError('invalid message format: `req` must be [id, method, params, timestamp]')
  const [id, method, params, ts] = req as [unknown, unknown, unknown, unknown]
  if (!isId(id))
    throw new RelayError('invalid message format: request id must be a positive integer')
  const withId = (message: string) => Object.assign(new RelayError(message), { id })
  if (typeof method !== 'string' || method === '')
    throw withId('invalid message format: method must be a non-empty string')
  if (!isId(ts)) throw withId('invalid message format: timestamp must be a positive integer (ms)')
  const sig = b.sig ?? []
  if (!Array.isArray(sig) || !sig.every((s) => typeof s === 'string' && HEX.test(s)))
    throw withId('invalid message format: `sig` must be an array of 0x-hex strings')
  if (b.sid !== undefined && b.sid !== null && typeof b.sid !== 'string')
    throw withId('invalid message format: `sid` must be a string')
  return {
    id,
    method,
    params,
    ts,
    reqRaw: JSON.stringify(req),
    sig: sig as `0x${string}`[],
    sid: typeof b.sid === 'string' ? b.sid : undefined,
  }
}

/** The request id a refusal answers: the request's when it was read, else the current time. */
export const errorId = (error: unknown): number =>
  isId((error as { id?: unknown }).id) ? (error as { id: number }).id : Date.now()

/** An answer frame: `{"res":[id,method,params,ts]}`. */
export const response = (id: number, method: string, params: unknown): string =>
  JSON.stringify({ res: [id, method, params, Date.now()] })

/** An error answer: `{"res":[id,"error",{"error":message},ts]}`. */
export const errorResponse = (id: number, message: string): string =>
  response(id, 'error', { error: message })

/**
 * The stored form of a delivered message: the sender's wallet as the relay authenticated it, then
 * the request exactly as signed. The delivery adds the sequence number in front.
 */
export const storedFrame = (from: string, r: Request, sid: string): string =>
  `{"from":${JSON.stringify(from)},"req":${r.reqRaw},"sid":${JSON.stringify(sid)},"sig":${JSON.stringify(r.sig)}}`

/** A delivery: `{"seq":n,"from":wallet,"req":[…],"sid":"0x…","sig":[…]}`. */
export const deliveryText = (seq: number, stored: string): string =>
  `{"seq":${seq},${stored.slice(1)}`
