// Scenario 1: message relay through the devnode (its own process, one on each signature path)
// and the core client, against a bare `ws` fan-out server (its own process) plus the signature
// work the path cannot avoid. Latency is measured one message at a time (p50, p99); throughput
// with PIPELINE messages in flight from the sender, so idle time between messages is not counted.
// The three setups and the signature costs are measured in alternating rounds, so load from
// elsewhere on the (shared) machine falls on all of them alike.
import { join } from 'node:path'
import { createClearNodeClient } from '@nitrolite-kit/core'
import { createWalletClient, custom } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import WebSocket from 'ws'
import {
  PATHS,
  percentile,
  root,
  round,
  signatureCosts,
  signatureSamples,
  spawnReady,
  startNode,
} from './lib.mjs'

/** Messages in flight during the throughput part. */
const PIPELINE = 8
/** Participants, and messages timed one at a time (as many again pipelined) per setup. */
const SIZES = [
  [2, 500],
  [10, 300],
  [50, 100],
]

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
function driver(n, send) {
  const waiting = new Map()
  const arrived = (i) => {
    const w = waiting.get(i)
    if (w && ++w.count === n) {
      waiting.delete(i)
      w.resolve()
    }
  }
  const one = (i) =>
    new Promise((resolve) => {
      waiting.set(i, { count: 0, resolve })
      send(i)
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

async function kitSetup(url, n) {
  const clients = []
  for (let i = 0; i < n; i++) {
    const key = generatePrivateKey()
    clients.push(
      createClearNodeClient({
        url,
        application: 'bench',
        walletSigner: wallet(key),
        WebSocket,
        keepAliveMs: 0,
        requestTimeoutMs: 30_000,
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
  const d = driver(n, (i) => void clients[0].sendMessage(session.appSessionId, { seq: i, payload }))
  for (const c of clients) c.on('message', (m) => d.arrived(m.payload.seq))
  await d.latency(-1000, 10) // warm-up
  return { ...d, close: () => Promise.all(clients.map((c) => c.disconnect())) }
}

async function wsSetup(port, n) {
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
  // The same frame shape as a relayed message; receivers find the sequence number as the
  // kit's frame-id matching would, without parsing.
  const frame = (i) =>
    JSON.stringify({
      req: [
        i,
        'message',
        { nk: 1, kind: 'app', data: { seq: i, payload: 'x'.repeat(64) } },
        Date.now(),
      ],
      sid: `0x${'ab'.repeat(32)}`,
      sig: [`0x${'cd'.repeat(65)}`],
    })
  const d = driver(n, (i) => sockets[0].send(frame(i)))
  for (const s of sockets)
    s.on('message', (data) => {
      const text = data.toString()
      d.arrived(Number(text.slice(8, text.indexOf(',', 8))))
    })
  await d.latency(-1000, 10)
  return {
    ...d,
    close: async () => {
      for (const s of sockets) s.close()
    },
  }
}

/** Rounds the messages of each size are split into, alternating the setups. */
const ROUNDS = 5

export async function relayBench() {
  const samples = await signatureSamples(50)
  const nodes = {}
  for (const p of PATHS) nodes[p] = await startNode(p)
  const { child: wsProc, match: wsMatch } = await spawnReady(
    [join(root, 'bench/ws-fanout-server.mjs')],
    /READY (\d+)/,
  )
  const rows = []
  try {
    for (const [n, messages] of SIZES) {
      const setups = { ws: await wsSetup(Number(wsMatch[1]), n) }
      for (const p of PATHS) setups[p] = await kitSetup(nodes[p].url, n)
      const rtts = { ws: [], native: [], noble: [] }
      const perSecond = { ws: [], native: [], noble: [] }
      const chunk = Math.ceil(messages / ROUNDS)
      for (let r = 0; r < ROUNDS; r++) {
        for (const [name, setup] of Object.entries(setups)) {
          const from = r * 2 * chunk
          rtts[name].push(...(await setup.latency(from, chunk)))
          perSecond[name].push(await setup.throughput(from + chunk, chunk, PIPELINE))
        }
        await signatureSamples(40, samples)
      }
      for (const setup of Object.values(setups)) await setup.close()
      const costs = signatureCosts(samples)
      const stat = (name) => ({
        p50Ms: round(percentile(rtts[name], 50)),
        p99Ms: round(percentile(rtts[name], 99)),
        perSecond: round(percentile(perSecond[name], 50), 1),
      })
      const ws = stat('ws')
      const row = { participants: n, messages: chunk * ROUNDS, pipeline: PIPELINE, ws }
      for (const p of PATHS) {
        // Unavoidable: sign once (sender), recover once (node) — receivers get the verbatim frame.
        const baseline = percentile(rtts.ws, 50) + costs.signMs + costs.recoverMs[p]
        const kit = stat(p)
        row[p] = {
          ...kit,
          baselineMs: round(baseline),
          ratio: round(percentile(rtts[p], 50) / baseline, 2),
        }
      }
      row.costs = costs
      row.target = 1.3
      row.pass = row.native.ratio <= 1.3
      rows.push(row)
    }
  } finally {
    for (const p of PATHS) nodes[p].stop()
    wsProc.kill('SIGTERM')
  }
  return { costs: signatureCosts(samples), rows }
}
