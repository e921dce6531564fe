import { arrayElements, objectMembers } from './frame.js'

/** A request frame that passed the node's format and validation checks. */
export interface RequestFrame {
  /** Request id as its raw JSON token (echoed verbatim, so uint64 ids keep their precision). */
  idRaw: string
  id: number
  method: string
  params: unknown
  ts: number
  /** Exact bytes of the `req` value as received: what every request signature covers. */
  reqRaw: string
  sigs: `0x${string}`[]
  sid?: string
  /** The whole frame text as received (relayed verbatim). */
  raw: string
}

/** The outcome of {@link parseEnvelope}: a frame, or the error the node answers with. */
export type EnvelopeResult =
  | { ok: true; frame: RequestFrame }
  | {
      ok: false
      idRaw: string | undefined
      error: 'invalid message format' | 'message validation failed'
    }

const UINT = /^\d+$/
const UINT64_MAX = 18446744073709551615n
const HEX = /^0x([0-9a-fA-F]{2})*$/

function uint(token: string): bigint | undefined {
  if (!UINT.test(token)) return undefined
  const v = BigInt(token)
  return v <= UINT64_MAX ? v : undefined
}

/** Parses one incoming text frame with the Go node's envelope rules (protocol §1.2). */
export function parseEnvelope(text: string): EnvelopeResult {
  const format = { ok: false as const, idRaw: undefined, error: 'invalid message format' as const }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return format
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return format
  let members: ReturnType<typeof objectMembers>
  try {
    members = objectMembers(text)
  } catch {
    return format
  }
  const body = parsed as Record<string, unknown>
  const sig = body.sig
  if (sig !== undefined && sig !== null) {
    if (!Array.isArray(sig) || !sig.every((s) => typeof s === 'string' && HEX.test(s)))
      return format
  }
  if (body.sid !== undefined && body.sid !== null && typeof body.sid !== 'string') return format
  const validation = {
    ok: false as const,
    idRaw: undefined,
    error: 'message validation failed' as const,
  }
  const reqSpan = members.get('req')
  if (body.res !== undefined) return validation
  if (!reqSpan || body.req === null) return validation
  const reqRaw = text.slice(reqSpan.start, reqSpan.end)
  if (!Array.isArray(body.req)) return format
  let elements: ReturnType<typeof arrayElements>
  try {
    elements = arrayElements(reqRaw)
  } catch {
    return format
  }
  if (elements.length !== 4) return format
  const [idSpan, , , tsSpan] = elements as [
    (typeof elements)[0],
    unknown,
    unknown,
    (typeof elements)[0],
  ]
  const idRaw = reqRaw.slice(idSpan.start, idSpan.end)
  const tsRaw = reqRaw.slice(tsSpan.start, tsSpan.end)
  const id = uint(idRaw)
  const ts = uint(tsRaw)
  const [, method, params] = body.req as unknown[]
  if (id === undefined || ts === undefined || typeof method !== 'string') return format
  if (
    id === 0n ||
    ts === 0n ||
    method === '' ||
    params === null ||
    params === 0 ||
    params === '' ||
    params === false
  ) {
    return { ok: false, idRaw: id === 0n ? undefined : idRaw, error: 'message validation failed' }
  }
  return {
    ok: true,
    frame: {
      idRaw,
      id: Number(id),
      method,
      params,
      ts: Number(ts),
      reqRaw,
      sigs: (Array.isArray(sig) ? sig : []) as `0x${string}`[],
      sid: typeof body.sid === 'string' ? body.sid : undefined,
      raw: text,
    },
  }
}

/** Methods whose signatures may come from several session participants. */
const SESSION_METHODS: ReadonlySet<string> = new Set([
  'create_app_session',
  'submit_app_state',
  'close_app_session',
  'message',
])

/** Distinct string entries of a participants list (anything else counts as none). */
function distinctParticipants(list: unknown): number {
  return Array.isArray(list) ? new Set(list.filter((p) => typeof p === 'string')).size : 0
}

/**
 * The most signatures `frame` can usefully carry, counted before any is recovered:
 *
 * - `create_app_session`: the distinct participants of `params.definition`, plus one;
 * - `submit_app_state`, `close_app_session`: the distinct participants of the session named
 *   by `params.app_session_id` (any status), plus one; `1` when no such session exists;
 * - `message` (relay): the participants of the session named by `sid`, or before it exists of
 *   `params.definition`, plus one;
 * - every other method: `1` (only `sig[0]` is ever read, or none);
 *
 * and never more than `ceiling`. The "plus one" lets one participant sign both with its
 * wallet and through its session key.
 */
export function signatureLimit(
  frame: RequestFrame,
  sessionParticipants: (appSessionId: string) => unknown,
  ceiling: number,
): { max: number; message: (given: number) => string } {
  let max = 1
  let why = ''
  if (SESSION_METHODS.has(frame.method)) {
    const p = (frame.params && typeof frame.params === 'object' ? frame.params : {}) as Record<
      string,
      unknown
    >
    const def = (p.definition && typeof p.definition === 'object' ? p.definition : {}) as Record<
      string,
      unknown
    >
    let participants = 0
    if (frame.method === 'create_app_session') participants = distinctParticipants(def.participants)
    else {
      const id = frame.method === 'message' ? frame.sid : p.app_session_id
      const stored = typeof id === 'string' && id ? sessionParticipants(id) : undefined
      participants =
        stored !== undefined
          ? distinctParticipants(stored)
          : frame.method === 'message'
            ? distinctParticipants(def.participants)
            : 0
      if (stored === undefined && frame.method !== 'message')
        why = ` (app session ${typeof id === 'string' && id ? id : '(none)'} not found)`
    }
    if (participants > 0) {
      max = participants + 1
      why = ' (one per participant, plus one)'
    }
  }
  if (max > ceiling) {
    max = ceiling
    why = ` (the most any request may carry)`
  }
  return {
    max,
    message: (given) =>
      `too many signatures: ${given} given, ${frame.method} accepts at most ${max}${why}`,
  }
}
