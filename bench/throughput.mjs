// Scenario 2: create + close cycles per second with two funders, straight through the SDK
// builders (signatures made before timing), against the devnode in its own process. Baseline:
// the signature recoveries the node must do per cycle (2 on create + 2 on close).
import { join } from 'node:path'
import { createWalletClient, custom, keccak256, toBytes } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import WebSocket from 'ws'
import { computeAppSessionId } from '../packages/core/dist/index.js'
import {
  createAppSessionMessage,
  createAuthRequestMessage,
  createAuthVerifyMessage,
  createCloseAppSessionMessage,
  createECDSAMessageSigner,
  createEIP712AuthMessageSigner,
  parseAnyRPCResponse,
} from '../packages/devnode/node_modules/@erc7824/nitrolite/dist/index.js'
import { root, round, signatureCosts, spawnReady } from './lib.mjs'

function connect(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    const waiters = new Map()
    ws.on('message', (d) => {
      const f = JSON.parse(d.toString())
      const id = f.res?.[0]
      if (id && waiters.has(id)) {
        waiters.get(id)(d.toString())
        waiters.delete(id)
      }
    })
    ws.once('open', () =>
      resolve({
        send(text) {
          const id = JSON.parse(text).req[0]
          return new Promise((r) => {
            waiters.set(id, r)
            ws.send(text)
          })
        },
        close: () => ws.close(),
      }),
    )
    ws.once('error', reject)
  })
}

async function auth(conn, walletKey, sessionKey) {
  const address = privateKeyToAccount(walletKey).address
  const session_key = privateKeyToAccount(sessionKey).address
  const params = {
    address,
    session_key,
    application: 'bench',
    allowances: [{ asset: 'usdc', amount: '1000000' }],
    expires_at: BigInt(Math.floor(Date.now() / 1000) + 3600),
    scope: 'bench',
  }
  const challenge = parseAnyRPCResponse(await conn.send(await createAuthRequestMessage(params)))
  const walletClient = createWalletClient({
    account: privateKeyToAccount(walletKey),
    transport: custom({ request: async () => null }),
  })
  const signer = createEIP712AuthMessageSigner(
    walletClient,
    {
      scope: params.scope,
      session_key,
      expires_at: params.expires_at,
      allowances: params.allowances,
    },
    { name: 'bench' },
  )
  await conn.send(await createAuthVerifyMessage(signer, challenge))
  return address
}

async function cosign(message, keys) {
  const env = JSON.parse(message)
  const hash = keccak256(toBytes(JSON.stringify(env.req)))
  const sig = [...env.sig]
  for (const k of keys) sig.push(await privateKeyToAccount(k).sign({ hash }))
  return JSON.stringify({ ...env, sig })
}

export async function throughputBench(cycles = 150) {
  const costs = await signatureCosts()
  const { child, match } = await spawnReady(
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
  const httpUrl = url.replace('ws://', 'http://').replace(/\/ws$/, '')
  try {
    const [wa, wb, ka, kb] = [
      generatePrivateKey(),
      generatePrivateKey(),
      generatePrivateKey(),
      generatePrivateKey(),
    ]
    const conn = await connect(url)
    const other = await connect(url)
    const A = await auth(conn, wa, ka)
    const B = await auth(other, wb, kb)
    for (const w of [A, B])
      await fetch(`${httpUrl}/faucet`, {
        method: 'POST',
        body: JSON.stringify({ address: w, asset: 'usdc', amount: '100000' }),
      })
    // Build and sign every request before timing.
    const plan = []
    for (let i = 0; i < cycles + 10; i++) {
      const definition = {
        application: 'bench',
        protocol: 'NitroRPC/0.4',
        participants: [A, B],
        weights: [50, 50],
        quorum: 100,
        challenge: 0,
        nonce: Date.now() * 1000 + i,
      }
      const create = await cosign(
        await createAppSessionMessage(
          createECDSAMessageSigner(ka),
          {
            definition,
            allocations: [
              { participant: A, asset: 'usdc', amount: '1' },
              { participant: B, asset: 'usdc', amount: '1' },
            ],
          },
          Date.now() * 100 + i * 2,
        ),
        [kb],
      )
      const close = await cosign(
        await createCloseAppSessionMessage(
          createECDSAMessageSigner(ka),
          {
            app_session_id: computeAppSessionId(definition),
            allocations: [
              { participant: A, asset: 'usdc', amount: '1.5' },
              { participant: B, asset: 'usdc', amount: '0.5' },
            ],
          },
          Date.now() * 100 + i * 2 + 1,
        ),
        [kb],
      )
      plan.push([create, close])
    }
    for (const [c, d] of plan.slice(0, 10)) {
      await conn.send(c)
      await conn.send(d)
    }
    const start = performance.now()
    let failures = 0
    for (const [c, d] of plan.slice(10)) {
      if (!(await conn.send(c)).includes('"create_app_session"')) failures++
      if (!(await conn.send(d)).includes('"close_app_session"')) failures++
    }
    const total = performance.now() - start
    conn.close()
    other.close()
    const cycleMs = total / cycles
    const recoveriesMs = 4 * costs.recoverMs
    return {
      cycles,
      failures,
      cyclesPerSecond: round(1000 / cycleMs, 1),
      cycleMs: round(cycleMs),
      baseline: {
        recoveriesPerCycle: 4,
        recoverMs: round(costs.recoverMs),
        cycleMs: round(recoveriesMs),
      },
      ratio: round(cycleMs / recoveriesMs, 2),
      target: 1.3,
      pass: cycleMs / recoveriesMs <= 1.3,
    }
  } finally {
    child.kill('SIGTERM')
  }
}
