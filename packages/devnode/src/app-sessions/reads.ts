import { type Handler, RpcError } from '../rpc/context.js'
import { optional } from '../rpc/params.js'
import { sessionJson } from '../rpc/wire.js'

/** `get_app_definition`: the definition of one session. */
export const getAppDefinition: Handler = (ctx, _conn, frame) => {
  const p = optional(frame.params)
  const id = typeof p.app_session_id === 'string' ? p.app_session_id : ''
  if (!id) throw new RpcError('missing account ID')
  const s = ctx.store.session(id)
  if (!s) throw new RpcError('failed to get application session')
  return {
    application: s.application,
    protocol: s.protocol,
    participants: JSON.parse(s.participants),
    weights: JSON.parse(s.weights),
    quorum: s.quorum,
    challenge: s.challenge,
    nonce: s.nonce,
  }
}

/** `get_app_sessions`: sessions by participant and status, last changed first by default. */
export const getAppSessions: Handler = (ctx, _conn, frame) => {
  const p = optional(frame.params)
  const sort = p.sort === undefined || p.sort === '' ? 'desc' : p.sort
  if (sort !== 'asc' && sort !== 'desc') throw new RpcError('failed to get application sessions')
  const limitRaw = typeof p.limit === 'number' && p.limit > 0 ? p.limit : 10
  const rows = ctx.store.listSessions({
    participant: typeof p.participant === 'string' && p.participant ? p.participant : undefined,
    status: typeof p.status === 'string' && p.status ? p.status : undefined,
    offset: typeof p.offset === 'number' && p.offset > 0 ? p.offset : 0,
    limit: Math.min(limitRaw, 100),
    sort,
  })
  return { app_sessions: rows.map(sessionJson) }
}
