import { getAddress, isAddress } from 'viem'
import type { SessionKeyRow, Store } from '../db/store.js'
import { type Connection, type Handler, type RpcContext, RpcError } from '../rpc/context.js'
import { obj, optional, positive, str } from '../rpc/params.js'
import { recoverSigners } from '../util/crypto.js'
import { Dec, formatDecimal, parseDecimal } from '../util/decimal.js'
import type { RequestFrame } from '../util/envelope.js'
import { nowSec } from '../util/time.js'
import type { Challenge } from './challenge.js'

/**
 * Active session key registered under this exact address string, if it is in the session-key
 * cache: what maps a signer to its wallet (Go's `GetWalletBySessionKey`). Outside test mode's
 * `cleanup_session_key_cache` every registered key is cached.
 */
export function activeKey(store: Store, address: string): SessionKeyRow | undefined {
  const k = store.keys.cachedKey(address)
  return k && k.expires_at > nowSec() ? k : undefined
}

/** Active session key under this exact address string, cached or not (Go's database reads). */
function storedActiveKey(store: Store, address: string): SessionKeyRow | undefined {
  const k = store.keys.keyByAddress(address)
  return k && k.expires_at > nowSec() ? k : undefined
}

/**
 * `cleanup_session_key_cache` (test mode only, else `test mode endpoints are disabled`): empties
 * the session-key cache, so registered session keys no longer speak for their wallets (until a
 * restart); answers `null`. Balances, sessions and the key rows are untouched.
 */
export const cleanupSessionKeyCache: Handler = (ctx) => {
  if (ctx.mode !== 'test') throw new RpcError('test mode endpoints are disabled')
  ctx.store.keys.clearKeyCache()
  return null
}

/** `rpcWallets`: a signer mapped through the session-key registry. */
export function walletOf(store: Store, signer: string): string {
  return activeKey(store, signer)?.wallet ?? signer
}

/** `sig[0]` mapped to a wallet must be the caller's wallet (transfer, revoke). Returns the raw signer. */
export async function primarySigner(
  ctx: RpcContext,
  conn: Connection,
  frame: RequestFrame,
): Promise<string> {
  if (frame.sigs.length === 0) throw new RpcError('missing participant signature')
  let signer: string
  try {
    ;[signer] = (await recoverSigners(frame.reqRaw, [frame.sigs[0]!], ctx.broker.engine)) as [
      string,
    ]
  } catch {
    throw new RpcError('failed to verify signer')
  }
  if (walletOf(ctx.store, signer) !== conn.wallet) throw new RpcError('invalid signature')
  return signer
}

/** Refuses a spend beyond the key's allowance for `asset` (`clearnode` keys are uncapped). */
export function checkCap(
  store: Store,
  key: SessionKeyRow,
  asset: string,
  requested: Dec,
  prefix: string,
): void {
  if (key.application === 'clearnode') return
  const allowances = JSON.parse(key.allowances) as { asset: string; amount: string }[]
  const allowance = allowances.find((a) => a.asset === asset)
  if (!allowance)
    throw new RpcError(
      `${prefix}operation denied: asset ${asset} not allowed in session key spending cap`,
    )
  const cap = parseDecimal(allowance.amount) ?? new Dec(0)
  const used = store.keyUsed(key.id, asset)
  if (used.plus(requested).gt(cap)) {
    throw new RpcError(
      `${prefix}operation denied: insufficient session key allowance: ${formatDecimal(requested)} required, ${formatDecimal(cap.minus(used))} available`,
    )
  }
}

/** `get_session_keys`: the caller's active keys with allowance and spend per asset. */
export const getSessionKeys: Handler = (ctx, conn, frame) => {
  const p = optional(frame.params)
  const offset = positive(p.offset, 0)
  const limit = positive(p.limit, undefined)
  let keys = ctx.store.keys.activeKeysOf(conn.wallet!, nowSec())
  keys = keys.slice(offset, limit ? offset + limit : undefined)
  return {
    session_keys: keys.map((k) => ({
      id: k.id,
      session_key: k.address,
      application: k.application,
      allowances: (JSON.parse(k.allowances) as { asset: string; amount: string }[]).map((a) => ({
        asset: a.asset,
        allowance: formatDecimal(parseDecimal(a.amount) ?? new Dec(0)),
        used: formatDecimal(ctx.store.keyUsed(k.id, a.asset)),
      })),
      scope: k.scope,
      expires_at: new Date(k.expires_at * 1000).toISOString(),
      created_at: k.created_at,
    })),
  }
}

/** `revoke_session_key`: the wallet, the key itself or a `clearnode` key may revoke a key. */
export const revokeSessionKey: Handler = async (ctx, conn, frame) => {
  const p = obj(frame.params)
  const target = str(p.session_key)
  if (!target) throw new RpcError('session_key parameter is required')
  const signerKey = await primarySigner(ctx, conn, frame)
  const targetKey = storedActiveKey(ctx.store, target)
  if (!targetKey || targetKey.wallet !== conn.wallet) {
    throw new RpcError(
      'operation denied: provided address is not an active session key of this user',
    )
  }
  if (signerKey !== conn.wallet && signerKey !== target) {
    const active = storedActiveKey(ctx.store, signerKey)
    if (!active) throw new RpcError('operation denied: active session key is invalid')
    if (active.application !== 'clearnode')
      throw new RpcError('operation denied: insufficient permissions for the active session key')
  }
  ctx.store.keys.expireKey(targetKey.id, nowSec())
  return { session_key: target }
}

/** The checksummed form of an address, or the text itself when it is not one. */
function canonical(address: string): string {
  return isAddress(address, { strict: false }) ? getAddress(address) : address
}

/** Registrations under this address, by its exact string and by its checksummed form. */
function keysUnder(store: Store, address: string): SessionKeyRow[] {
  const forms = new Set([address, canonical(address)])
  return [...forms].map((f) => store.keys.keyByAddress(f)).filter((k) => k !== undefined)
}

/**
 * Refuses a session key that would speak for someone else: a registered wallet (one that has
 * authenticated) other than the requesting `wallet`, or a key registered to another wallet.
 * Addresses are compared case-insensitively. A wallet may name its own address.
 */
export function refuseForeignSessionKey(store: Store, wallet: string, sessionKey: string): void {
  if (!isAddress(sessionKey, { strict: false })) return // Go fails it later (`invalid signature`)
  const key = canonical(sessionKey)
  if (key === canonical(wallet)) return
  if (store.keys.tagOf(key) !== undefined)
    throw new RpcError(`invalid session key: ${sessionKey} is a registered wallet`)
  if (keysUnder(store, sessionKey).some((k) => canonical(k.wallet) !== canonical(wallet)))
    throw new RpcError('signer is already in use for another wallet')
}

/**
 * A wallet that proved its address (a signed policy) takes it back from another wallet's
 * session-key registration made before it ever authenticated: such a key would map the
 * wallet's own signatures to the registrant. The registration is expired.
 */
export function reclaimWalletAddress(store: Store, wallet: string): void {
  for (const k of keysUnder(store, wallet))
    if (canonical(k.wallet) !== canonical(wallet) && k.expires_at > nowSec())
      store.keys.expireKey(k.id, nowSec())
}

/**
 * After a verified policy: gives the wallet a tag and registers the session key, or accepts
 * an existing registration of the same key for the same wallet (one database transaction).
 * A key that is a registered wallet or another wallet's key is refused (see
 * {@link refuseForeignSessionKey}); a wallet reclaims its own address from another wallet's
 * key (see {@link reclaimWalletAddress}).
 */
export function registerPolicyKey(store: Store, ch: Challenge, walletAddress: string): void {
  store.tx(() => {
    refuseForeignSessionKey(store, walletAddress, ch.sessionKey)
    reclaimWalletAddress(store, walletAddress)
    store.keys.ensureTag(walletAddress)
    const own = canonical(ch.sessionKey) === canonical(walletAddress)
    const existing = store.keys.keyByAddress(ch.sessionKey)
    if (existing && (existing.wallet === walletAddress || !own)) {
      if (existing.wallet !== walletAddress)
        throw new RpcError('signer is already in use for another wallet')
      if (existing.expires_at <= nowSec())
        throw new RpcError('session key already exists but is expired')
    } else {
      if (ch.expiresAt <= nowSec())
        throw new RpcError('expiration time must be set and in the future')
      store.keys.registerKey({
        address: ch.sessionKey,
        wallet: walletAddress,
        application: ch.application,
        allowances: JSON.stringify(ch.allowances),
        scope: ch.scope || 'all',
        expires_at: ch.expiresAt,
      })
    }
  })
}
