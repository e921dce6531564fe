// Issue 11 ("Crash in Node"): nothing outlives a failed send or `disconnect()`. Every request,
// connection attempt and signature collection in flight settles with a typed error, and its
// timer is cleared, so a Node process can exit right after `disconnect()` (the process-level
// check is `example.test.ts`).
import type { Devnode } from '@nitrolite-kit/devnode'
import { address, KEYS, peersDefinition } from '@nitrolite-kit/test-utils'
import { startTestDevnode as node } from '@nitrolite-kit/test-utils/devnode'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createSignatureCollector } from '../src/app-sessions/collector.js'
import { createRequestBook } from '../src/app-sessions/request-book.js'
import { createRequests } from '../src/connection/requests.js'
import {
  type ClearNodeClient,
  ClientDisconnectedError,
  ConnectionLostError,
  type PreparedRequest,
  TimeoutError,
} from '../src/index.js'
import { client } from './helpers.js'

const ALICE = address(KEYS.alice)
const BOB = address(KEYS.bob)
/** Far below the request timeout (3 s in the helpers): "promptly". */
const PROMPT_MS = 1000

/** A relayed `message` frame (what `sendMessage` and co-signing traffic write). */
const isMessage = (data: unknown) =>
  typeof data === 'string' && /^\{"req":\[\d+,"message"/.test(data)

/** A `ws` socket whose write of a `message` frame throws, as a broken socket's would. */
class ThrowingWebSocket extends WebSocket {
  override send(data: unknown, ...rest: unknown[]): void {
    if (isMessage(data)) throw new Error('write failed')
    ;(super.send as (...a: unknown[]) => void)(data, ...rest)
  }
}

/** A `ws` socket that drops the connection right after writing a `message` frame. */
class DroppingWebSocket extends WebSocket {
  override send(data: unknown, ...rest: unknown[]): void {
    if (isMessage(data)) {
      this.terminate()
      return
    }
    ;(super.send as (...a: unknown[]) => void)(data, ...rest)
  }
}

let dn: Devnode
const clients: ClearNodeClient[] = []
const make = (...args: Parameters<typeof client>) => {
  const c = client(...args)
  clients.push(c)
  return c
}

beforeEach(async () => {
  dn = await node()
  await dn.fund(ALICE, 'usdc', '100')
  await dn.fund(BOB, 'usdc', '100')
})

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.disconnect()))
  await dn.close()
})

const timed = async <T>(p: Promise<T>) => {
  const start = Date.now()
  const value = await p
  return { value, ms: Date.now() - start }
}

describe('requests', () => {
  it('behavior: a send that throws rejects with its error and leaves nothing pending', async () => {
    const requests = createRequests({
      send: () => {
        throw new ConnectionLostError()
      },
      timeoutMs: 60_000,
    })
    await expect(requests.track(requests.nextId(), '{}', 'message')).rejects.toBeInstanceOf(
      ConnectionLostError,
    )
    await expect(requests.call(requests.nextId(), '{}', 'ping')).rejects.toBeInstanceOf(
      ConnectionLostError,
    )
    expect(requests.pendingCount()).toBe(0)
  })

  it('behavior: failAll rejects every request with the given error and clears them', async () => {
    const requests = createRequests({ send: () => {}, timeoutMs: 60_000 })
    const a = requests.track(requests.nextId(), '{}', 'message').catch((e) => e)
    const b = requests.call(requests.nextId(), '{}', 'ping').catch((e) => e)
    expect(requests.pendingCount()).toBe(2)
    requests.failAll((method) => new ClientDisconnectedError({ method }))
    expect(requests.pendingCount()).toBe(0)
    expect(await a).toBeInstanceOf(ClientDisconnectedError)
    expect((await b).method).toBe('ping')
  })
})

describe('signature collection', () => {
  const prepared = {
    payload: '[1,"create_app_session",{},1]',
    params: {},
    requiredSigners: [{ wallet: ALICE, weight: 100 }],
    quorum: 100,
    signatures: [],
  } as unknown as PreparedRequest

  it('behavior: cancelAll rejects every collection (the same request twice too) and clears them', async () => {
    const collector = createSignatureCollector({
      transport: () => ({ send: async () => {}, subscribe: () => () => {} }),
      book: createRequestBook({ onChange: () => {} }),
      me: () => ALICE,
      restamp: async (p) => p,
      sign: async () => '0x',
      complete: async () => {},
    })
    const a = collector.collect(prepared).catch((e) => e)
    const b = collector.collect(prepared).catch((e) => e)
    expect(collector.pendingCount()).toBe(2)
    collector.cancelAll(new ClientDisconnectedError())
    expect(collector.pendingCount()).toBe(0)
    expect(await a).toBeInstanceOf(ClientDisconnectedError)
    expect(await b).toBeInstanceOf(ClientDisconnectedError)
  })

  it('behavior: an already aborted signal fails at once', async () => {
    const collector = createSignatureCollector({
      transport: () => ({ send: async () => {}, subscribe: () => () => {} }),
      book: createRequestBook({ onChange: () => {} }),
      me: () => ALICE,
      restamp: async (p) => p,
      sign: async () => '0x',
      complete: async () => {},
    })
    const error = await collector.collect(prepared, { signal: AbortSignal.abort() }).catch((e) => e)
    expect(error.reason).toBe('aborted')
    expect(collector.pendingCount()).toBe(0)
  })
})

describe('a send that fails', () => {
  it('behavior: a socket write that throws rejects sendMessage promptly with that error, not a timeout', async () => {
    const alice = make(dn.url, KEYS.alice, { WebSocket: ThrowingWebSocket })
    await alice.connect()
    const { value: error, ms } = await timed(
      alice.sendMessage(`0x${'11'.repeat(32)}`, { move: 'e4' }).catch((e) => e),
    )
    expect(error).toBeInstanceOf(Error)
    expect(error.message).toBe('write failed')
    expect(ms).toBeLessThan(PROMPT_MS)
  })

  it('behavior: a connection that drops rejects sendMessage promptly with ConnectionLostError', async () => {
    const alice = make(dn.url, KEYS.alice, { WebSocket: DroppingWebSocket })
    await alice.connect()
    const { value: error, ms } = await timed(
      alice.sendMessage(`0x${'11'.repeat(32)}`, { move: 'e4' }).catch((e) => e),
    )
    expect(error).toBeInstanceOf(ConnectionLostError)
    expect(error).not.toBeInstanceOf(TimeoutError)
    expect(ms).toBeLessThan(PROMPT_MS)
  })
})

describe('disconnect() while an operation waits', () => {
  it('behavior: a pending createAppSession (co-signer silent) rejects with ClientDisconnectedError', async () => {
    const [alice, bob] = [make(dn.url, KEYS.alice), make(dn.url, KEYS.bob)]
    await Promise.all([alice.connect(), bob.connect()])
    const asked = new Promise<void>((resolve) => bob.on('signatureRequest', () => resolve()))
    const creating = alice
      .createAppSession({
        definition: peersDefinition([ALICE, BOB]),
        allocations: [
          { participant: ALICE, asset: 'usdc', amount: '10' },
          { participant: BOB, asset: 'usdc', amount: '10' },
        ],
      })
      .catch((e) => e)
    await asked // bob never answers
    const { value: error, ms } = await timed(alice.disconnect().then(() => creating))
    expect(error).toBeInstanceOf(ClientDisconnectedError)
    expect(ms).toBeLessThan(PROMPT_MS)
  })

  it('behavior: a pending collectSignatures rejects with ClientDisconnectedError', async () => {
    const [alice, bob] = [make(dn.url, KEYS.alice), make(dn.url, KEYS.bob)]
    await Promise.all([alice.connect(), bob.connect()])
    const prepared = await alice.sign(
      await alice.prepareCreateAppSession({
        definition: peersDefinition([ALICE, BOB]),
        allocations: [
          { participant: ALICE, asset: 'usdc', amount: '10' },
          { participant: BOB, asset: 'usdc', amount: '10' },
        ],
      }),
    )
    const asked = new Promise<void>((resolve) => bob.on('signatureRequest', () => resolve()))
    const collecting = alice.collectSignatures(prepared).catch((e) => e)
    await asked
    await alice.disconnect()
    expect(await collecting).toBeInstanceOf(ClientDisconnectedError)
  })

  it('behavior: a pending read rejects with ClientDisconnectedError naming the method', async () => {
    const alice = make(dn.url, KEYS.alice)
    await alice.connect()
    const reading = alice.getAppSessions().catch((e) => e)
    await alice.disconnect()
    const error = await reading
    expect(error).toBeInstanceOf(ClientDisconnectedError)
    expect(error.method).toBe('get_app_sessions')
  })
})

describe('disconnect() while reconnecting', () => {
  it('behavior: no retry and no keep-alive ping happen after disconnect()', async () => {
    let opened = 0
    class CountingWebSocket extends WebSocket {
      constructor(url: string) {
        super(url)
        opened++
      }
    }
    const alice = make(dn.url, KEYS.alice, { WebSocket: CountingWebSocket, keepAliveMs: 50 })
    await alice.connect()
    const reconnecting = new Promise<void>((resolve) =>
      alice.on('status', (s) => s === 'reconnecting' && resolve()),
    )
    await dn.close() // the socket drops; retries start (20–100 ms apart)
    await reconnecting
    await alice.disconnect()
    const after = opened
    await new Promise((r) => setTimeout(r, 400))
    expect(opened).toBe(after)
    expect(alice.getStatus()).toBe('disconnected')
    dn = await node() // for afterEach
  })
})

describe('disconnect() during connect()', () => {
  it('behavior: while the socket opens, connect() rejects with ClientDisconnectedError and nothing throws', async () => {
    const alice = make(dn.url, KEYS.alice)
    const connecting = alice.connect().catch((e) => e)
    await alice.disconnect()
    const error = await connecting
    expect(error).toBeInstanceOf(ClientDisconnectedError)
    expect(error).toBeInstanceOf(ConnectionLostError)
    expect(alice.getStatus()).toBe('disconnected')
    // `ws` reports the aborted handshake on the next tick: it must find a listener.
    await new Promise((r) => setTimeout(r, 50))
  })

  it('behavior: while authenticating, connect() rejects with ClientDisconnectedError; the status stays disconnected', async () => {
    const alice = make(dn.url, KEYS.alice, { keepAliveMs: 1000 })
    const authenticating = new Promise<void>((resolve) =>
      alice.on('status', (s) => s === 'authenticating' && resolve()),
    )
    const connecting = alice.connect().catch((e) => e)
    await authenticating
    await alice.disconnect()
    expect(await connecting).toBeInstanceOf(ClientDisconnectedError)
    expect(alice.getStatus()).toBe('disconnected')
    expect(alice.getError()).toBeUndefined()
  })
})
