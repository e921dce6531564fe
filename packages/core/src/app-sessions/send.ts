import type { Hex } from 'viem'
import { AppSessionClosedError, NodeRejectedError } from '../errors.js'
import type { Allocation, AppSession, PreparedRequest } from '../types.js'
import { type ResponseFrame, signedRequestText } from '../wire/envelope.js'
import { toAllocations } from '../wire/mappers.js'

/** Replaces `prev` rows by (participant, asset) with `rows`; other rows stay. */
export function mergeAllocations(prev: Allocation[], rows: Allocation[]): Allocation[] {
  const out = new Map(prev.map((a) => [`${a.participant}|${a.asset}`, a]))
  for (const r of toAllocations(rows)) out.set(`${r.participant}|${r.asset}`, r)
  return [...out.values()]
}

/**
 * The session after the node accepted `prepared`: built from the definition for a create, from
 * `prev` otherwise, with the request's allocations applied.
 */
export function sessionAfter(
  prepared: PreparedRequest,
  response: { status: AppSession['status']; version: number; appSessionId?: Hex },
  prev: AppSession | undefined,
  now = new Date().toISOString(),
): AppSession {
  const params = prepared.params as { session_data?: string; allocations: Allocation[] }
  if (prepared.method === 'create_app_session') {
    const d = prepared.definition!
    return {
      appSessionId: response.appSessionId ?? prepared.appSessionId,
      application: d.application,
      status: response.status,
      participants: d.participants,
      protocol: d.protocol,
      weights: d.weights,
      quorum: d.quorum,
      challenge: d.challenge,
      nonce: d.nonce,
      version: response.version,
      sessionData: params.session_data,
      createdAt: now,
      updatedAt: now,
      allocations: mergeAllocations([], params.allocations),
    }
  }
  const base = prev as AppSession
  return {
    ...base,
    status: response.status,
    version: response.version,
    updatedAt: now,
    sessionData: params.session_data ?? base.sessionData,
    allocations: mergeAllocations(base.allocations ?? [], params.allocations),
  }
}

/**
 * Sends a fully signed request and returns the session as it now stands. A state change the node
 * refuses because the session is no longer open becomes `AppSessionClosedError` when a re-read
 * shows it closed (a retried close that already landed).
 */
export async function sendPrepared(ctx: {
  prepared: PreparedRequest
  call(id: number, text: string, method: string): Promise<ResponseFrame>
  refresh(appSessionId: Hex): Promise<AppSession | undefined>
  known(appSessionId: Hex): AppSession | undefined
  remember(session: AppSession): AppSession
}): Promise<AppSession> {
  const { prepared } = ctx
  const text = signedRequestText(
    prepared.payload,
    prepared.signatures.map((s) => s.signature),
  )
  let res: ResponseFrame
  try {
    res = await ctx.call(prepared.requestId, text, prepared.method)
  } catch (error) {
    if (
      error instanceof NodeRejectedError &&
      error.nodeMessage.startsWith('an open app session not found') &&
      prepared.method !== 'create_app_session'
    ) {
      const s = await ctx.refresh(prepared.appSessionId).catch(() => undefined)
      if (s?.status === 'closed')
        throw new AppSessionClosedError({
          appSessionId: prepared.appSessionId,
          version: s.version,
          cause: error,
        })
    }
    throw error
  }
  return ctx.remember(sessionAfter(prepared, res.params, ctx.known(prepared.appSessionId)))
}
