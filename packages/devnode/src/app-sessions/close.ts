import { escrowPos, norm, sessionPos, walletPos } from '../ledger/positions.js'
import { type Handler, RpcError } from '../rpc/context.js'
import { obj, str } from '../rpc/params.js'
import { appliedRequest, checkStateChangeTime } from '../rpc/timestamps.js'
import { stateResponse } from '../rpc/wire.js'
import { parseAllocations, parseSessionData } from './parse.js'
import {
  assetTotals,
  checkOrder,
  checkQuorum,
  checkRows,
  conservation,
  holdings,
  openSession,
  requestSigners,
} from './rules.js'

/**
 * `close_app_session`: by quorum; every holder's session balance leaves the session (nothing
 * is stranded) into the session's escrow position (internal `escrow_lock` rows, never listed),
 * then each listed row is paid out to its participant's unified account (`app_withdrawal`). The
 * signers are recovered first; the checks of the session and the write then run in one
 * synchronous database transaction (see `submitAppState`).
 */
export const closeAppSession: Handler = async (ctx, _conn, frame, out) => {
  checkStateChangeTime(frame.ts)
  const p = obj(frame.params)
  const id = str(p.app_session_id)
  const rows = parseAllocations(p.allocations)
  const sessionData = parseSessionData(p.session_data)
  const { store } = ctx
  const request = appliedRequest(frame)
  const signers = await requestSigners(ctx, frame)
  if (!id || rows.length === 0)
    throw new RpcError('missing required parameters: app_id or allocations')
  const version = store.tx(() => {
    const s = openSession(store, id)
    checkOrder(s, request)
    const { participants } = checkQuorum(store, signers, s, 'incorrect submit_state request')
    const before = holdings(store, ctx.broker.address, id)
    checkRows(rows, participants)
    const reason = conservation(assetTotals(before), rows)
    if (reason) throw new RpcError(reason)
    const escrow = escrowPos(id, ctx.broker.address)
    for (const [who, m] of before) {
      for (const [asset, v] of m)
        if (v.gt(0))
          store.move({
            from: sessionPos(id, who),
            to: escrow,
            asset,
            amount: v,
            txType: 'escrow_lock',
          })
    }
    // As Go: one `app_withdrawal` per row, in order, a zero row included (it has no entries).
    for (const r of rows) {
      const who = norm(r.participant)
      store.move({
        from: escrow,
        to: walletPos(who),
        asset: r.asset,
        amount: r.amount,
        txType: 'app_withdrawal',
      })
      if (!r.amount.isZero()) out.bu(r.participant)
    }
    store.updateSession(id, s.version + 1, 'closed', sessionData ?? s.session_data, request)
    return s.version + 1
  })
  return stateResponse(id, version, 'closed')
}
