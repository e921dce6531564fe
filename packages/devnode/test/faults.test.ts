// Faults: SIGKILL the devnode process in the middle of a burst of creates, transfers and
// closes, restart it on the same database, and check that every acknowledged change is there,
// nothing is half-applied, and the balances still sum to what the faucet minted.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  createAppSessionMessage,
  createCloseAppSessionMessage,
  createTransferMessage,
  RPCProtocolVersion,
} from '@erc7824/nitrolite'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import {
  addr,
  authenticate,
  cosign,
  ecdsa,
  type Frame,
  KEYS,
  nextNonce,
  TestClient,
  withNode,
} from './helpers.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const A = addr(KEYS.A)
const B = addr(KEYS.B)
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function spawnNode(dbPath: string): Promise<{ child: ChildProcess; url: string; httpUrl: string }> {
  const child = spawn(
    join(root, 'node_modules/.bin/tsx'),
    [
      join(root, 'packages/devnode/src/cli.ts'),
      '--port',
      '0',
      '--db',
      dbPath,
      '--log-level',
      'silent',
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  cleanups.push(() => child.kill('SIGKILL'))
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`devnode did not start: ${out}`)), 15_000)
    child.stdout?.on('data', (d) => {
      out += d.toString()
      const m = /ready: (ws:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({
          child,
          url: m[1]!,
          httpUrl: m[1]!.replace('ws://', 'http://').replace(/\/ws$/, ''),
        })
      }
    })
    child.on('exit', (code) => reject(new Error(`devnode exited (${code}): ${out}`)))
  })
}

describe('crash safety', () => {
  it('SIGKILL during a burst loses no acknowledged change and half-applies nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devnode-crash-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const dbPath = join(dir, 'ledger.sqlite')
    const { child, url, httpUrl } = await spawnNode(dbPath)
    for (const w of [A, B]) {
      const res = await fetch(`${httpUrl}/faucet`, {
        method: 'POST',
        body: JSON.stringify({ address: w, asset: 'usdc', amount: '1000' }),
      })
      expect(res.status).toBe(200)
    }
    const ca = await TestClient.connect(url)
    const cb = await TestClient.connect(url)
    cleanups.push(
      () => ca.close(),
      () => cb.close(),
    )
    await authenticate(ca, KEYS.A, KEYS.SK, { allowances: [{ asset: 'usdc', amount: '100000' }] })
    await authenticate(cb, KEYS.B, KEYS.SKB, { allowances: [{ asset: 'usdc', amount: '100000' }] })

    const acked = { transfers: [] as number[], created: [] as string[], closed: [] as string[] }
    const track = (p: Promise<Frame>, kind: 'transfer' | 'create' | 'close') =>
      p.then(
        (f) => {
          if (f.res?.[1] === 'transfer') acked.transfers.push(f.res[2].transactions[0].id)
          if (kind === 'create' && f.res?.[1] === 'create_app_session')
            acked.created.push(f.res[2].app_session_id)
          if (kind === 'close' && f.res?.[1] === 'close_app_session')
            acked.closed.push(f.res[2].app_session_id)
        },
        () => {},
      )
    let running = true
    const burst = (async () => {
      for (let i = 0; running && i < 400; i++) {
        void track(
          ca.send(
            await createTransferMessage(ecdsa(KEYS.SK), {
              destination: B,
              allocations: [{ asset: 'usdc', amount: '0.5' }],
            }),
          ),
          'transfer',
        )
        void track(
          cb.send(
            await createTransferMessage(ecdsa(KEYS.SKB), {
              destination: A,
              allocations: [{ asset: 'usdc', amount: '0.25' }],
            }),
          ),
          'transfer',
        )
        const definition = {
          application: 'chess',
          protocol: RPCProtocolVersion.NitroRPC_0_4,
          participants: [A, B],
          weights: [50, 50],
          quorum: 100,
          challenge: 0,
          nonce: nextNonce(),
        }
        const create = await cosign(
          await createAppSessionMessage(ecdsa(KEYS.SK), {
            definition,
            allocations: [
              { participant: A, asset: 'usdc', amount: '2' },
              { participant: B, asset: 'usdc', amount: '1' },
            ],
          }),
          [KEYS.SKB],
        )
        const created = ca.send(create)
        void track(created, 'create')
        void created.then(
          async (f) => {
            if (f.res?.[1] !== 'create_app_session') return
            const close = await cosign(
              await createCloseAppSessionMessage(ecdsa(KEYS.SKB), {
                app_session_id: f.res[2].app_session_id,
                allocations: [
                  { participant: A, asset: 'usdc', amount: '0.75' },
                  { participant: B, asset: 'usdc', amount: '2.25' },
                ],
              }),
              [KEYS.SK],
            )
            void track(cb.send(close), 'close')
          },
          () => {},
        )
        await new Promise((r) => setTimeout(r, 2))
      }
    })()
    // Kill it mid-burst, once a fair amount has been acknowledged.
    const start = Date.now()
    while (acked.transfers.length + acked.created.length < 60 && Date.now() - start < 10_000)
      await new Promise((r) => setTimeout(r, 5))
    child.kill('SIGKILL')
    running = false
    await burst
    await new Promise((r) =>
      child.exitCode !== null || child.signalCode ? r(null) : child.once('exit', r),
    )
    expect(acked.transfers.length + acked.created.length).toBeGreaterThanOrEqual(60)

    // Inspect the file as it was left: every acknowledged change is there.
    const db = new Database(dbPath, { readonly: true })
    const txIds = new Set(
      (db.prepare('SELECT id FROM transactions').all() as { id: number }[]).map((r) => r.id),
    )
    for (const id of acked.transfers) expect(txIds.has(id)).toBe(true)
    const sessions = new Map(
      (
        db.prepare('SELECT app_session_id, status FROM app_sessions').all() as {
          app_session_id: string
          status: string
        }[]
      ).map((r) => [r.app_session_id, r.status]),
    )
    for (const id of acked.created) expect(sessions.has(id)).toBe(true)
    for (const id of acked.closed) expect(sessions.get(id)).toBe('closed')
    // Nothing half-applied: every transaction has exactly its two ledger entries, and every
    // session's balance matches its status (open: funded, closed: empty).
    const unbalanced = db
      .prepare('SELECT tx_id FROM ledger_entries GROUP BY tx_id HAVING COUNT(*) != 2')
      .all()
    expect(unbalanced).toEqual([])
    db.close()

    // Restart on the same file: balances still sum to what the faucet minted.
    const again = await withNode({ dbPath })
    cleanups.push(() => again.close())
    expect(again.totals()).toEqual({ usdc: '2000' })
  })
})
