// Raw relay clients for the relay's own tests: real sockets, real signatures.
import { createApplicationMessage, EIP712AuthTypes } from '@erc7824/nitrolite'
import { type Hex, keccak256, toBytes } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import WebSocket from 'ws'
import type { KeyCertificate } from '../src/index.js'

/** A wallet-signed certificate for `sessionKey`, valid for `ttlSeconds` (negative: expired). */
export async function certificate(
  walletKey: Hex,
  sessionKey: Hex,
  ttlSeconds = 3600,
): Promise<KeyCertificate> {
  const wallet = privateKeyToAccount(walletKey)
  const key = privateKeyToAccount(sessionKey)
  const base = {
    wallet: wallet.address,
    sessionKey: key.address,
    application: 'chess',
    scope: 'app.create',
    challenge: '550e8400-e29b-41d4-a716-446655440000',
    expiresAt: Math.floor(Date.now() / 1000) + ttlSeconds,
    allowances: [{ asset: 'usdc', amount: '100' }],
  }
  const signature = await wallet.signTypedData({
    domain: { name: base.application },
    types: EIP712AuthTypes,
    primaryType: 'Policy',
    message: {
      challenge: base.challenge,
      scope: base.scope,
      wallet: base.wallet,
      session_key: base.sessionKey,
      expires_at: BigInt(base.expiresAt),
      allowances: base.allowances,
    },
  })
  return { ...base, signature }
}

/** Signs `text` the way session keys sign: keccak256 of its bytes, no prefix. */
export const signText = (key: Hex, text: string) =>
  privateKeyToAccount(key).sign({ hash: keccak256(toBytes(text)) })

/** A received frame (untyped JSON). */
type Frame = any

let ids = 1

/** One raw socket to the relay, recording every frame it receives. */
export class RawClient {
  readonly frames: Frame[] = []
  private waiters: { match(f: Frame): boolean; resolve(f: Frame): void }[] = []
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const f = JSON.parse(String(data))
      this.frames.push(f)
      for (const w of [...this.waiters])
        if (w.match(f)) {
          this.waiters.splice(this.waiters.indexOf(w), 1)
          w.resolve(f)
        }
    })
  }

  /** Opens a socket and waits for the relay's greeting challenge. */
  static async open(url: string): Promise<RawClient> {
    const ws = new WebSocket(url)
    const c = new RawClient(ws)
    const greeting = c.next((f) => f.res?.[0] === 0 && f.res?.[1] === 'challenge')
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    await greeting
    return c
  }

  /** The latest challenge the relay issued on this socket. */
  get challenge(): string {
    const last = [...this.frames].reverse().find((f) => f.res?.[1] === 'challenge')
    return last.res[2].challenge
  }

  /** The first frame (already received or future) matching `match`. */
  next(match: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    const seen = this.frames.find(match)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching frame')), timeoutMs)
      this.waiters.push({
        match,
        resolve: (f) => {
          clearTimeout(timer)
          resolve(f)
        },
      })
    })
  }

  /** Sends raw text and returns the answer to request `id`. */
  async raw(text: string, id: number): Promise<Frame> {
    const answer = this.next((f) => f.res?.[0] === id)
    this.ws.send(text)
    return answer
  }

  /** Sends `{"req":[id,method,params,ts]}` and returns its answer. */
  request(method: string, params: unknown): Promise<Frame> {
    const id = ids++
    return this.raw(JSON.stringify({ req: [id, method, params, Date.now()] }), id)
  }

  /** Authenticates with `cert`, signing the current challenge with `sessionKey`. */
  async auth(cert: KeyCertificate, sessionKey: Hex): Promise<Frame> {
    const challenge = this.challenge
    return this.request('auth', {
      certificate: cert,
      challenge,
      signature: await signText(sessionKey, challenge),
    })
  }

  /** Sends a kit `message` for `sid` signed by `sessionKey`; returns the answer. */
  async send(sid: Hex, sessionKey: Hex, params: Record<string, unknown>): Promise<Frame> {
    const id = ids++
    const text = await createApplicationMessage(
      (payload) => signText(sessionKey, JSON.stringify(payload)),
      sid,
      params,
      id,
      Date.now(),
    )
    return this.raw(text, id)
  }

  /** Round trip on this socket: every frame the relay sent before the pong has arrived. */
  async barrier(): Promise<void> {
    const answer = await this.request('ping', {})
    if (answer.res[1] !== 'pong') throw new Error('no pong')
  }

  /** Deliveries received so far (frames with a `seq`). */
  deliveries(sid?: string): Frame[] {
    return this.frames.filter((f) => typeof f.seq === 'number' && (!sid || f.sid === sid))
  }

  /** Closes the socket and waits until it is closed. */
  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve()
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve())
      this.ws.close()
    })
  }
}
