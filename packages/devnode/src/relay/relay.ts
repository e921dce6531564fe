import { parseDefinition } from '../app-sessions/parse.js'
import { walletOf } from '../auth/session-keys.js'
import type { Store } from '../db/store.js'
import { type Handler, RpcError } from '../rpc/context.js'
import { recoverSigners } from '../util/crypto.js'
import type { RequestFrame } from '../util/envelope.js'
import { appSessionId, type GoDefinition } from '../util/go-json.js'

const DENIED = 'unauthorized: invalid signature or sender is not a participant of this vApp'

/**
 * The participants a `message` for `sid` goes to: the session's, or before it exists, those
 * of the definition in the params whose id is the sid (pre-creation relay).
 */
function relayParticipants(store: Store, frame: RequestFrame, sid: string): string[] {
  const session = store.session(sid)
  if (session) return JSON.parse(session.participants)
  const params = frame.params as Record<string, unknown> | null
  let def: GoDefinition | undefined
  try {
    def =
      params && typeof params === 'object' && params.definition
        ? parseDefinition(params.definition)
        : undefined
  } catch {
    def = undefined
  }
  if (!def || appSessionId(def) !== sid)
    throw new RpcError(`Failed to forward message: app session ${sid} not found`)
  return def.participants
}

/**
 * `message` (relay on): forwards the frame's exact bytes to every connection of every
 * participant, the sender's included (its delivery acknowledgement). Returns nothing: no
 * `res` is sent on success.
 */
export const relayMessage: Handler = async (ctx, conn, frame) => {
  if (!conn.wallet) throw new RpcError('authentication required')
  const sid = frame.sid
  if (!sid) throw new RpcError('Failed to forward message: missing sid')
  const participants = relayParticipants(ctx.store, frame, sid)
  let signers: string[]
  try {
    signers = await recoverSigners(frame.reqRaw, frame.sigs)
  } catch {
    throw new RpcError(DENIED)
  }
  const wallets = signers.map((s) => walletOf(ctx.store, s))
  if (!wallets.includes(conn.wallet) || !participants.includes(conn.wallet))
    throw new RpcError(DENIED)
  // A sender may not speak for another participant (Nitrolite Kit frames name their sender).
  const from = (frame.params as { from?: unknown } | null)?.from
  if (from !== undefined && from !== conn.wallet) throw new RpcError(DENIED)
  for (const w of new Set(participants)) for (const c of ctx.connections.of(w)) c.send(frame.raw)
}
