// The setups bench/relay.mjs times: the message driver, N core clients in one session on a
// devnode relay (optionally with receivers counting raw frames), the bare `ws` fan-out whose
// sender signs in place, and the interleaved timing of two setups.
import { createClearNodeClient } from '@nitrolite-kit/core'
import { standaloneRelay } from '@nitrolite-kit/core/relay'
import { createWalletClient, custom, keccak256, toBytes } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import WebSocket from 'ws'
import { percentile } from './lib.mjs'

/** Messages sent one at a time (not timed) before the first round, per setup. */
const WARMUP = 30

const wallet = (key) =>
  createWalletClient({
    account: privateKeyToAccount(key),
    transport: custom({
      request: async () => {
        throw new Error('no RPC')
      },
    }),
  })

/**
 * Sends `messages` one at a time (each once every participant has the previous one), then
 * again with up to `depth` in flight; `send(i)` sends message `i`, `arrived(i)` is called by the
 * caller once per participant that received it.
 */
export function driver(n, send) {
  const waiting = new Map()
  const arrived = (i) => {
    const w = waiting.get(i)
    if (w && ++w.count === n) {
      waiting.delete(i)
      w.resolve()
    }
  }
  const one = (i) =>
    new Promise((resolve, reject) => {
      waiting.set(i, { count: 0, resolve })
      // A send that fails (its promise rejects) fails the measurement instead of hanging it.
      send(i)?.catch(reject)
    })
  async function latency(from, messages) {
    const rtts = []
    for (let i = from; i < from + messages; i++) {
      const t = performance.now()
      await one(i)
      rtts.push(performance.now() - t)
    }
    return rtts
  }
  async function throughput(from, messages, depth) {
    let next = from
    const start = performance.now()
    const lane = async () => {
      while (next < from + messages) await one(next++)
    }
    await Promise.all(Array.from({ length: depth }, lane))
    return (messages / (performance.now() - start)) * 1000
  }
  return { arrived, latency, throughput }
}

/** Where `"seq":` is in a kit frame (read without parsing by {@link bareSocket}'s receivers). */
const SEQ = '"seq":'

/**
 * The `ws` class for a receiving client: while `state.bare` is on, the relayed `message` frames
 * it gets are counted by `state.arrived` straight off the socket, as the bare fan-out's
 * receivers count theirs, and never reach the client (everything else still does).
 */
function bareSocket(state) {
  return class extends WebSocket {
    set onmessage(handler) {
      super.onmessage = handler
        ? (event) => {
            const text = String(event.data)
            if (state.bare && text.startsWith('{"req":[') && text.includes('"message"')) {
              const at = text.indexOf(SEQ) + SEQ.length
              state.arrived(Number(text.slice(at, text.indexOf(',', at))))
            } else handler(event)
          }
        : handler
    }
    get onmessage() {
      return super.onmessage
    }
  }
}

/**
 * N core clients on the node at `url` in one session; messages go through the legacy relay on
 * `/ws`, or with `relayUrl` through the durable relay there (`standaloneRelay`). With
 * `bare(true)`, the receiving clients' sockets count the relayed frames themselves
 * ({@link bareSocket}): the node and the sending client as measured, the receivers as the bare
 * fan-out's.
 */
export async function kitSetup(url, n, relayUrl) {
  const state = { bare: false, arrived: () => {} }
  const Receiving = bareSocket(state)
  const clients = []
  for (let i = 0; i < n; i++) {
    const key = generatePrivateKey()
    clients.push(
      createClearNodeClient({
        url,
        application: 'bench',
        walletSigner: wallet(key),
        WebSocket: i === 0 ? WebSocket : Receiving,
        keepAliveMs: 0,
        requestTimeoutMs: 30_000,
        ...(relayUrl
          ? { messageTransport: standaloneRelay({ url: relayUrl, WebSocket, timeoutMs: 30_000 }) }
          : {}),
      }),
    )
  }
  await Promise.all(clients.map((c) => c.connect()))
  const participants = clients.map((c) => c.getAccount().wallet)
  const session = await clients[0].createAppSession({
    definition: {
      application: 'bench',
      protocol: 'NitroRPC/0.4',
      participants,
      weights: participants.map(() => 1),
      quorum: 1,
      challenge: 0,
      nonce: Date.now(),
    },
    allocations: [],
  })
  const payload = 'x'.repeat(64)
  // A send resolves on its acknowledgement (on `/relay`, after the echo the driver waits for):
  // every one is awaited before the clients disconnect, and a failed one fails the bench.
  const sends = new Set()
  const d = driver(n, (i) => {
    const sent = clients[0].sendMessage(session.appSessionId, { seq: i, payload })
    sends.add(sent)
    sent.then(
      () => sends.delete(sent),
      () => {},
    )
    return sent
  })
  state.arrived = d.arrived
  for (const c of clients) c.on('message', (m) => d.arrived(m.payload.seq))
  await d.latency(-1_000_000, WARMUP)
  return {
    ...d,
    bare(on) {
      state.bare = on
    },
    async close() {
      await Promise.all(sends)
      await Promise.all(clients.map((c) => c.disconnect()))
    },
  }
}

/**
 * The bare fan-out: N raw sockets on the `ws` server at `port`. The sender signs each frame as a
 * client must (keccak256 of the `req` bytes, then a secp256k1 signature with viem, as core's
 * session-key signer does) just before sending it, so the signature is timed where it is
 * made; `signMs()` is the median time those signatures took.
 */
export async function wsSetup(port, n) {
  const sockets = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise((resolve, reject) => {
          const s = new WebSocket(`ws://127.0.0.1:${port}`)
          s.once('open', () => resolve(s))
          s.once('error', reject)
        }),
    ),
  )
  const account = privateKeyToAccount(generatePrivateKey())
  const sid = `0x${'ab'.repeat(32)}`
  const payload = 'x'.repeat(64)
  const signTimes = []
  // The same frame shape as a relayed kit message; receivers find the sequence number as the
  // kit's frame-id matching would, without parsing.
  const send = async (i) => {
    const req = JSON.stringify([
      i,
      'message',
      { nk: 1, kind: 'app', from: account.address, data: { seq: i, payload } },
      Date.now(),
    ])
    const t = performance.now()
    const sig = await account.sign({ hash: keccak256(toBytes(req)) })
    signTimes.push(performance.now() - t)
    sockets[0].send(`{"req":${req},"sid":"${sid}","sig":["${sig}"]}`)
  }
  const d = driver(n, send)
  for (const s of sockets)
    s.on('message', (data) => {
      const text = data.toString()
      d.arrived(Number(text.slice(8, text.indexOf(',', 8))))
    })
  await d.latency(-1_000_000, WARMUP)
  signTimes.length = 0
  return {
    ...d,
    signMs: () => percentile(signTimes, 50),
    close: async () => {
      for (const s of sockets) s.close()
    },
  }
}

/**
 * The durable setup `a`'s latency against the legacy setup `b` on the same node, their messages
 * alternating one at a time (`a b b a a b b a …`, so each follows each equally often): load that
 * comes and goes on the machine falls on both alike, which blocks of messages one after the
 * other cannot ensure. Returns `[a's, b's]` round-trip times; ids start at `fromA` and `fromB`.
 */
export async function paired(a, b, fromA, fromB, messages) {
  const rtts = [[], []]
  for (let i = 0; i < messages; i++) {
    const first = i % 4 === 0 || i % 4 === 3 ? 0 : 1
    for (const k of [first, 1 - first])
      rtts[k].push(...(await [a, b][k].latency([fromA, fromB][k] + i, 1)))
  }
  return rtts
}
