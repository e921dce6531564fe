import type { AppSessionRow } from '../db/store.js'
import { norm } from '../ledger/positions.js'
import type { BrokerSigner } from '../util/crypto.js'
import { Dec } from '../util/decimal.js'
import type { Connection, RpcContext } from './context.js'
import { sessionJson } from './wire.js'

/** A `res` frame signed by the broker over its exact bytes. */
export async function signFrame(
  broker: BrokerSigner,
  id: string,
  method: string,
  params: unknown,
  ts: number,
): Promise<string> {
  const res = `[${id},${JSON.stringify(method)},${JSON.stringify(params)},${ts}]`
  const sig = await broker.sign(res)
  return `{"res":${res},"sig":["${sig}"]}`
}

/** Sends one notification (request id `0`) to every connection in `conns`. */
export async function notify(
  ctx: RpcContext,
  conns: Connection[],
  method: string,
  params: unknown,
): Promise<void> {
  if (conns.length === 0) return
  const text = await signFrame(ctx.broker, '0', method, params, Date.now())
  for (const c of conns) c.send(text)
}

/** The `bu` params of a wallet: its full unified balance list. */
export function balanceUpdate(ctx: RpcContext, walletAddress: string) {
  const key = norm(walletAddress)
  return { balance_updates: ctx.store.balancesOf(key, key) }
}

/** Pushes the wallet's full unified balance list to all of its connections. */
export async function pushBalances(ctx: RpcContext, walletAddress: string): Promise<void> {
  const conns = ctx.connections.of(walletAddress)
  if (conns.length === 0) return
  await notify(ctx, conns, 'bu', balanceUpdate(ctx, walletAddress))
}

/** Pushes an `asu` (session and its non-zero allocations) to every participant's connections. */
export async function pushAppSession(ctx: RpcContext, s: AppSessionRow): Promise<void> {
  const participants = JSON.parse(s.participants) as string[]
  const allocations = ctx.store
    .accountBalances(s.app_session_id)
    .filter((r) => r.participant !== ctx.broker.address && !new Dec(r.amount).isZero())
    .map((r) => ({
      participant: participants.find((x) => norm(x) === r.participant) ?? r.participant,
      asset: r.asset,
      amount: r.amount,
    }))
  const conns = participants.flatMap((w) => ctx.connections.of(w))
  await notify(ctx, conns, 'asu', {
    app_session: sessionJson(s),
    participant_allocations: allocations,
  })
}
