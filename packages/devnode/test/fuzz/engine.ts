// The fuzz engine behind the hostile test's fast slice and `pnpm fuzz --frames N`: drives a real
// devnode (on a database file) with unsigned garbage and correctly signed hostile requests from
// three authenticated wallets, keeps a few honest sessions open so that submit, withdraw and
// close have something to bite on, and checks after every batch that the node still answers
// and that the ledger invariant holds. Plain Node (no Vitest), so the command can use it too.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import type { Hex } from 'viem'
import { type Devnode, startDevnode } from '../../src/index.js'
import { addr, authenticate, KEYS, TestClient } from '../helpers.js'
import { ledgerViolations } from '../ledger-check.js'
import { garbageFrame } from './garbage.js'
import {
  type FuzzParty,
  type HostileRequest,
  hostileRequest,
  type KnownSession,
  signedFrame,
} from './signed.js'

/** What a fuzz run did and found. */
export interface FuzzReport {
  seed: number
  frames: number
  /** Frames of each kind sent. */
  garbage: number
  signed: number
  /** Signed requests the node applied (a success answer) and refused (an error answer). */
  applied: number
  refused: number
  /** Sockets the node closed on a frame (oversized frames): clean closes, not crashes. */
  cleanCloses: number
  /** Frames with no answer, or a node that stopped answering `ping`. Must be 0. */
  crashes: number
  /** Ledger invariant violations found at the checks. Must be 0. */
  violations: string[]
  /** Applied signed requests per method (how deep the fuzz reached). */
  appliedByMethod: Record<string, number>
  ms: number
}

/** How to run the fuzz. */
export interface FuzzOptions {
  frames: number
  seed?: number
  /** Share of frames that are correctly signed hostile requests. Defaults to `0.5`. */
  signedShare?: number
  /** Check the ledger invariant every this many frames (and at the end). Defaults to `500`. */
  checkEvery?: number
  /** Called after each check with the frames done so far. */
  onProgress?: (done: number, report: FuzzReport) => void
}

const FUNDING = '1000'
const MAX_FRAME_BYTES = 64 * 1024

/** Runs the fuzz against a fresh devnode and returns what it found (never throws for findings). */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const seed = options.seed ?? 42
  const signedShare = options.signedShare ?? 0.5
  const checkEvery = options.checkEvery ?? 500
  const dir = mkdtempSync(join(tmpdir(), 'devnode-fuzz-'))
  const dbPath = join(dir, 'db.sqlite')
  const node = await startDevnode({ port: 0, dbPath, maxFrameBytes: MAX_FRAME_BYTES })
  const parties: FuzzParty[] = [
    { wallet: addr(KEYS.A), sessionKey: KEYS.SK },
    { wallet: addr(KEYS.B), sessionKey: KEYS.SKB },
    { wallet: addr(KEYS.C), sessionKey: KEYS.SKC },
  ]
  const walletKeys: Hex[] = [KEYS.A, KEYS.B, KEYS.C]
  const minted: Record<string, string> = { usdc: String(Number(FUNDING) * parties.length) }
  const report: FuzzReport = {
    seed,
    frames: 0,
    garbage: 0,
    signed: 0,
    applied: 0,
    refused: 0,
    cleanCloses: 0,
    crashes: 0,
    violations: [],
    appliedByMethod: {},
    ms: 0,
  }
  const started = Date.now()
  const clients: TestClient[] = []
  try {
    for (const p of parties) await node.fund(p.wallet, 'usdc', FUNDING)
    for (let i = 0; i < parties.length; i++) clients.push(await connect(node, walletKeys[i]!, i))
    const sessions: KnownSession[] = []
    const open = () => sessions.filter((s) => !s.closed)

    const hostile = hostileRequest(parties)
    const valid = [
      await signedFrame(
        [
          1,
          'transfer',
          { destination: parties[1]!.wallet, allocations: [{ asset: 'usdc', amount: '1' }] },
          Date.now(),
        ],
        [parties[0]!.sessionKey],
      ),
      await signedFrame([2, 'get_ledger_balances', {}, Date.now()], [parties[0]!.sessionKey]),
      `{"req":[3,"ping",{},${Date.now()}],"sig":[]}`,
    ]
    const garbage = garbageFrame(
      Date.now(),
      valid,
      parties.map((p) => p.wallet),
    )
    const kind = fc.integer({ min: 0, max: 999 }).map((n) => n / 1000)
    const who = fc.nat({ max: parties.length - 1 })
    const rng = fc.sample(fc.tuple(kind, who, hostile, garbage), { numRuns: options.frames, seed })

    for (const [k, from, recipe, junk] of rng) {
      if (open().length < 3) await seedSession(clients[0]!, parties, sessions)
      let c = clients[from]!
      if (c.closed) c = clients[from] = await connect(node, walletKeys[from]!, from)
      report.frames++
      if (k < signedShare) {
        report.signed++
        const request = recipe(open(), Date.now())
        const id = 1_000_000 + report.frames
        const text = await signedFrame(
          [id, request.method, request.params, request.ts],
          request.signers,
        )
        const answer = await answered(c, text, id)
        if (answer === 'none') report.crashes++
        else if (answer === 'closed') report.cleanCloses++
        else if (answer.res?.[1] === 'error') report.refused++
        else {
          report.applied++
          report.appliedByMethod[request.method] = (report.appliedByMethod[request.method] ?? 0) + 1
          track(sessions, request, answer.res?.[2])
        }
      } else {
        report.garbage++
        const answer = await answered(c, junk)
        if (answer === 'none') report.crashes++
        else if (answer === 'closed') report.cleanCloses++
      }
      if (report.frames % checkEvery === 0) {
        await check(node, dbPath, minted, report)
        options.onProgress?.(report.frames, report)
      }
    }
    await check(node, dbPath, minted, report)
  } finally {
    for (const c of clients) c.close()
    await node.close()
    rmSync(dir, { recursive: true, force: true })
  }
  report.ms = Date.now() - started
  return report
}

async function connect(node: Devnode, wallet: Hex, i: number): Promise<TestClient> {
  const c = await TestClient.connect(node.url)
  const key = [KEYS.SK, KEYS.SKB, KEYS.SKC][i]!
  const auth = await authenticate(c, wallet, key, {
    application: 'fuzz',
    allowances: [{ asset: 'usdc', amount: '1000000' }],
  })
  if (auth.res?.[2]?.success !== true) throw new Error(`fuzz: could not authenticate: ${auth.text}`)
  return c
}

type Answer = 'none' | 'closed' | { res?: [number, string, any, number] }

/** The answer to `text` (by `id`, or the first frame at all), `closed`, or `none` in 5 s. */
async function answered(c: TestClient, text: string, id?: number): Promise<Answer> {
  const from = c.frames.length
  c.ws.send(text)
  try {
    return await c.waitFor((f) => id === undefined || f.res?.[0] === id, 5_000, from)
  } catch {
    return c.closed ? 'closed' : 'none'
  }
}

/** Opens an honest session A+B, 50/50, quorum 100, each funding 5, signed by both. */
async function seedSession(c: TestClient, parties: FuzzParty[], sessions: KnownSession[]) {
  const [a, b] = parties as [FuzzParty, FuzzParty]
  const id = 5_000_000 + sessions.length
  const text = await signedFrame(
    [
      id,
      'create_app_session',
      {
        definition: {
          application: 'fuzz',
          protocol: 'NitroRPC/0.4',
          participants: [a.wallet, b.wallet],
          weights: [50, 50],
          quorum: 100,
          challenge: 0,
          nonce: Date.now() + sessions.length,
        },
        allocations: [
          { participant: a.wallet, asset: 'usdc', amount: '5' },
          { participant: b.wallet, asset: 'usdc', amount: '5' },
        ],
      },
      Date.now(),
    ],
    [a.sessionKey, b.sessionKey],
  )
  const answer = await answered(c, text, id)
  if (answer === 'none' || answer === 'closed' || answer.res?.[1] !== 'create_app_session') {
    // The fuzz may have drained A or B: sessions then come only from the fuzz itself.
    return
  }
  sessions.push({
    id: answer.res[2].app_session_id,
    participants: [a.wallet, b.wallet],
    version: answer.res[2].version ?? 1,
    closed: false,
    allocations: [
      { participant: a.wallet, asset: 'usdc', amount: '5' },
      { participant: b.wallet, asset: 'usdc', amount: '5' },
    ],
  })
}

/** Follows what an applied request did to the sessions the fuzz knows. */
function track(sessions: KnownSession[], request: HostileRequest, result: any) {
  const rows = (request.params.allocations ?? []) as KnownSession['allocations']
  if (request.method === 'create_app_session' && result?.app_session_id) {
    const definition = request.params.definition as { participants: string[] }
    sessions.push({
      id: result.app_session_id,
      participants: definition.participants,
      version: result.version ?? 1,
      closed: false,
      allocations: rows,
    })
  } else if (request.session) {
    if (typeof result?.version === 'number') request.session.version = result.version
    request.session.allocations = rows
    if (request.method === 'close_app_session' || result?.status === 'closed')
      request.session.closed = true
  }
}

/** The node still answers `ping`, and the ledger invariant holds. */
async function check(
  node: Devnode,
  dbPath: string,
  minted: Record<string, string>,
  report: FuzzReport,
) {
  const probe = await TestClient.connect(node.url).catch(() => undefined)
  if (!probe) {
    report.crashes++
    return
  }
  try {
    await probe.barrier()
  } catch {
    report.crashes++
  } finally {
    probe.close()
  }
  for (const v of ledgerViolations(dbPath, minted))
    if (!report.violations.includes(v)) report.violations.push(v)
}
