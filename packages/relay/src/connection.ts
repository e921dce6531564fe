// One client socket: challenge → auth → resume → live, then sends. Frames are handled strictly in
// order; every refusal is an `error` answer and leaves nothing stored.
import type { Address, Hex } from 'viem'
import type WebSocket from 'ws'
import { type Identity, issueChallenge, verifyAuth } from './auth.js'
import { RelayError } from './errors.js'
import {
  deliveryText,
  errorId,
  errorResponse,
  parseRequest,
  type Request,
  response,
  storedFrame,
} from './frames.js'
import { parseDefinition } from './go-json.js'
import type { RelayLog } from './log.js'
import type { RelayLogger } from './logger.js'
import type { MemberCache } from './members.js'
import type { Membership } from './membership.js'
import type { RateLimiter } from './rate-limit.js'
import type { HashText, RecoverAddress } from './signatures.js'

/** What a connection shares with the server. */
export interface Hub {
  log: RelayLog
  membership: Membership
  limiter: RateLimiter
  logger: RelayLogger
  maxFrameBytes: number
  /** Recovers message and challenge signatures (see `RelayEndpointOptions.recoverAddress`). */
  recoverAddress: RecoverAddress
  /** Hashes what signatures cover (see `RelayEndpointOptions.hashText`). */
  hashText: HashText
  /** Starts (or stops) live delivery to `conn`. */
  setLive(conn: Connection, live: boolean): void
  /** The checksummed wallets of `wallet`'s peers that are online (sharing a logged session). */
  onlinePeers(wallet: string): string[]
  /** Each live member of a newly logged session learns which of the others are online. */
  introduce(keys: readonly string[]): void
  /** Each session's members, checksummed once. */
  members: MemberCache
  /**
   * Sends `text` to every live connection of each wallet in `keys` (distinct, lower-case): to
   * `sender` batched with what follows it this tick (its ack), to every other one at once.
   */
  deliver(keys: readonly string[], text: string, sender?: Connection): void
}

const SID = /^0x[0-9a-f]{64}$/

/** The relay side of one client socket. */
export class Connection {
  /** Who this socket speaks for, once authenticated. */
  identity: Identity | undefined
  private challenge: string | undefined
  private queue: Promise<void> = Promise.resolve()
  private readonly authTimer: NodeJS.Timeout
  /** The socket under `ws` (`ws` has no cork of its own), when there is one. */
  private readonly raw: { cork(): void; uncork(): void } | undefined
  private corked = false
  private readonly uncork = () => {
    this.corked = false
    this.raw?.uncork()
  }

  /** Greets `ws` with a challenge; closes it when it has not authenticated in `authTimeoutMs`. */
  constructor(
    private readonly ws: WebSocket,
    private readonly hub: Hub,
    authTimeoutMs: number,
  ) {
    this.raw = (ws as unknown as { _socket?: { cork(): void; uncork(): void } })._socket
    this.challenge = issueChallenge()
    this.send(response(0, 'challenge', { challenge: this.challenge }))
    this.authTimer = setTimeout(() => {
      if (!this.identity) ws.close(4001, 'authentication timeout')
    }, authTimeoutMs)
    this.authTimer.unref()
  }

  /** Queues one incoming text frame. */
  receive(text: string): void {
    this.queue = this.queue.then(async () => {
      let id: number | undefined
      try {
        if (Buffer.byteLength(text) > this.hub.maxFrameBytes)
          throw new RelayError(`frame too large: at most ${this.hub.maxFrameBytes} bytes`)
        const r = parseRequest(text)
        id = r.id
        await this.handle(r)
      } catch (error) {
        if (!(error instanceof RelayError)) this.hub.logger.error('relay handler failed', error)
        const message = error instanceof RelayError ? error.message : 'internal error'
        this.send(errorResponse(id ?? errorId(error), message))
      }
    })
  }

  /**
   * Sends `text` if the socket is still open. Writes are held (corked) until the current tick's
   * work is done, so the frames one message produces for this socket (a delivery and the ack, or
   * a resume's backlog) leave in one system call; each is still its own WebSocket message, in
   * order.
   */
  send(text: string): void {
    if (this.ws.readyState !== this.ws.OPEN) return
    const raw = this.raw
    if (raw && !this.corked) {
      this.corked = true
      raw.cork()
      process.nextTick(this.uncork)
    }
    this.ws.send(text)
  }

  /**
   * Sends `text` at once (inside this tick's batch when one is open, so order holds): for a
   * delivery that is the only frame this socket gets from someone else's message, so the first
   * recipients' bytes leave while the others are written.
   */
  sendNow(text: string): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(text)
  }

  /** Forgets timers (the socket closed). */
  dispose(): void {
    clearTimeout(this.authTimer)
    this.hub.setLive(this, false)
  }

  private async handle(r: Request): Promise<void> {
    switch (r.method) {
      case 'ping':
        return this.send(response(r.id, 'pong', {}))
      case 'challenge':
        this.challenge = issueChallenge()
        return this.send(response(r.id, 'challenge', { challenge: this.challenge }))
      case 'auth':
        return this.auth(r)
      case 'resume':
        return this.resume(r)
      case 'message':
        return this.message(r)
      default:
        throw new RelayError(`unknown method: ${r.method}`)
    }
  }

  private async auth(r: Request): Promise<void> {
    if (this.identity) throw new RelayError('already authenticated')
    const p = (r.params ?? {}) as {
      certificate?: unknown
      challenge?: unknown
      signature?: unknown
    }
    const issued = this.challenge
    // One attempt per challenge, whatever its outcome.
    this.challenge = undefined
    if (typeof p.challenge !== 'string' || !issued || p.challenge !== issued)
      throw new RelayError(
        'invalid challenge: not the unused challenge issued on this socket (request one with `challenge`)',
      )
    const identity = await verifyAuth({
      certificate: p.certificate,
      challenge: issued,
      signature: p.signature,
      recoverAddress: this.hub.recoverAddress,
      hashText: this.hub.hashText,
    })
    this.identity = identity
    clearTimeout(this.authTimer)
    this.send(
      response(r.id, 'auth', {
        wallet: identity.wallet,
        session_key: identity.sessionKey,
        expires_at: identity.expiresAt,
      }),
    )
  }

  /** The authenticated identity, refusing (and forgetting) one whose certificate expired. */
  private who(): Identity {
    const identity = this.identity
    if (!identity) throw new RelayError('authentication required')
    if (identity.expiresAt * 1000 <= Date.now()) {
      this.identity = undefined
      this.hub.setLive(this, false)
      throw new RelayError('certificate expired: authenticate again')
    }
    return identity
  }

  /**
   * `resume {sessions: {sid: lastSeq}}`: sends, in order, every retained frame after `lastSeq`
   * of each listed session this wallet belongs to, and of every other session it belongs to
   * from the start; then goes live (announcing the wallet to its online peers). The answer lists
   * those peers under `online`. Synchronous from the log read on, so nothing is missed
   * or delivered out of order.
   */
  private resume(r: Request): void {
    const { wallet } = this.who()
    const p = r.params as { sessions?: unknown } | null
    const listed = p && typeof p === 'object' ? (p.sessions ?? {}) : undefined
    if (!listed || typeof listed !== 'object' || Array.isArray(listed))
      throw new RelayError('invalid resume parameters: expected {"sessions":{"0x…sid":lastSeq}}')
    const cursors = new Map<string, number>()
    for (const [sid, seq] of Object.entries(listed)) {
      if (!SID.test(sid)) throw new RelayError(`invalid resume parameters: bad sid ${sid}`)
      if (!Number.isSafeInteger(seq) || (seq as number) < 0)
        throw new RelayError(`invalid resume parameters: lastSeq of ${sid} must be an integer ≥ 0`)
      cursors.set(sid, seq as number)
    }
    const sessions: Record<string, { last: number; first: number | null }> = {}
    const sids = new Set([...cursors.keys(), ...this.hub.log.sessionsOf(wallet)])
    for (const sid of sids) {
      if (!this.hub.log.isMember(wallet, sid)) continue
      const frames = this.hub.log.after(sid, cursors.get(sid) ?? 0)
      for (const f of frames) this.send(deliveryText(f.seq, f.frame))
      sessions[sid] = { last: this.hub.log.lastSeq(sid), first: frames[0]?.seq ?? null }
    }
    this.hub.setLive(this, true)
    this.send(response(r.id, 'resume', { sessions, online: this.hub.onlinePeers(wallet) }))
  }

  /** `message`: checks sender and membership, numbers and stores the frame, delivers it. */
  private async message(r: Request): Promise<void> {
    const { wallet, sessionKey } = this.who()
    const sid = r.sid
    if (sid === undefined) throw new RelayError('missing sid')
    if (!SID.test(sid)) throw new RelayError('invalid sid: expected 0x and 64 lowercase hex digits')
    const params = r.params as Record<string, unknown> | null
    if (!params || typeof params !== 'object' || Array.isArray(params))
      throw new RelayError('invalid message params: expected an object')
    const first = r.sig[0]
    if (!first) throw new RelayError('missing signature: sign the request with the session key')
    let signer: Address
    try {
      signer = await this.hub.recoverAddress(this.hub.hashText(r.reqRaw), first as Hex)
    } catch {
      throw new RelayError('invalid signature')
    }
    if (signer !== sessionKey && signer !== wallet)
      throw new RelayError(`message not signed by ${wallet} or its session key ${sessionKey}`)
    if (params.from !== undefined && params.from !== wallet)
      throw new RelayError(`from ${String(params.from)} is not the authenticated wallet ${wallet}`)
    let definition: ReturnType<typeof parseDefinition>
    if (params.definition !== undefined) {
      definition = parseDefinition(params.definition)
      if (!definition) throw new RelayError('invalid definition')
    }
    const { participants, preCreation } = await this.hub.membership.resolve(
      sid,
      definition,
      this.hub.log.participants(sid),
    )
    const members = this.hub.members.of(sid, participants)
    if (!members.set.has(wallet))
      throw new RelayError(`sender ${wallet} is not a participant of app session ${sid}`)
    if (preCreation && !this.hub.limiter.take(wallet))
      throw new RelayError(
        `rate limit exceeded: ${wallet} may send at most ${this.hub.limiter.perMinute} messages per minute to sessions not yet on the ClearNode`,
      )
    // A socket that closed while this frame waited (for the ClearNode's membership answer) gets
    // nothing stored: its client sends the frame again after it resumes, and that must not make
    // a second copy.
    if (this.ws.readyState !== this.ws.OPEN) return
    const stored = storedFrame(wallet, r, sid)
    const seq = this.hub.log.append(sid, members.addresses, stored)
    this.hub.deliver(members.keys, deliveryText(seq, stored), this)
    this.send(response(r.id, 'message', { sid, seq }))
    if (seq === 1) this.hub.introduce(members.keys)
  }
}
