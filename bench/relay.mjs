// Scenario 1: message relay through the devnode (its own process) and the core client, against
// a bare `ws` fan-out server (its own process) plus the signature work the path cannot avoid.

import { join } from 'node:path'
import { createWalletClient, custom } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import WebSocket from 'ws'
import { createClearNodeClient } from '../packages/core/dist/index.js'
import { percentile, root, round, signatureCosts, spawnReady } from './lib.mjs'

const wallet = (key) =>
  createWalletClient({
    account: privateKeyToAccount(key),
    transport: custom({
      request: async () => {
        throw new Error('no RPC')
      },
    }),
  })

async function kitRun(url, n, messages) {
  const clients = []
  for (let i = 0; i < n; i++) {
    const key = generatePrivateKey()
    const c = createClearNodeClient({
      url,
      application: 'bench',
      walletSigner: wallet(key),
      WebSocket,
      keepAliveMs: 0,
      requestTimeoutMs: 30_000,
    })
    clients.push(c)
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
  let expected = 0
  let received = 0
  let done
  for (const c of clients)
    c.on('message', (m) => {
      if (m.payload.seq === expected && ++received === n) done()
    })
  const rtts = []
  const payload = 'x'.repeat(64)
  // warm-up
  for (let i = 0; i < 5; i++) {
    expected = -1 - i
    received = 0
    await new Promise((r) => {
      done = r
      void clients[0].sendMessage(session.appSessionId, { seq: expected, payload })
    })
  }
  const start = performance.now()
  for (let i = 0; i < messages; i++) {
    expected = i
    received = 0
    const t = performance.now()
    await new Promise((r) => {
      done = r
      void clients[0].sendMessage(session.appSessionId, { seq: i, payload })
    })
    rtts.push(performance.now() - t)
  }
  const total = performance.now() - start
  await Promise.all(clients.map((c) => c.disconnect()))
  return {
    p50: percentile(rtts, 50),
    p99: percentile(rtts, 99),
    perSecond: (messages / total) * 1000,
  }
}

async function wsRun(port, n, messages) {
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
  let expected = ''
  let received = 0
  let done
  for (const s of sockets)
    s.on('message', (d) => {
      if (d.toString() === expected && ++received === n) done()
    })
  const rtts = []
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
  const start = performance.now()
  for (let i = 0; i < messages; i++) {
    expected = frame(i)
    received = 0
    const t = performance.now()
    await new Promise((r) => {
      done = r
      sockets[0].send(expected)
    })
    rtts.push(performance.now() - t)
  }
  const total = performance.now() - start
  for (const s of sockets) s.close()
  return {
    p50: percentile(rtts, 50),
    p99: percentile(rtts, 99),
    perSecond: (messages / total) * 1000,
  }
}

export async function relayBench() {
  const costs = await signatureCosts()
  const { child: nodeProc, match } = await spawnReady(
    [
      join(root, 'packages/devnode/dist/cli.js'),
      '--port',
      '0',
      '--db',
      ':memory:',
      '--log-level',
      'silent',
    ],
    /ready: (ws:\/\/\S+)/,
  )
  const url = match[1]
  const { child: wsProc, match: wsMatch } = await spawnReady(
    [join(root, 'bench/ws-fanout-server.mjs')],
    /READY (\d+)/,
  )
  const rows = []
  try {
    for (const [n, messages] of [
      [2, 300],
      [10, 200],
      [50, 60],
    ]) {
      const kit = await kitRun(url, n, messages)
      const ws = await wsRun(Number(wsMatch[1]), n, messages)
      // Unavoidable: sign once (sender), recover once (node) — receivers get the verbatim frame.
      const baseline = ws.p50 + costs.signMs + costs.recoverMs
      rows.push({
        participants: n,
        messages,
        kit: { p50Ms: round(kit.p50), p99Ms: round(kit.p99), perSecond: round(kit.perSecond, 1) },
        baseline: {
          wsP50Ms: round(ws.p50),
          wsP99Ms: round(ws.p99),
          signMs: round(costs.signMs),
          recoverMs: round(costs.recoverMs),
          p50Ms: round(baseline),
        },
        ratio: round(kit.p50 / baseline, 2),
        target: 1.3,
        pass: kit.p50 / baseline <= 1.3,
      })
    }
  } finally {
    nodeProc.kill('SIGTERM')
    wsProc.kill('SIGTERM')
  }
  return { costs: { signMs: round(costs.signMs), recoverMs: round(costs.recoverMs) }, rows }
}
