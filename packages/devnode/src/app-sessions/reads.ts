import { type Handler, RpcError } from '../rpc/context.js'
import { cappedLimit, nonEmpty, optional, positive } from '../rpc/params.js'
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
  const rows = ctx.store.listSessions({
    participant: nonEmpty(p.participant),
    status: nonEmpty(p.status),
    offset: positive(p.offset, 0),
    limit: cappedLimit(p.limit, 100, 10),
    sort,
  })
  return { app_sessions: rows.map(sessionJson) }
}
