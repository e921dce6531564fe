import { appSessionId, type GoDefinition } from '@nitrolite-kit/relay'
import type { Address } from 'viem'
import { activeKey, checkCap } from '../auth/session-keys.js'
import { PROTOCOLS } from '../config.js'
import type { SessionKeyRow, Store } from '../db/store.js'
import { norm, sessionPos, walletPos } from '../ledger/positions.js'
import { type Handler, RpcError } from '../rpc/context.js'
import { obj } from '../rpc/params.js'
import { appliedRequest, checkStateChangeTime } from '../rpc/timestamps.js'
import { stateResponse } from '../rpc/wire.js'
import { formatDecimal } from '../util/decimal.js'
import { type Allocation, parseAllocations, parseDefinition, parseSessionData } from './parse.js'
import { checkRowSet, requestSigners } from './rules.js'

/**
 * Refuses a definition the node would not open (protocol, participants, weights, quorum,
 * nonce). Unlike Go, quorum 0 is refused: such a session could be closed by anyone, unsigned.
 */
function checkDefinition(def: GoDefinition): void {
  if (!PROTOCOLS.has(def.protocol)) throw new RpcError(`unsupported protocol: ${def.protocol}`)
  if (def.participants.length < 2) throw new RpcError('invalid number of participants')
  if (def.weights.length !== def.participants.length)
    throw new RpcError('number of weights must be equal to participants')
  if (def.nonce === 0) throw new RpcError('nonce is zero or not provided')
  def.weights.forEach((w, i) => {
    if (w < 0) throw new RpcError(`participant ${def.participants[i]} weight cannot be negative`)
  })
  if (def.quorum === 0) throw new RpcError('invalid quorum: 0 (must be at least 1)')
  const total = def.weights.reduce((a, b) => a + b, 0)
  if (def.quorum > total)
    throw new RpcError(
      `target quorum (${def.quorum}) cannot be greater than total sum of weights (${total})`,
    )
}

/**
 * The session key that signs for a funder who did not sign with its wallet, checked for the
 * application and its spending cap; `undefined` when the wallet signed itself.
 */
function funderKey(
  store: Store,
  signers: Address[],
  def: GoDefinition,
  a: Allocation,
): SessionKeyRow | undefined {
  if (signers.includes(a.participant as Address)) return undefined
  let key: SessionKeyRow | undefined
  for (const s of signers) {
    const k = activeKey(store, s)
    if (k && k.wallet === a.participant) {
      key = k
      break
    }
  }
  if (!key) throw new RpcError(`missing signature for participant ${a.participant}`)
  if (key.application !== 'clearnode' && key.application !== def.application) {
    throw new RpcError(
      `session key application validation failed: session key application mismatch: session key is for '${key.application}', but app session is for '${def.application}'`,
    )
  }
  checkCap(store, key, a.asset, a.amount, 'session key spending validation failed: ')
  return key
}

/**
 * `create_app_session`: every non-zero funder signs; funds move into the new session. Every
 * allocation row names a participant, at most once per asset (Go checks neither).
 */
export const createAppSession: Handler = async (ctx, _conn, frame, out) => {
  checkStateChangeTime(frame.ts)
  const p = obj(frame.params)
  const def = parseDefinition(p.definition ?? {})
  const allocations = parseAllocations(p.allocations)
  const sessionData = parseSessionData(p.session_data) ?? ''
  const signers = await requestSigners(ctx, frame)
  checkDefinition(def)
  const id = appSessionId(def, ctx.broker.engine.hash)
  const { store } = ctx
  const request = appliedRequest(frame)
  store.tx(() => {
    for (const a of allocations) {
      if (a.amount.isZero()) continue
      if (a.amount.isNegative())
        throw new RpcError(`negative allocation: ${formatDecimal(a.amount)} for asset ${a.asset}`)
      const key = funderKey(store, signers, def, a)
      const who = norm(a.participant)
      if (store.balance(who, who, a.asset).lt(a.amount))
        throw new RpcError(`insufficient funds: ${a.participant} for asset ${a.asset}`)
      store.move({
        from: walletPos(who),
        to: sessionPos(id, who),
        asset: a.asset,
        amount: a.amount,
        txType: 'app_deposit',
        sessionKey: key?.id,
      })
      out.bu(a.participant)
    }
    // After Go's per-row checks (so their order and wording stay), still inside the transaction.
    checkRowSet(allocations, def.participants)
    const created = store.insertSession(
      {
        app_session_id: id,
        application: def.application,
        protocol: def.protocol,
        participants: JSON.stringify(def.participants),
        weights: JSON.stringify(def.weights),
        quorum: def.quorum,
        challenge: def.challenge,
        nonce: def.nonce,
        version: 1,
        status: 'open',
        session_data: sessionData || null,
      },
      request,
    )
    // Nothing was written: a session with this id exists.
    if (!created) throw new RpcError('failed to create application session')
  })
  return stateResponse(id, 1, 'open')
}
