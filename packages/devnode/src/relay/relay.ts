import { appSessionId, type GoDefinition } from '@nitrolite-kit/relay'
import { parseDefinition } from '../app-sessions/parse.js'
import { walletOf } from '../auth/session-keys.js'
import { DEFAULT_RELAY_INVITE_RATE_PER_MINUTE } from '../config.js'
import type { Store } from '../db/store.js'
import { type Handler, RpcError } from '../rpc/context.js'
import { recoverSigners } from '../util/crypto.js'
import type { RequestFrame } from '../util/envelope.js'

const DENIED = 'unauthorized: invalid signature or sender is not a participant of this vApp'

/** Per-wallet token buckets limiting pre-creation relay messages. */
export class InviteLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  /** A limiter letting each wallet send `perMinute` messages per minute (burst: `perMinute`). */
  constructor(readonly perMinute: number) {}

  /** Takes one token for `wallet`; `false` (and nothing taken) when its bucket is empty. */
  take(wallet: string, now = Date.now()): boolean {
    const capacity = this.perMinute
    const b = this.buckets.get(wallet) ?? { tokens: capacity, at: now }
    b.tokens = Math.min(capacity, b.tokens + ((now - b.at) * capacity) / 60_000)
    b.at = now
    if (b.tokens < 1) {
      this.buckets.set(wallet, b)
      return false
    }
    b.tokens -= 1
    this.buckets.set(wallet, b)
    if (this.buckets.size > 10_000) this.prune(now)
    return true
  }

  /** Forgets buckets that have refilled completely (they equal a fresh one). */
  private prune(now: number): void {
    for (const [w, b] of this.buckets)
      if (b.tokens + ((now - b.at) * this.perMinute) / 60_000 >= this.perMinute)
        this.buckets.delete(w)
  }
}

/**
 * Relay settings per node. The RPC context belongs to the dispatcher, so a node's limiter is
 * registered against its {@link Store} (one per node) by `startDevnode`.
 */
const limiters = new WeakMap<Store, InviteLimiter>()

/** Sets the pre-creation relay rate of the node using `store` (messages per wallet per minute). */
export function configureRelay(store: Store, options: { inviteRatePerMinute: number }): void {
  const rate = options.inviteRatePerMinute
  if (!Number.isInteger(rate) || rate < 0)
    throw new Error(`relayInviteRatePerMinute must be an integer ≥ 0, got ${String(rate)}`)
  limiters.set(store, new InviteLimiter(rate))
}

function limiterOf(store: Store): InviteLimiter {
  let l = limiters.get(store)
  if (!l) {
    l = new InviteLimiter(DEFAULT_RELAY_INVITE_RATE_PER_MINUTE)
    limiters.set(store, l)
  }
  return l
}

/**
 * The participants a `message` for `sid` goes to: the session's, or before it exists, those
 * of the definition in the params whose id is the sid (pre-creation relay), that id hashed with
 * `hash` (the node's engine: native keccak on the native path; default viem's).
 */
export function relayParticipants(
  store: Store,
  frame: RequestFrame,
  sid: string,
  hash?: (text: string) => `0x${string}`,
): { participants: readonly string[]; preCreation: boolean } {
  const stored = store.participantsOf(sid)
  if (stored) return { participants: stored, preCreation: false }
  const params = frame.params as Record<string, unknown> | null
  let def: GoDefinition | undefined
  try {
    def =
      params && typeof params === 'object' && params.definition
        ? parseDefinition(params.definition)
        : undefined
  } catch {
    def = undefined
  }
  if (!def || appSessionId(def, hash) !== sid)
    throw new RpcError(`Failed to forward message: app session ${sid} not found`)
  return { participants: def.participants, preCreation: true }
}

/**
 * `message` (relay on): forwards the frame's exact bytes to every connection of every
 * participant, the sender's included (its delivery acknowledgement). Returns nothing: no
 * `res` is sent on success. Before the session exists, only the participants of the
 * definition in the frame receive it, the sender must be one of them, and each sender wallet
 * may send {@link configureRelay}'s rate per minute.
 */
export const relayMessage: Handler = async (ctx, conn, frame) => {
  if (!conn.wallet) throw new RpcError('authentication required')
  const sid = frame.sid
  if (!sid) throw new RpcError('Failed to forward message: missing sid')
  const { participants, preCreation } = relayParticipants(
    ctx.store,
    frame,
    sid,
    ctx.broker.engine.hash,
  )
  let signers: string[]
  try {
    signers = await recoverSigners(frame.reqRaw, frame.sigs, ctx.broker.engine)
  } catch {
    throw new RpcError(DENIED)
  }
  const wallets = signers.map((s) => walletOf(ctx.store, s))
  if (!wallets.includes(conn.wallet) || !participants.includes(conn.wallet))
    throw new RpcError(DENIED)
  // A sender may not speak for another participant (Nitrolite Kit frames name their sender).
  const from = (frame.params as { from?: unknown } | null)?.from
  if (from !== undefined && from !== conn.wallet) throw new RpcError(DENIED)
  // Invitations to sessions that do not exist yet reach wallets that never agreed to anything:
  // each sender gets a bucket of them per minute.
  if (preCreation) {
    const limiter = limiterOf(ctx.store)
    if (!limiter.take(conn.wallet))
      throw new RpcError(
        `relay rate limit exceeded: ${conn.wallet} may send at most ${limiter.perMinute} pre-creation messages per minute`,
      )
  }
  // Each recipient gets this one frame: written at once, so the first sockets' bytes are on
  // their way while the others are written (the sender's echo too; nothing else follows it).
  for (const w of new Set(participants))
    for (const c of ctx.connections.of(w)) (c.sendNow ?? c.send)(frame.raw)
}
