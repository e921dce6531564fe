import type { AssetConfig } from '../config.js'
import { type Handler, RpcError } from './context.js'
import { optional } from './params.js'

/** The served assets as `get_assets` and the `assets` push show them. */
export function assetList(assets: readonly Required<AssetConfig>[]) {
  return assets.map((a) => ({
    token: a.token,
    chain_id: a.chainId,
    symbol: a.symbol,
    decimals: a.decimals,
  }))
}

/** `get_config`: the broker address; no networks (the devnode has no blockchain). */
export const getConfig: Handler = (ctx) => ({ broker_address: ctx.broker.address, networks: [] })

/** `get_assets`: every served asset, optionally only those of `chain_id`. */
export const getAssets: Handler = (ctx, _conn, frame) => {
  const p = optional(frame.params)
  const chain = p.chain_id
  const list = assetList(ctx.assets)
  return { assets: typeof chain === 'number' ? list.filter((a) => a.chain_id === chain) : list }
}

/** `create_channel`, `resize_channel`, `close_channel`: refused, there is no blockchain. */
export const noChannels: Handler = (_ctx, _conn, frame) => {
  throw new RpcError(
    `${frame.method} is not supported by the devnode: it has no blockchain; fund wallets with POST /faucet`,
  )
}
