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
  return signFrameJson(broker, id, method, JSON.stringify(params), ts)
}

/** {@link signFrame} with the params already serialized (`paramsJson`). */
export async function signFrameJson(
  broker: BrokerSigner,
  id: string,
  method: string,
  paramsJson: string,
  ts: number,
): Promise<string> {
  const res = `[${id},${JSON.stringify(method)},${paramsJson},${ts}]`
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

/** The `bu` frames one request has sent, by wallet: its params and the signed frame. */
export type SentBalances = Map<string, { json: string; text: string }>

/**
 * Pushes the wallet's full unified balance list to all of its connections. With `sent` (the
 * `bu` frames of the same request so far), a list identical to the one last sent to the wallet
 * in that request goes out as that same frame, its timestamp included, instead of being signed
 * again.
 */
export async function pushBalances(
  ctx: RpcContext,
  walletAddress: string,
  sent?: SentBalances,
): Promise<void> {
  const conns = ctx.connections.of(walletAddress)
  if (conns.length === 0) return
  const json = JSON.stringify(balanceUpdate(ctx, walletAddress))
  const before = sent?.get(walletAddress)
  const text =
    before?.json === json
      ? before.text
      : await signFrameJson(ctx.broker, '0', 'bu', json, Date.now())
  sent?.set(walletAddress, { json, text })
  for (const c of conns) c.send(text)
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
