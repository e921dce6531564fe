import type { Address, Hex } from 'viem'
import type { TransportMessage } from '../transports/types.js'
import type {
  Allocation,
  Allowance,
  AppDefinition,
  AppSession,
  Balance,
  Intent,
  PreparedRequest,
} from '../types.js'
import {
  requiredSigners,
  validateAllocations,
  validateDefinition,
} from '../validation/validation.js'
import { computeAppSessionId } from './app-session-id.js'
import { computeEffects, type ParticipantEffect } from './effects.js'
import { MAX_REQUEST_TTL_MS } from './intents.js'
import type {
  SignatureRequestOutcome,
  SignatureRequestSigner,
  SignatureRequestStatus,
} from './request-book.js'

/** A co-signing request from another participant that passed the guard. */
export interface SignatureRequest {
  /** keccak256 of the current stamp's payload (it changes when the proposer re-stamps). */
  id: Hex
  /** The request's content id, the same for every stamp: key your UI by it. */
  intentId: Hex
  /** The session it is for (for a create: the id the node will assign). */
  appSessionId: Hex
  from: Address
  /** `pending` while it waits; see {@link SignatureRequestStatus} for the others. */
  status: SignatureRequestStatus
  /** Why it left `pending`, once it did (every participant is told). */
  outcome?: SignatureRequestOutcome
  /** This user's answer, once given. */
  decision?: 'approved' | 'rejected'
  /** Milliseconds: after this the request is `expired`. */
  expiresAt: number
  /** The signers the request needs, and who has signed (as far as this client has seen). */
  signers: SignatureRequestSigner[]
  /** Weight the signers must reach. */
  quorum: number
  /** The request, with `params`, `requiredSigners` and `quorum` as this client computed them. */
  prepared: PreparedRequest
  /** The intent of a submit (`operate` for 0.2 sessions and for an empty intent). */
  intent?: Intent
  /**
   * `true` for a create: an invitation to a session that does not exist yet, which anyone who
   * names you in a definition can send. Show it as an invitation from `from`, not as a step in
   * a session you are already in.
   */
  invitation: boolean
  /** Exact change per participant and asset: what the user is asked to agree to. */
  effects: ParticipantEffect[]
  /** The session's allocations as this client knew them when checking (none for a create). */
  current?: Allocation[]
  /**
   * Signs with this client's session key and sends the signature to the proposer. A later stamp
   * of the same content (the proposer re-stamps a request that waited) is signed without asking.
   */
  approve(): Promise<void>
  /** Tells the proposer (and everyone) that this user declines. */
  reject(reason?: string): Promise<void>
}

/** Decides whether a signature request (already checked by the guard) is signed without asking. */
export type AutoSignPolicy = (request: SignatureRequest) => boolean

/**
 * How long a request stays acceptable when its frame names no expiry: the node refuses private
 * requests older than 60 s. A request naming `expiresAt` (a durable intent the proposer
 * re-stamps) is accepted until then, at most {@link MAX_REQUEST_TTL_MS} after its timestamp.
 */
export const SIGN_REQUEST_MAX_AGE_MS = 60_000
/** How far in the future a request's timestamp may be (clock skew between participants). */
export const SIGN_REQUEST_MAX_SKEW_MS = 10_000

/** What the guard checks a request against. */
export interface GuardContext {
  me: Address
  /** The session as this client knows it (read from the node when unknown); unused on create. */
  session: AppSession | undefined
  decimals: Record<string, number>
  /** This user's unified balances, to check what they would commit. */
  balances: Balance[]
  /** This user's session-key allowances. */
  allowances: Allowance[]
  /** Milliseconds. */
  now: number
  /**
   * Until when the proposer waits (the frame's `intent.expiresAt`); defaults to the timestamp +
   * {@link SIGN_REQUEST_MAX_AGE_MS}.
   */
  expiresAt?: number
  /** When the proposer started the request (the frame's `intent.createdAt`); defaults to the timestamp. */
  createdAt?: number
}

/** The guard's answer: the checked request and its effects, or why it was refused. */
export type GuardVerdict =
  | { ok: true; prepared: PreparedRequest; intent?: Intent; effects: ParticipantEffect[] }
  | { ok: false; reason: string }

const refuse = (reason: string): GuardVerdict => ({ ok: false, reason })

type Read =
  | { ok: true; prepared: PreparedRequest; params: Record<string, unknown>; timestamp: number }
  | { ok: false; reason: string }

/** Parses the signed payload a `sign_request` carries and checks its shape (nothing else). */
export function readSignRequest(message: TransportMessage): Read {
  const d = message.data as { prepared?: PreparedRequest } | null
  const prepared = d?.prepared
  if (!prepared || typeof prepared.payload !== 'string') return { ok: false, reason: 'no payload' }
  let req: unknown
  try {
    req = JSON.parse(prepared.payload)
  } catch {
    return { ok: false, reason: 'the payload is not JSON' }
  }
  if (!Array.isArray(req) || req.length !== 4)
    return { ok: false, reason: 'the payload is not a request' }
  const [requestId, method, params, timestamp] = req as [unknown, unknown, unknown, unknown]
  if (
    method !== 'create_app_session' &&
    method !== 'submit_app_state' &&
    method !== 'close_app_session'
  )
    return { ok: false, reason: `\`${String(method)}\` is not a co-signed method` }
  if (typeof requestId !== 'number' || typeof timestamp !== 'number')
    return { ok: false, reason: 'the payload has no request id or timestamp' }
  if (!params || typeof params !== 'object' || Array.isArray(params))
    return { ok: false, reason: 'the payload has no params' }
  const p = params as Record<string, unknown>
  const rows = p.allocations
  if (
    !Array.isArray(rows) ||
    !rows.every(
      (r) =>
        r &&
        typeof r === 'object' &&
        typeof r.participant === 'string' &&
        typeof r.asset === 'string' &&
        typeof r.amount === 'string',
    )
  )
    return { ok: false, reason: 'allocations must be rows of { participant, asset, amount }' }
  return {
    ok: true,
    params: p,
    timestamp,
    prepared: {
      method,
      params: p,
      payload: prepared.payload,
      requestId,
      timestamp,
      // Never trusted from the frame: the guard recomputes them.
      requiredSigners: [],
      quorum: 0,
      // Signatures others claim to have given are not verifiable here: none are shown.
      signatures: [],
      appSessionId: message.appSessionId,
    },
  }
}

/**
 * The co-signing guard: checks a request another participant asks this user to sign against the
 * session as this client knows it, and computes its exact effect. Pure.
 *
 * Refused: a payload for another session, a non-participant row, more than one row per
 * participant and asset, amounts over the asset's precision or negative, a timestamp older than
 * {@link SIGN_REQUEST_MAX_AGE_MS} or further ahead than {@link SIGN_REQUEST_MAX_SKEW_MS}; on
 * create, a definition the node's rules refuse (quorum 0 included) or more than this user's
 * balance or allowance committed; on submit, a version other than current + 1 (0.4), an
 * `operate` that does not conserve, a `deposit` that lowers or a `withdraw` that raises a
 * holding, a deposit of this user's beyond their balance; on close, allocations that do not
 * conserve or leave out a holder; and any request this user is not a required signer of.
 */
export function guardSignRequest(message: TransportMessage, ctx: GuardContext): GuardVerdict {
  const read = readSignRequest(message)
  if (!read.ok) return refuse(read.reason)
  const { prepared, params, timestamp } = read
  const expiresAt = ctx.expiresAt ?? timestamp + SIGN_REQUEST_MAX_AGE_MS
  const createdAt = ctx.createdAt ?? timestamp
  if (expiresAt - createdAt > MAX_REQUEST_TTL_MS)
    return refuse('the request claims to stay open longer than 24 h')
  // A stamp is never older than its request (re-stamps only move forward), nor past its expiry.
  if (ctx.now > expiresAt || createdAt - timestamp > SIGN_REQUEST_MAX_SKEW_MS)
    return refuse('the request is too old to be accepted by the node')
  if (timestamp - ctx.now > SIGN_REQUEST_MAX_SKEW_MS)
    return refuse('the request is dated in the future')
  const rows = params.allocations as Allocation[]
  const first = (issues: { message: string }[]) => issues[0]?.message ?? ''

  if (prepared.method === 'create_app_session') {
    const definition = params.definition as AppDefinition
    if (!definition || typeof definition !== 'object') return refuse('the create has no definition')
    const defIssues = validateDefinition(definition)
    if (defIssues.length) return refuse(`invalid definition: ${first(defIssues)}`)
    if (computeAppSessionId(definition) !== message.appSessionId)
      return refuse('the definition does not match the session id')
    if (!definition.participants.includes(ctx.me)) return refuse('you are not a participant')
    const issues = validateAllocations(rows, {
      mode: 'create',
      definition,
      decimals: ctx.decimals,
      self: ctx.me,
      balances: ctx.balances,
      allowances: ctx.allowances,
    })
    if (issues.length) return refuse(first(issues))
    const req = requiredSigners(definition, rows, 'create', ctx.decimals)
    return finish(ctx, { ...prepared, definition }, req, definition.participants, [], rows)
  }

  if (params.app_session_id !== message.appSessionId)
    return refuse('the payload is for another session')
  const session = ctx.session
  if (!session) return refuse('unknown session')
  if (!session.participants.includes(ctx.me)) return refuse('you are not a participant')
  if (session.status !== 'open') return refuse('the session is not open')
  const current = session.allocations ?? []
  let mode: 'operate' | 'deposit' | 'withdraw' | 'close' = 'close'
  let intent: Intent | undefined
  if (prepared.method === 'submit_app_state') {
    if (session.protocol === 'NitroRPC/0.4') {
      const raw = params.intent ?? ''
      if (raw !== '' && raw !== 'operate' && raw !== 'deposit' && raw !== 'withdraw')
        return refuse(`unsupported intent: ${String(raw)}`)
      intent = raw === '' ? 'operate' : (raw as Intent)
      if (params.version !== session.version + 1)
        return refuse(
          `version ${String(params.version)} does not follow the session's version ${session.version}`,
        )
    } else {
      if (params.intent !== undefined || params.version !== undefined)
        return refuse('intent and version are not part of NitroRPC/0.2')
      intent = 'operate'
    }
    mode = intent
  }
  const issues = validateAllocations(rows, {
    mode,
    definition: session,
    decimals: ctx.decimals,
    current,
  })
  if (mode === 'close' && rows.length === 0)
    issues.push({ path: '', code: '', message: 'no final allocations' })
  if (issues.length) return refuse(first(issues))
  const effects = computeEffects(session.participants, current, rows, ctx.decimals)
  if (mode === 'deposit') {
    // A deposit debits the depositor's unified balance: check this user's own increase.
    const mine = validateAllocations(
      effects
        .filter((e) => e.participant === ctx.me && e.change.startsWith('+'))
        .map((e) => ({ participant: e.participant, asset: e.asset, amount: e.change.slice(1) })),
      { mode: 'create', decimals: ctx.decimals, self: ctx.me, balances: ctx.balances },
    )
    if (mine.length) return refuse(first(mine))
  }
  const req = requiredSigners(session, rows, mode === 'close' ? 'close' : 'operate')
  return finish(ctx, prepared, req, session.participants, current, rows, intent)
}

function finish(
  ctx: GuardContext,
  prepared: PreparedRequest,
  req: ReturnType<typeof requiredSigners>,
  participants: readonly Address[],
  before: Allocation[],
  after: Allocation[],
  intent?: Intent,
): GuardVerdict {
  const signers = req.signers.filter((s) => s.weight > 0) as { wallet: Address; weight: number }[]
  if (!signers.some((s) => s.wallet === ctx.me))
    return refuse('your signature is not needed for this request')
  return {
    ok: true,
    intent,
    prepared: { ...prepared, requiredSigners: signers, quorum: req.threshold },
    effects: computeEffects(participants, before, after, ctx.decimals),
  }
}
