import { isAddress } from 'viem'
import { activeKey, checkCap, primarySigner } from '../auth/session-keys.js'
import { MSG_EXPIRY_MS } from '../config.js'
import type { TransactionRow } from '../db/store.js'
import { type Handler, RpcError } from '../rpc/context.js'
import { amount, obj, str } from '../rpc/params.js'
import { checkStateChangeTime } from '../rpc/timestamps.js'
import { txJson } from '../rpc/wire.js'
import { formatDecimal } from '../util/decimal.js'
import { norm, walletPos } from './positions.js'

/**
 * Refuses a `req` that was applied within {@link MSG_EXPIRY_MS}. Only applied transfers are
 * remembered (see {@link rememberApplied}), as in Go: a transfer that failed, e.g. for
 * insufficient funds, may be retried unchanged.
 */
function refuseApplied(recent: Map<string, number>, reqRaw: string): void {
  const now = Date.now()
  for (const [k, t] of recent) if (now - t > MSG_EXPIRY_MS) recent.delete(k)
  if (recent.has(reqRaw))
    throw new RpcError('operation denied: the request has already been processed')
}

/** Remembers an applied transfer's raw `req` bytes (Go's message cache, after success). */
function rememberApplied(recent: Map<string, number>, reqRaw: string): void {
  recent.set(reqRaw, Date.now())
}

/** `transfer`: moves unified balance to another wallet (by address or user tag). */
export const transfer: Handler = async (ctx, conn, frame, out) => {
  checkStateChangeTime(frame.ts)
  refuseApplied(ctx.recentTransfers, frame.reqRaw)
  const p = obj(frame.params)
  let destination = str(p.destination)
  const tag = str(p.destination_user_tag)
  if (!destination && !tag) throw new RpcError('destination or destination_tag must be provided')
  if (!destination) {
    // Go looks tags up upper-cased.
    destination = ctx.store.keys.walletOfTag(tag.toUpperCase()) ?? ''
    if (!destination) throw new RpcError(`invalid destination account: ${tag}`)
  }
  if (!isAddress(destination, { strict: false }))
    throw new RpcError(`invalid destination account: ${destination}`)
  if (!Array.isArray(p.allocations)) throw new RpcError('failed to parse parameters')
  const rows = p.allocations.map((a) => {
    const o = obj(a)
    return { asset: str(o.asset), amount: amount(o.amount) }
  })
  if (rows.length === 0) throw new RpcError('allocations cannot be empty')
  const signer = await primarySigner(ctx, conn, frame)
  const from = norm(conn.wallet!)
  const to = norm(destination)
  if (from === to) throw new RpcError('cannot transfer to self')
  const { store } = ctx
  // Both accounts' tags, as Go fills them in the reply and the `tr` pushes (absent: no tag).
  const tags = { from_account_tag: store.keys.tagOf(from), to_account_tag: store.keys.tagOf(to) }
  const key = signer !== conn.wallet ? activeKey(store, signer) : undefined
  const txs = store.tx(() => {
    // Checked again in the synchronous transaction: the same request racing on another socket
    // passed the first check while this one awaited its signer, and must not apply twice.
    refuseApplied(ctx.recentTransfers, frame.reqRaw)
    const list: TransactionRow[] = []
    for (const r of rows) {
      if (r.amount.lte(0))
        throw new RpcError(`invalid allocation: ${formatDecimal(r.amount)} for asset ${r.asset}`)
      if (key) checkCap(store, key, r.asset, r.amount, 'session key spending validation failed: ')
      if (store.balance(from, from, r.asset).lt(r.amount))
        throw new RpcError(`insufficient funds: ${conn.wallet} for asset ${r.asset}`)
      const moved = store.move({
        from: walletPos(from),
        to: walletPos(to),
        asset: r.asset,
        amount: r.amount,
        txType: 'transfer',
        sessionKey: key?.id,
      })
      list.push({ ...moved, ...tags })
    }
    return list
  })
  rememberApplied(ctx.recentTransfers, frame.reqRaw)
  out.bu(conn.wallet!)
  const receiver = ctx.connections.walletKey(to)
  out.bu(receiver)
  out.transfers.push({ wallets: [conn.wallet!, receiver], tx: txs })
  return { transactions: txs.map(txJson) }
}
