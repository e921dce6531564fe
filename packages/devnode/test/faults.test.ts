// Faults: SIGKILL the devnode process in the middle of a burst of creates, transfers and
// closes, restart it on the same database, and check that every acknowledged change is there,
// nothing is half-applied, and the balances still sum to what the faucet minted.
//
// The devnode runs as `node dist/cli.js` (no tsx wrapper: tsx would run the real node as its
// own child, and the kill would miss it) in its own process group. Before restarting, the test
// asserts that the killed process held the database, is gone, no longer listens, and that at
// least one request sent before the kill was never answered (the kill came mid-burst).
import { mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  createAppSessionMessage,
  createCloseAppSessionMessage,
  createTransferMessage,
  RPCProtocolVersion,
} from '@erc7824/nitrolite'
import { ensureBuilt } from '@nitrolite-kit/test-utils/build'
import {
  assertGone,
  assertPortRefuses,
  exists,
  exited,
  killGroup,
  openFiles,
  signalGroup,
  spawnGroup,
} from '@nitrolite-kit/test-utils/processes'
import Database from 'better-sqlite3'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  addr,
  authenticate,
  cosign,
  ecdsa,
  KEYS,
  nextNonce,
  TestClient,
  withNode,
} from './helpers.js'
import { assertLedgerInvariant } from './invariant.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const pkg = join(root, 'packages/devnode')
const cli = join(pkg, 'dist/cli.js')
const A = addr(KEYS.A)
const B = addr(KEYS.B)
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

// `npm test` builds the packages first; when run on its own, build the devnode if needed.
beforeAll(() => {
  ensureBuilt(pkg, '@nitrolite-kit/devnode')
}, 120_000)

async function spawnNode(dbPath: string) {
  const child = spawnGroup(
    process.execPath,
    [cli, '--port', '0', '--db', dbPath, '--log-level', 'silent'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  cleanups.push(() => killGroup(child))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`devnode did not start: ${out}`)), 15_000)
    child.stderr?.on('data', (d) => {
      out += d.toString()
    })
    child.stdout?.on('data', (d) => {
      out += d.toString()
      const m = /ready: (ws:\/\/\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    child.on('exit', (code) => reject(new Error(`devnode exited (${code}): ${out}`)))
  })
  return {
    child,
    url,
    port: Number(new URL(url).port),
    httpUrl: url.replace('ws://', 'http://').replace(/\/ws$/, ''),
  }
}

describe('crash safety', () => {
  it('SIGKILL during a burst loses no acknowledged change and half-applies nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'devnode-crash-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const dbPath = join(dir, 'ledger.sqlite')
    const { child, url, port, httpUrl } = await spawnNode(dbPath)
    // The process about to be killed is the one that holds the database.
    expect(openFiles(child.pid)).toContain(realpathSync(dbPath))
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
    // Every request of the burst: was it sent before the kill, and how did it end: a response,
    // or the error that failed it ('socket closed' when the node's end of the socket went away).
    const requests: { beforeKill: boolean; answered: boolean; failure?: string }[] = []
    // Settles once each request has its response or has failed (the socket closed on the kill).
    const pending: Promise<unknown>[] = []
    let killed = false
    const kill = () => {
      killed = true
      signalGroup(child, 'SIGKILL')
    }
    const send = (client: TestClient, message: string, kind: 'transfer' | 'create' | 'close') => {
      const request: (typeof requests)[number] = { beforeKill: !killed, answered: false }
      requests.push(request)
      const response = client.send(message)
      pending.push(
        response.then(
          (f) => {
            request.answered = true
            if (kind === 'transfer' && f.res?.[1] === 'transfer')
              acked.transfers.push(f.res[2].transactions[0].id)
            if (kind === 'create' && f.res?.[1] === 'create_app_session')
              acked.created.push(f.res[2].app_session_id)
            if (kind === 'close' && f.res?.[1] === 'close_app_session')
              acked.closed.push(f.res[2].app_session_id)
          },
          (error: Error) => {
            request.failure = error.message
          },
        ),
      )
      return response
    }
    for (let i = 0; !killed && i < 400; i++) {
      send(
        ca,
        await createTransferMessage(ecdsa(KEYS.SK), {
          destination: B,
          allocations: [{ asset: 'usdc', amount: '0.5' }],
        }),
        'transfer',
      )
      send(
        cb,
        await createTransferMessage(ecdsa(KEYS.SKB), {
          destination: A,
          allocations: [{ asset: 'usdc', amount: '0.25' }],
        }),
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
      // Kill it mid-burst, once a fair amount has been acknowledged, with this create in
      // flight: the node is frozen (SIGSTOP) before it is sent, so it cannot answer it however
      // fast the node is or however the processes are scheduled; then it is killed.
      const last = acked.transfers.length + acked.created.length >= 60
      if (last) signalGroup(child, 'SIGSTOP')
      const created = send(ca, create, 'create')
      pending.push(
        created.then(
          async (f) => {
            // An answered create succeeded (one lost to the kill rejects instead, below).
            expect(f.res?.[1], f.text).toBe('create_app_session')
            const close = await cosign(
              await createCloseAppSessionMessage(ecdsa(KEYS.SKB), {
                app_session_id: f.res?.[2].app_session_id,
                allocations: [
                  { participant: A, asset: 'usdc', amount: '0.75' },
                  { participant: B, asset: 'usdc', amount: '2.25' },
                ],
              }),
              [KEYS.SK],
            )
            send(cb, close, 'close')
          },
          () => {},
        ),
      )
      if (last) kill()
      else await new Promise((r) => setTimeout(r, 2))
    }
    if (!killed) kill()
    // Every request gets its response or fails when the socket closes: no waiting on a clock.
    while (pending.length) await Promise.all(pending.splice(0))

    // The kill landed: the process is gone (kill(pid, 0) fails with ESRCH), so is its group,
    // it died of the SIGKILL, and its port refuses connections.
    await assertGone([child.pid, -child.pid])
    await exited(child)
    expect(exists(child.pid)).toBe(false)
    expect(child.signalCode).toBe('SIGKILL')
    await assertPortRefuses(port)
    // …and it came mid-burst: both connections were dropped, and some requests sent before
    // the kill were never answered because of that (not because they timed out).
    expect(acked.transfers.length + acked.created.length).toBeGreaterThanOrEqual(60)
    // A socket with nothing in flight learns of the kill only from its close event.
    await Promise.all([ca.whenClosed(), cb.whenClosed()])
    expect([ca.closed, cb.closed]).toEqual([true, true])
    const lost = requests.filter((r) => r.beforeKill && r.failure === 'socket closed')
    expect(lost.length).toBeGreaterThanOrEqual(1)

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
    assertLedgerInvariant(dbPath, { usdc: '2000' })
  }, 60_000)
})
