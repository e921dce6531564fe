import { randomUUID } from 'node:crypto'
import { type Address, type Hex, isAddress, recoverTypedDataAddress } from 'viem'
import { type AssetConfig, CHALLENGE_TTL_MS, MAX_CHALLENGES } from '../config.js'
import {
  type Connection,
  type Handler,
  type Outbox,
  type RpcContext,
  RpcError,
} from '../rpc/context.js'
import { balanceUpdate, notify } from '../rpc/notify.js'
import { obj, str, uint } from '../rpc/params.js'
import { parseDecimal } from '../util/decimal.js'
import { issueJwt, verifyJwt } from './jwt.js'
import { reclaimWalletAddress, refuseForeignSessionKey, registerPolicyKey } from './session-keys.js'

/** An auth challenge issued by `auth_request`, waiting for `auth_verify`. */
export interface Challenge {
  address: string
  sessionKey: string
  application: string
  allowances: { asset: string; amount: string }[]
  expiresAt: number
  scope: string
  createdAt: number
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** `auth_request`: stores the policy to be signed and answers its challenge id. */
export const authRequest: Handler = (ctx, _conn, frame) => {
  const fail = 'failed to parse auth parameters'
  const p = obj(frame.params, fail)
  let address = str(p.address, fail)
  if (address && !address.startsWith('0x')) address = `0x${address}`
  const sessionKey = str(p.session_key, fail)
  const application = str(p.application, fail)
  const scope = str(p.scope, fail)
  const expiresAt = uint(p.expires_at, fail)
  const allowancesRaw = p.allowances ?? []
  if (!Array.isArray(allowancesRaw)) throw new RpcError(fail)
  const allowances = allowancesRaw.map((a) => {
    const o = obj(a, fail)
    return { asset: str(o.asset, fail), amount: str(o.amount, fail) }
  })
  // Safety (not in Go): a session key may not be another registered wallet or another wallet's key.
  refuseForeignSessionKey(ctx.store, address, sessionKey)
  purgeChallenges(ctx.challenges)
  if (ctx.challenges.size >= MAX_CHALLENGES) throw new RpcError('failed to generate challenge')
  const challenge = randomUUID()
  ctx.challenges.set(challenge, {
    address,
    sessionKey,
    application,
    allowances,
    expiresAt,
    scope,
    createdAt: Date.now(),
  })
  return { challenge_message: challenge }
}

/** Drops challenges older than {@link CHALLENGE_TTL_MS}. */
function purgeChallenges(challenges: Map<string, Challenge>): void {
  const now = Date.now()
  for (const [k, c] of challenges) if (now - c.createdAt > CHALLENGE_TTL_MS) challenges.delete(k)
}

/** The signer of an EIP-712 `Policy` over the challenge (throws when it cannot be recovered). */
async function recoverPolicySigner(ch: Challenge, id: string, signature: Hex): Promise<string> {
  if (!isAddress(ch.sessionKey, { strict: false }) || !isAddress(ch.address, { strict: false }))
    throw new Error('bad address')
  return recoverTypedDataAddress({
    domain: { name: ch.application },
    types: {
      Policy: [
        { name: 'challenge', type: 'string' },
        { name: 'scope', type: 'string' },
        { name: 'wallet', type: 'address' },
        { name: 'session_key', type: 'address' },
        { name: 'expires_at', type: 'uint64' },
        { name: 'allowances', type: 'Allowance[]' },
      ],
      Allowance: [
        { name: 'asset', type: 'string' },
        { name: 'amount', type: 'string' },
      ],
    },
    primaryType: 'Policy',
    message: {
      challenge: id,
      scope: ch.scope,
      wallet: ch.address as Address,
      session_key: ch.sessionKey as Address,
      expires_at: BigInt(ch.expiresAt),
      allowances: ch.allowances,
    },
    signature,
  })
}

/** Refuses allowances naming an unserved asset or an invalid or negative amount. */
function checkAllowances(
  assets: readonly Required<AssetConfig>[],
  allowances: Challenge['allowances'],
): void {
  for (const a of allowances) {
    if (!assets.some((x) => x.symbol === a.asset))
      throw new RpcError(`unsupported token: asset '${a.asset}' is not supported`)
    const d = parseDecimal(a.amount)
    if (!d || typeof a.amount !== 'string' || a.amount === '') {
      throw new RpcError(
        `unsupported token: invalid amount '${a.amount}' for asset '${a.asset}': can't convert ${a.amount} to decimal`,
      )
    }
    if (d.isNegative()) {
      throw new RpcError(
        `unsupported token: allowance amount cannot be negative for asset '${a.asset}', got '${a.amount}'`,
      )
    }
  }
}

/** `auth_verify`: a JWT, or a signed policy over a pending challenge. */
export const authVerify: Handler = async (ctx, conn, frame, out) => {
  const p = obj(frame.params, 'failed to parse auth parameters')
  const jwt = typeof p.jwt === 'string' ? p.jwt : ''
  if (jwt) {
    const claims = verifyJwt(ctx.jwtSecret, jwt)
    if (!claims) throw new RpcError('invalid JWT token')
    reclaimWalletAddress(ctx.store, claims.policy.wallet)
    afterAuth(ctx, conn, claims.policy.wallet, claims.policy.session_key, out)
    return {
      address: claims.policy.wallet,
      session_key: claims.policy.session_key,
      success: true,
    }
  }
  if (frame.sigs.length === 0)
    throw new RpcError('invalid authentication method: expected JWT or signature')
  const id = typeof p.challenge === 'string' ? p.challenge : ''
  if (!UUID.test(id)) throw new RpcError('failed to parse auth parameters')
  const ch = ctx.challenges.get(id.toLowerCase())
  if (!ch) throw new RpcError('invalid challenge')
  let recovered: string
  try {
    recovered = await recoverPolicySigner(ch, id.toLowerCase(), frame.sigs[0] as Hex)
  } catch {
    throw new RpcError('invalid signature')
  }
  ctx.challenges.delete(id.toLowerCase())
  if (recovered !== ch.address || Date.now() - ch.createdAt > CHALLENGE_TTL_MS) {
    throw new RpcError('invalid challenge or signature')
  }
  const walletAddress = ch.address
  // Steps after the challenge is consumed, in Go's order: tag, allowances, key ownership,
  // registration. The tag is created even when a later step fails, as in Go.
  ctx.store.keys.ensureTag(walletAddress)
  checkAllowances(ctx.assets, ch.allowances)
  registerPolicyKey(ctx.store, ch, walletAddress)
  const token = issueJwt(ctx.jwtSecret, walletAddress, ch)
  afterAuth(ctx, conn, walletAddress, ch.sessionKey, out)
  return { address: walletAddress, session_key: ch.sessionKey, jwt_token: token, success: true }
}

/** Binds the connection to the wallet; a new wallet gets `channels` and `bu` after the reply. */
function afterAuth(
  ctx: RpcContext,
  conn: Connection,
  walletAddress: string,
  sessionKey: string,
  out: Outbox,
): void {
  const changed = ctx.connections.setUser(conn, walletAddress, sessionKey)
  if (changed) {
    out.after.push(async () => {
      await notify(ctx, [conn], 'channels', { channels: [] })
      await notify(ctx, [conn], 'bu', balanceUpdate(ctx, walletAddress))
    })
  }
}
