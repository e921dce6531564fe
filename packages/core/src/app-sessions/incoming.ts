import type { Address, Hex } from 'viem'
import type { TransportMessage } from '../transports/types.js'
import type { Allocation, AppDefinition, AppSession, PreparedRequest } from '../types.js'
import { computeAppSessionId } from './app-session-id.js'
import { signatureRequestId } from './signing.js'

/** A co-signing request from another participant, waiting for this user's decision. */
export interface SignatureRequest {
  /** keccak256 of the payload. */
  id: Hex
  from: Address
  prepared: PreparedRequest
  /** The session's allocations as this client last knew them (none for a create). */
  current?: Allocation[]
  /** Signs with this client's session key and sends the signature to the initiator. */
  approve(): Promise<void>
  /** Tells the initiator this user declines. */
  reject(reason?: string): Promise<void>
}

/** Decides whether a signature request is signed without asking the user. */
export type AutoSignPolicy = (request: SignatureRequest) => boolean

const SIGNED = new Set(['create_app_session', 'submit_app_state', 'close_app_session'])

/**
 * Reads a `sign_request` another participant sent and checks that it is the request it claims
 * to be, for a session `me` takes part in, with `me` among the required signers. Returns the
 * request (its `params` and, for a create, `definition` taken from the signed payload itself),
 * or a reason it is ignored. Pure: `known` is the session as this client knows it, if at all.
 */
export function readSignRequest(
  message: TransportMessage,
  me: Address,
  known: AppSession | undefined,
): { ok: true; prepared: PreparedRequest } | { ok: false; reason: string } {
  const d = message.data as { prepared?: PreparedRequest } | null
  const prepared = d?.prepared
  if (!prepared || typeof prepared.payload !== 'string') return { ok: false, reason: 'no payload' }
  let req: unknown
  try {
    req = JSON.parse(prepared.payload)
  } catch {
    return { ok: false, reason: 'unparsable payload' }
  }
  if (!Array.isArray(req) || req.length !== 4 || req[1] !== prepared.method)
    return { ok: false, reason: 'payload does not match its method' }
  if (!SIGNED.has(String(req[1]))) return { ok: false, reason: 'not a signed method' }
  const params = req[2] as Record<string, unknown> | null
  if (!params || typeof params !== 'object') return { ok: false, reason: 'no params' }
  let definition: AppDefinition | undefined
  if (prepared.method === 'create_app_session') {
    definition = params.definition as AppDefinition
    if (!definition || computeAppSessionId(definition) !== message.appSessionId)
      return { ok: false, reason: 'definition does not match the session id' }
    if (!definition.participants.includes(me)) return { ok: false, reason: 'not a participant' }
  } else {
    if (params.app_session_id !== message.appSessionId)
      return { ok: false, reason: 'payload is for another session' }
    if (known && !known.participants.includes(me)) return { ok: false, reason: 'not a participant' }
  }
  if (
    !Array.isArray(prepared.requiredSigners) ||
    !prepared.requiredSigners.some((s) => s.wallet === me)
  )
    return { ok: false, reason: 'not a required signer' }
  return { ok: true, prepared: { ...prepared, params, ...(definition ? { definition } : {}) } }
}

/** The signature requests waiting for this user. */
export interface IncomingRequests {
  /**
   * Handles a `sign_request`: checks it with {@link readSignRequest} and, when new, builds the
   * {@link SignatureRequest}. Returns it, or `undefined` when ignored.
   */
  receive(
    message: TransportMessage,
    me: Address,
    known: AppSession | undefined,
  ): SignatureRequest | undefined
}

/** Creates the incoming-request table; `answer` signs or declines on the user's behalf. */
export function createIncomingRequests(options: {
  sign(payload: string): Promise<Hex>
  reply(
    message: TransportMessage,
    kind: 'signature' | 'sign_reject',
    data: unknown,
    definition: AppDefinition | undefined,
  ): Promise<void>
  settled(id: Hex, outcome: 'approved' | 'rejected'): void
  ignored(reason: string): void
}): IncomingRequests {
  const pending = new Map<Hex, SignatureRequest>()
  return {
    receive(message, me, known) {
      const read = readSignRequest(message, me, known)
      if (!read.ok) {
        options.ignored(read.reason)
        return undefined
      }
      const { prepared } = read
      const id = signatureRequestId(prepared.payload)
      if (pending.has(id)) return undefined
      const settle = (outcome: 'approved' | 'rejected') => {
        pending.delete(id)
        options.settled(id, outcome)
      }
      const request: SignatureRequest = {
        id,
        from: message.sender,
        prepared,
        current: prepared.method === 'create_app_session' ? undefined : known?.allocations,
        async approve() {
          const signature = await options.sign(prepared.payload)
          settle('approved')
          await options.reply(
            message,
            'signature',
            { requestId: id, signature },
            prepared.definition,
          )
        },
        async reject(reason) {
          settle('rejected')
          await options.reply(
            message,
            'sign_reject',
            { requestId: id, reason },
            prepared.definition,
          )
        },
      }
      pending.set(id, request)
      return request
    },
  }
}
