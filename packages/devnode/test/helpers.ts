import {
  createAuthRequestMessage,
  createAuthVerifyMessage,
  createECDSAMessageSigner,
  createEIP712AuthMessageSigner,
  type MessageSigner,
  parseAnyRPCResponse,
} from '@erc7824/nitrolite'
import { address, KEYS as SHARED } from '@nitrolite-kit/test-utils'
import { createWalletClient, type Hex, http, keccak256, toBytes } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { hardhat } from 'viem/chains'
import WebSocket from 'ws'
import { type Devnode, type DevnodeOptions, startDevnode } from '../src/index.js'

/** The shared dev keys under the short names of the wire tests: A, B, C and their session keys. */
export const KEYS = {
  A: SHARED.alice,
  SK: SHARED.aliceSession,
  B: SHARED.bob,
  C: SHARED.carol,
  SKB: SHARED.bobSession,
  SKC: SHARED.carolSession,
  K3: SHARED.spare,
}

/** The checksummed address of a private key. */
export const addr = address

export interface Frame {
  res?: [number, string, any, number]
  req?: [number, string, any, number]
  sig?: string[]
  sid?: string
  text: string
}

/** A raw test client: a ws socket with request/response correlation and a notification log. */
export class TestClient {
  readonly frames: Frame[] = []
  private waiters: {
    match: (f: Frame) => boolean
    resolve: (f: Frame) => void
    reject: (e: Error) => void
  }[] = []
  closed = false

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = data.toString()
      const parsed = JSON.parse(text)
      const f: Frame = { ...parsed, text }
      this.frames.push(f)
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(f)) return true
        w.resolve(f)
        return false
      })
    })
    ws.on('close', () => {
      this.closed = true
      for (const w of this.waiters) w.reject(new Error('socket closed'))
      this.waiters = []
    })
  }

  static async connect(url: string): Promise<TestClient> {
    const ws = new WebSocket(url)
    const client = new TestClient(ws)
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    await client.waitFor((f) => f.res?.[1] === 'assets')
    return client
  }

  waitFor(match: (f: Frame) => boolean, timeoutMs = 5000, fromIndex = 0): Promise<Frame> {
    const existing = this.frames.slice(fromIndex).find(match)
    if (existing) return Promise.resolve(existing)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for frame')), timeoutMs)
      this.waiters.push({
        match,
        resolve: (f) => {
          clearTimeout(timer)
          resolve(f)
        },
        reject,
      })
    })
  }

  /** Sends raw text; resolves with the response whose id matches `id` (or the first error frame with a time id). */
  async sendRaw(text: string, id?: number): Promise<Frame> {
    // Once the socket is closed no response can arrive: fail now rather than at the timeout.
    if (this.closed) throw new Error('socket closed')
    const from = this.frames.length
    this.ws.send(text)
    if (id === undefined) return this.waitFor((f) => f.res?.[1] === 'error', 5000, from)
    return this.waitFor((f) => f.res?.[0] === id, 5000, from)
  }

  /** Sends an SDK-built message string and waits for its response. */
  async send(message: string): Promise<Frame> {
    const id = JSON.parse(message).req[0] as number
    return this.sendRaw(message, id)
  }

  /**
   * Resolves once this socket has received everything the node wrote to it before now: a
   * `ping` answered with `pong` on the same socket comes after every earlier frame. Use it
   * (after the other side's frames arrived) instead of a sleep before asserting that nothing
   * arrived.
   */
  async barrier(): Promise<void> {
    const id = 900_000_000 + this.frames.length
    const pong = await this.sendRaw(`{"req":[${id},"ping",{},${Date.now()}]}`, id)
    if (pong.res?.[1] !== 'pong') throw new Error(`barrier: expected pong, got ${pong.text}`)
  }

  /** Resolves once the socket has closed (at once if it already has); rejects after `timeoutMs`. */
  whenClosed(timeoutMs = 5000): Promise<void> {
    if (this.closed) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('socket still open')), timeoutMs)
      this.ws.once('close', () => {
        clearTimeout(timer)
        resolve()
      })
    })
  }

  /** Frames received after `index` (notifications included). */
  since(index: number): Frame[] {
    return this.frames.slice(index)
  }

  close() {
    this.ws.close()
  }
}

/** Error text of a response frame (or throws if it was not an error). */
export function errorOf(f: Frame): string {
  if (f.res?.[1] !== 'error') throw new Error(`expected error, got ${f.text}`)
  return f.res[2].error as string
}

export function walletClient(key: Hex) {
  return createWalletClient({
    account: privateKeyToAccount(key),
    chain: hardhat,
    transport: http('http://127.0.0.1:1'),
  })
}

/** The full SDK auth flow: auth_request → auth_challenge → EIP-712 auth_verify. */
export async function authenticate(
  client: TestClient,
  walletKey: Hex,
  sessionKey: Hex,
  opts: {
    application?: string
    allowances?: { asset: string; amount: string }[]
    scope?: string
    expiresAt?: bigint
  } = {},
): Promise<Frame> {
  const application = opts.application ?? 'chess'
  const allowances = opts.allowances ?? [{ asset: 'usdc', amount: '100' }]
  const scope = opts.scope ?? 'app.create'
  const expires_at = opts.expiresAt ?? BigInt(Math.floor(Date.now() / 1000) + 3600)
  const address = addr(walletKey)
  const session_key = addr(sessionKey)
  const challenge = await client.send(
    await createAuthRequestMessage({
      address,
      session_key,
      application,
      allowances,
      expires_at,
      scope,
    }),
  )
  if (challenge.res?.[1] !== 'auth_challenge') return challenge
  const parsed = parseAnyRPCResponse(challenge.text) as any
  const signer = createEIP712AuthMessageSigner(
    walletClient(walletKey),
    { scope, session_key, expires_at, allowances },
    { name: application },
  )
  return client.send(await createAuthVerifyMessage(signer, parsed))
}

export function ecdsa(key: Hex): MessageSigner {
  return createECDSAMessageSigner(key)
}

/** Adds signatures by `keys` over the exact `req` bytes of an SDK-built message. */
export async function cosign(message: string, keys: Hex[]): Promise<string> {
  const env = JSON.parse(message) as { req: unknown; sig?: string[] }
  const reqJson = JSON.stringify(env.req)
  const hash = keccak256(toBytes(reqJson))
  const sigs = [...(env.sig ?? [])]
  for (const k of keys) sigs.push(await privateKeyToAccount(k).sign({ hash }))
  return JSON.stringify({ ...env, sig: sigs })
}

/** Replaces every signature of an SDK-built message with signatures by `keys`. */
export async function signWith(message: string, keys: Hex[]): Promise<string> {
  const env = JSON.parse(message)
  return cosign(JSON.stringify({ ...env, sig: [] }), keys)
}

export async function withNode(options: DevnodeOptions = {}): Promise<Devnode> {
  return startDevnode({ port: 0, ...options })
}

export const nextNonce = (() => {
  let n = Date.now()
  return () => ++n
})()
