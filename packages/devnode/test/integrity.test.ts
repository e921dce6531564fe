// Ledger integrity against a participant acting in bad faith: duplicate allocation rows,
// replayed or far-future signed states, racing state changes from two sockets, quorum 0,
// non-participant funders and negative balances. Every test drives a real node over real
// WebSockets with real signatures, and the ledger invariant is checked after each one.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createAppSessionMessage,
  createCloseAppSessionMessage,
  createSubmitAppStateMessage,
  createTransferMessage,
  RPCProtocolVersion,
} from '@erc7824/nitrolite'
import Database from 'better-sqlite3'
import type { Hex } from 'viem'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Store } from '../src/db/store.js'
import type { Devnode } from '../src/index.js'
import { Dec } from '../src/util/decimal.js'
import {
  addr,
  authenticate,
  ecdsa,
  errorOf,
  type Frame,
  KEYS,
  nextNonce,
  signWith,
  TestClient,
  withNode,
} from './helpers.js'
import { assertLedgerInvariant } from './invariant.js'
import { readLedger } from './ledger-check.js'

// Signature recovery yields to the event loop once before it resolves (as a recovery done off
// the main thread would). The signatures are still real and really recovered; this only makes
// the window between "recover signers" and "write" observable to frames from other sockets, so
// a handler that reads state before an `await` and writes after it is caught racing.
vi.mock('../src/util/crypto.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/util/crypto.js')>()
  return {
    ...real,
    recoverSigners: async (...args: Parameters<typeof real.recoverSigners>) => {
      await new Promise((resolve) => setImmediate(resolve))
      return real.recoverSigners(...args)
    },
  }
})

const A = addr(KEYS.A)
const B = addr(KEYS.B)
const C = addr(KEYS.C)

// ---------------------------------------------------------------------------------------------
// Fixture: one node per test on a temporary database file, A and B funded and connected.
// ---------------------------------------------------------------------------------------------

let dir: string
let dbPath: string
let node: Devnode
let ca: TestClient
let cb: TestClient
let cc: TestClient
let minted: Record<string, string>

async function fund(who: string, asset: string, amount: string) {
  await node.fund(who, asset, amount)
  minted[asset] = new Dec(minted[asset] ?? 0).plus(amount).toFixed()
}

async function connect(wallet: Hex, key: Hex): Promise<TestClient> {
  const c = await TestClient.connect(node.url)
  const auth = await authenticate(c, wallet, key, {
    allowances: [{ asset: 'usdc', amount: '1000000' }],
  })
  expect(auth.res?.[2].success).toBe(true)
  return c
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'devnode-integrity-'))
  dbPath = join(dir, 'db.sqlite')
  node = await withNode({ dbPath })
  minted = {}
  await fund(A, 'usdc', '200')
  await fund(B, 'usdc', '200')
  await fund(C, 'usdc', '200')
  ca = await connect(KEYS.A, KEYS.SK)
  cb = await connect(KEYS.B, KEYS.SKB)
  cc = await connect(KEYS.C, KEYS.SKC)
})

afterEach(async () => {
  try {
    assertLedgerInvariant(dbPath, minted)
  } finally {
    for (const c of [ca, cb, cc]) c?.close()
    await node?.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

type Row = { participant: Hex; asset: string; amount: string }

function definition(over: Record<string, unknown> = {}) {
  return {
    application: 'chess',
    protocol: RPCProtocolVersion.NitroRPC_0_4,
    participants: [A, B] as Hex[],
    weights: [50, 50],
    quorum: 100,
    challenge: 0,
    nonce: nextNonce(),
    ...over,
  }
}

/** The balance of one position, read from the database file. */
function balance(account: string, participant: string, asset = 'usdc'): string {
  const row = readLedger(dbPath).balances.find(
    (b) => b.account_id === account && b.participant === participant && b.asset === asset,
  )
  return row ? new Dec(row.amount).toFixed() : '0'
}

function session(id: string) {
  const s = readLedger(dbPath).sessions.find((x) => x.app_session_id === id)
  if (!s) throw new Error(`no session ${id}`)
  return s
}

/** Every balance row of the ledger, for "nothing changed" comparisons. */
function ledgerRows() {
  return readLedger(dbPath)
    .balances.map((b) => `${b.account_id}|${b.participant}|${b.asset}|${new Dec(b.amount)}`)
    .sort()
}

function ok(f: Frame, method: string): Record<string, unknown> {
  if (f.res?.[1] !== method) throw new Error(`expected ${method}, got ${f.text}`)
  return f.res[2]
}

/** Creates a session funded by `rows`, signed by `keys`; returns its id. */
async function create(def: ReturnType<typeof definition>, rows: Row[], keys: Hex[], ts?: number) {
  const msg = await signWith(
    await createAppSessionMessage(
      ecdsa(keys[0]!),
      { definition: def, allocations: rows },
      undefined,
      ts,
    ),
    keys,
  )
  return ok(await ca.send(msg), 'create_app_session').app_session_id as Hex
}

async function submit(
  id: Hex,
  params: { intent?: string; version?: number; allocations: Row[] },
  keys: Hex[],
  ts?: number,
): Promise<string> {
  return signWith(
    await createSubmitAppStateMessage<RPCProtocolVersion.NitroRPC_0_4>(
      ecdsa(keys[0]!),
      { app_session_id: id, ...params } as never,
      undefined,
      ts,
    ),
    keys,
  )
}

async function close(id: Hex, allocations: Row[], keys: Hex[], ts?: number): Promise<string> {
  return signWith(
    await createCloseAppSessionMessage(
      ecdsa(keys[0]!),
      { app_session_id: id, allocations },
      undefined,
      ts,
    ),
    keys,
  )
}

const usdc = (participant: Hex, amount: string): Row => ({ participant, asset: 'usdc', amount })

/** Sends `text` on `c` without waiting; returns the promise of its response. */
function fire(c: TestClient, text: string): Promise<Frame> {
  const id = JSON.parse(text).req[0] as number
  return c.waitFor((f) => f.res?.[0] === id, 10_000, c.frames.length)
}

/** Sends both frames back to back on two sockets (no await in between) and awaits both answers. */
async function race(c1: TestClient, t1: string, c2: TestClient, t2: string) {
  const p1 = fire(c1, t1)
  const p2 = fire(c2, t2)
  c1.ws.send(t1)
  c2.ws.send(t2)
  return Promise.all([p1, p2])
}

// ---------------------------------------------------------------------------------------------
// Hole 1: repeated allocation rows
// ---------------------------------------------------------------------------------------------

describe('hole 1: repeated allocation rows', () => {
  it('a withdraw repeating one row does not pay out once per row', async () => {
    const id = await create(definition(), [usdc(A, '10')], [KEYS.A])
    const before = ledgerRows()
    const wd = await submit(
      id,
      {
        intent: 'withdraw',
        version: 2,
        allocations: Array.from({ length: 5 }, () => usdc(A, '0')),
      },
      [KEYS.A, KEYS.B],
    )
    expect(errorOf(await ca.send(wd))).toBe(
      `duplicate allocation for participant ${A} and asset usdc`,
    )
    expect(ledgerRows()).toEqual(before)
    expect(balance(A, A)).toBe('190')
    expect(balance(id, A)).toBe('10')
    expect(session(id)).toMatchObject({ status: 'open', version: 1 })
  })

  it('two parties: rows [{B,0},{B,0},{A,100}] signed by both do not let B drain A', async () => {
    const id = await create(definition(), [usdc(A, '100'), usdc(B, '50')], [KEYS.A, KEYS.B])
    const before = ledgerRows()
    const wd = await submit(
      id,
      { intent: 'withdraw', version: 2, allocations: [usdc(B, '0'), usdc(B, '0'), usdc(A, '100')] },
      [KEYS.A, KEYS.B],
    )
    expect(errorOf(await cb.send(wd))).toBe(
      `duplicate allocation for participant ${B} and asset usdc`,
    )
    expect(ledgerRows()).toEqual(before)
    expect(balance(B, B)).toBe('150')
    expect(balance(id, A)).toBe('100')
    expect(balance(id, B)).toBe('50')
    // the honest withdraw of B's own 50 still works
    const honest = await submit(
      id,
      { intent: 'withdraw', version: 2, allocations: [usdc(B, '0'), usdc(A, '100')] },
      [KEYS.A, KEYS.B],
    )
    expect(ok(await cb.send(honest), 'submit_app_state').version).toBe(2)
    expect(balance(B, B)).toBe('200')
    expect(balance(id, A)).toBe('100')
  })

  it('duplicate rows are refused in every intent, in close and in create', async () => {
    const id = await create(definition(), [usdc(A, '50'), usdc(B, '50')], [KEYS.A, KEYS.B])
    const before = ledgerRows()
    const dup = (p: Hex) => `duplicate allocation for participant ${p} and asset usdc`
    const both = [KEYS.A, KEYS.B]
    const cases: [string, string][] = [
      [
        await submit(
          id,
          {
            intent: 'operate',
            version: 2,
            allocations: [usdc(A, '50'), usdc(A, '0'), usdc(B, '50')],
          },
          both,
        ),
        dup(A),
      ],
      [
        await submit(
          id,
          {
            intent: 'deposit',
            version: 2,
            allocations: [usdc(A, '60'), usdc(A, '60'), usdc(B, '50')],
          },
          both,
        ),
        dup(A),
      ],
      [await close(id, [usdc(A, '50'), usdc(B, '25'), usdc(B, '25')], both), dup(B)],
    ]
    for (const [msg, error] of cases) expect(errorOf(await ca.send(msg))).toBe(error)
    // a lowercased address names the same ledger position
    const lower = A.toLowerCase() as Hex
    const mixed = await createAppSessionMessage(ecdsa(KEYS.A), {
      definition: definition({ participants: [A, lower] }),
      allocations: [usdc(A, '10'), usdc(lower, '0')],
    })
    expect(errorOf(await ca.send(mixed))).toBe(dup(lower))
    const twice = await createAppSessionMessage(ecdsa(KEYS.A), {
      definition: definition(),
      allocations: [usdc(A, '10'), usdc(A, '10')],
    })
    expect(errorOf(await ca.send(twice))).toBe(dup(A))
    expect(ledgerRows()).toEqual(before)
    expect(session(id)).toMatchObject({ status: 'open', version: 1 })
  })
})

// ---------------------------------------------------------------------------------------------
// Hole 2: expiry, ordering and replay of signed states
// ---------------------------------------------------------------------------------------------

describe('hole 2: signed states expire, are ordered, and are not replayed', () => {
  it('a close co-signed earlier with a far-future timestamp cannot revert a later operate', async () => {
    const id = await create(definition(), [usdc(A, '100')], [KEYS.A])
    // A and B co-sign a close "for later" that pays everything back to A
    const farClose = await close(
      id,
      [usdc(A, '100'), usdc(B, '0')],
      [KEYS.A, KEYS.B],
      Date.now() + 3600_000,
    )
    const op = await submit(
      id,
      { intent: 'operate', version: 2, allocations: [usdc(A, '40'), usdc(B, '60')] },
      [KEYS.A, KEYS.B],
    )
    expect(ok(await cb.send(op), 'submit_app_state').version).toBe(2)
    const before = ledgerRows()
    const refused = errorOf(await ca.send(farClose))
    expect(refused).toMatch(/^invalid message timestamp: \d+ is more than 10000 ms in the future$/)
    expect(ledgerRows()).toEqual(before)
    expect(session(id)).toMatchObject({ status: 'open', version: 2 })
    expect(balance(id, B)).toBe('60')
  })

  it('a close signed before the last applied state is refused (a close carries no version)', async () => {
    const t = Date.now()
    const id = await create(definition(), [usdc(A, '100')], [KEYS.A], t - 2000)
    // co-signed after the create, before the operate
    const early = t - 1000
    const oldClose = await close(id, [usdc(A, '100'), usdc(B, '0')], [KEYS.A, KEYS.B], early)
    const op = await submit(
      id,
      { intent: 'operate', version: 2, allocations: [usdc(A, '40'), usdc(B, '60')] },
      [KEYS.A, KEYS.B],
      t,
    )
    expect(ok(await cb.send(op), 'submit_app_state').version).toBe(2)
    const before = ledgerRows()
    expect(errorOf(await ca.send(oldClose))).toMatch(
      new RegExp(
        `^stale state: request timestamp ${early} is not newer than the session's last applied state \\(\\d+\\)$`,
      ),
    )
    expect(ledgerRows()).toEqual(before)
    expect(session(id)).toMatchObject({ status: 'open', version: 2 })
    // a fresh close with the current split is applied
    const fresh = await close(id, [usdc(A, '40'), usdc(B, '60')], [KEYS.A, KEYS.B])
    expect(ok(await ca.send(fresh), 'close_app_session').status).toBe('closed')
    expect(balance(B, B)).toBe('260')
  })

  it('an exact replay of an applied NitroRPC/0.2 submit is refused', async () => {
    const def = definition({ protocol: RPCProtocolVersion.NitroRPC_0_2 })
    const id = await create(def, [usdc(A, '100')], [KEYS.A])
    const pay = await submit(id, { allocations: [usdc(A, '50'), usdc(B, '50')] }, [KEYS.A, KEYS.B])
    expect(ok(await ca.send(pay), 'submit_app_state').version).toBe(2)
    const before = ledgerRows()
    // the exact same frame again
    expect(errorOf(await cb.send(pay))).toBe(
      'operation denied: the request has already been processed',
    )
    expect(ledgerRows()).toEqual(before)
    expect(session(id)).toMatchObject({ status: 'open', version: 2 })
    // B pays back; replaying the earlier payment to B is refused as stale
    const back = await submit(id, { allocations: [usdc(A, '100'), usdc(B, '0')] }, [KEYS.A, KEYS.B])
    expect(ok(await ca.send(back), 'submit_app_state').version).toBe(3)
    expect(errorOf(await cb.send(pay))).toMatch(/^stale state: request timestamp \d+ is not newer/)
    expect(balance(id, A)).toBe('100')
    expect(balance(id, B)).toBe('0')
    expect(session(id)).toMatchObject({ status: 'open', version: 3 })
  })

  it('state-changing requests too far in the future or too old are refused', async () => {
    const id = await create(definition(), [usdc(A, '100')], [KEYS.A])
    const before = ledgerRows()
    const future = Date.now() + 60_000
    const futureError = /^invalid message timestamp: \d+ is more than 10000 ms in the future$/
    const futureCreate = await signWith(
      await createAppSessionMessage(
        ecdsa(KEYS.A),
        { definition: definition(), allocations: [usdc(A, '1')] },
        undefined,
        future,
      ),
      [KEYS.A],
    )
    expect(errorOf(await ca.send(futureCreate))).toMatch(futureError)
    const futureSubmit = await submit(
      id,
      { intent: 'operate', version: 2, allocations: [usdc(A, '0'), usdc(B, '100')] },
      [KEYS.A, KEYS.B],
      future,
    )
    expect(errorOf(await cb.send(futureSubmit))).toMatch(futureError)
    const futureTransfer = await createTransferMessage(
      ecdsa(KEYS.SK),
      { destination: B, allocations: [{ asset: 'usdc', amount: '1' }] },
      undefined,
      future,
    )
    expect(errorOf(await ca.send(futureTransfer))).toMatch(futureError)
    const old = await submit(
      id,
      { intent: 'operate', version: 2, allocations: [usdc(A, '0'), usdc(B, '100')] },
      [KEYS.A, KEYS.B],
      Date.now() - 61_000,
    )
    expect(errorOf(await cb.send(old))).toBe('invalid message timestamp')
    expect(ledgerRows()).toEqual(before)
    expect(session(id)).toMatchObject({ status: 'open', version: 1 })
  })
})

// ---------------------------------------------------------------------------------------------
// Hole 3: racing state changes from two sockets
// ---------------------------------------------------------------------------------------------

describe('hole 3: state changes racing from two sockets', () => {
  it('a close and a deposit sent in the same tick: exactly one is applied', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await create(definition(), [usdc(A, '50'), usdc(B, '50')], [KEYS.A, KEYS.B])
      const closeMsg = await close(id, [usdc(A, '50'), usdc(B, '50')], [KEYS.A, KEYS.B])
      const dep = await submit(
        id,
        { intent: 'deposit', version: 2, allocations: [usdc(A, '60'), usdc(B, '50')] },
        [KEYS.A, KEYS.B],
      )
      const [rc, rd] = await race(ca, closeMsg, cb, dep)
      const applied = [rc, rd].filter((f) => f.res?.[1] !== 'error')
      expect(applied, `round ${round}: ${rc.text} / ${rd.text}`).toHaveLength(1)
      const s = session(id)
      if (rc.res?.[1] === 'close_app_session') {
        expect(s).toMatchObject({ status: 'closed', version: 2 })
        expect(errorOf(rd)).toBe('an open app session not found: record not found')
        expect(balance(id, A)).toBe('0')
        expect(balance(id, B)).toBe('0')
      } else {
        expect(ok(rd, 'submit_app_state').version).toBe(2)
        expect(s).toMatchObject({ status: 'open', version: 2 })
        expect(errorOf(rc)).toMatch(/^stale state: /)
        expect(balance(id, A)).toBe('60')
        // the session stays closable with the new split
        const fresh = await close(id, [usdc(A, '60'), usdc(B, '50')], [KEYS.A, KEYS.B])
        expect(ok(await ca.send(fresh), 'close_app_session').status).toBe('closed')
      }
      assertLedgerInvariant(dbPath, minted)
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Hole 5: quorum 0
// ---------------------------------------------------------------------------------------------

describe('hole 5: quorum must be at least 1 and reachable', () => {
  it('quorum 0 is refused at create, so nobody can close without signatures', async () => {
    const def = definition({ quorum: 0 })
    const msg = await createAppSessionMessage(ecdsa(KEYS.A), {
      definition: def,
      allocations: [usdc(A, '10')],
    })
    const before = ledgerRows()
    expect(errorOf(await ca.send(msg))).toBe('invalid quorum: 0 (must be at least 1)')
    expect(ledgerRows()).toEqual(before)
    expect(
      errorOf(
        await ca.send(
          await createAppSessionMessage(ecdsa(KEYS.A), {
            definition: definition({ weights: [0, 0], quorum: 1 }),
            allocations: [usdc(A, '10')],
          }),
        ),
      ),
    ).toBe('target quorum (1) cannot be greater than total sum of weights (0)')
    expect(ledgerRows()).toEqual(before)
  })
})

// ---------------------------------------------------------------------------------------------
// Hole 8: funders that are not participants
// ---------------------------------------------------------------------------------------------

describe('hole 8: create funders must be participants', () => {
  it('an allocation row for a non-participant is refused at create', async () => {
    const before = ledgerRows()
    const msg = await signWith(
      await createAppSessionMessage(ecdsa(KEYS.A), {
        definition: definition(),
        allocations: [usdc(A, '10'), usdc(C, '10')],
      }),
      [KEYS.A, KEYS.C],
    )
    expect(errorOf(await cc.send(msg))).toBe(`allocation to non-participant ${C}`)
    expect(ledgerRows()).toEqual(before)
    expect(balance(C, C)).toBe('200')
    // a zero row for a non-participant is refused too
    const zero = await createAppSessionMessage(ecdsa(KEYS.A), {
      definition: definition(),
      allocations: [usdc(A, '10'), usdc(C, '0')],
    })
    expect(errorOf(await ca.send(zero))).toBe(`allocation to non-participant ${C}`)
    expect(ledgerRows()).toEqual(before)
  })
})

// ---------------------------------------------------------------------------------------------
// No balance below zero
// ---------------------------------------------------------------------------------------------

describe('no account balance goes below zero', () => {
  it('a withdraw splitting one holder over two rows cannot take more than the holder has', async () => {
    const id = await create(definition(), [usdc(A, '10'), usdc(B, '10')], [KEYS.A, KEYS.B])
    const before = ledgerRows()
    const wd = await submit(
      id,
      { intent: 'withdraw', version: 2, allocations: [usdc(A, '0'), usdc(A, '5'), usdc(B, '10')] },
      [KEYS.A, KEYS.B],
    )
    expect(errorOf(await ca.send(wd))).toBe(
      `duplicate allocation for participant ${A} and asset usdc`,
    )
    expect(ledgerRows()).toEqual(before)
    expect(balance(id, A)).toBe('10')
  })

  it('the store refuses every debit below zero inside its transaction and changes nothing', () => {
    const store = new Store(':memory:')
    try {
      const custody = { account: node.brokerAddress, participant: node.brokerAddress, type: 0 }
      const wallet = { account: A, participant: A, type: 1000 }
      const sid = `0x${'ab'.repeat(32)}`
      const inSession = { account: sid, participant: A, type: 4000 }
      store.tx(() =>
        store.move({
          from: custody,
          to: wallet,
          asset: 'usdc',
          amount: new Dec(5),
          txType: 'deposit',
        }),
      )
      expect(() =>
        store.tx(() => {
          store.move({
            from: wallet,
            to: inSession,
            asset: 'usdc',
            amount: new Dec(3),
            txType: 'app_deposit',
          })
          store.move({
            from: wallet,
            to: inSession,
            asset: 'usdc',
            amount: new Dec(3),
            txType: 'app_deposit',
          })
        }),
      ).toThrow(`insufficient funds: ${A} for asset usdc`)
      expect(store.balance(A, A, 'usdc').toFixed()).toBe('5')
      expect(store.balance(sid, A, 'usdc').toFixed()).toBe('0')
      store.tx(() =>
        store.move({
          from: wallet,
          to: inSession,
          asset: 'usdc',
          amount: new Dec(2),
          txType: 'app_deposit',
        }),
      )
      expect(() =>
        store.tx(() =>
          store.move({
            from: inSession,
            to: wallet,
            asset: 'usdc',
            amount: new Dec(2.5),
            txType: 'app_withdrawal',
          }),
        ),
      ).toThrow(`insufficient app session balance: ${A} in ${sid} for asset usdc`)
      expect(() =>
        store.move({
          from: wallet,
          to: inSession,
          asset: 'usdc',
          amount: new Dec(1),
          txType: 'app_deposit',
        }),
      ).toThrow('ledger move outside a database transaction')
      expect(store.balance(A, A, 'usdc').toFixed()).toBe('3')
      expect(store.balance(sid, A, 'usdc').toFixed()).toBe('2')
      expect(store.totals()).toEqual({ usdc: '5' })
    } finally {
      store.close()
    }
  })

  it('two withdraws of the same version racing from two sockets: one applies, nothing goes negative', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await create(definition(), [usdc(A, '10'), usdc(B, '10')], [KEYS.A, KEYS.B])
      const all = await submit(
        id,
        { intent: 'withdraw', version: 2, allocations: [usdc(A, '0'), usdc(B, '10')] },
        [KEYS.A, KEYS.B],
      )
      const half = await submit(
        id,
        { intent: 'withdraw', version: 2, allocations: [usdc(A, '5'), usdc(B, '10')] },
        [KEYS.A, KEYS.B],
      )
      const [r1, r2] = await race(ca, all, cb, half)
      const applied = [r1, r2].filter((f) => f.res?.[1] === 'submit_app_state')
      expect(applied, `round ${round}: ${r1.text} / ${r2.text}`).toHaveLength(1)
      const refused = [r1, r2].find((f) => f.res?.[1] === 'error')!
      expect(errorOf(refused)).toMatch(
        /^incorrect app state: incorrect version: expected 3, got 2$/,
      )
      expect(session(id)).toMatchObject({ status: 'open', version: 2 })
      expect(new Dec(balance(id, A)).gte(0)).toBe(true)
      assertLedgerInvariant(dbPath, minted)
    }
  })

  it('the same close sent from two sockets at once pays out once', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await create(definition(), [usdc(A, '10'), usdc(B, '10')], [KEYS.A, KEYS.B])
      const msg = await close(id, [usdc(A, '20'), usdc(B, '0')], [KEYS.A, KEYS.B])
      const [r1, r2] = await race(ca, msg, cb, msg)
      const applied = [r1, r2].filter((f) => f.res?.[1] === 'close_app_session')
      expect(applied, `round ${round}: ${r1.text} / ${r2.text}`).toHaveLength(1)
      const refused = [r1, r2].find((f) => f.res?.[1] === 'error')!
      expect(errorOf(refused)).toBe('an open app session not found: record not found')
      expect(balance(id, A)).toBe('0')
      expect(balance(id, B)).toBe('0')
      assertLedgerInvariant(dbPath, minted)
    }
    expect(balance(A, A)).toBe('250')
    expect(balance(B, B)).toBe('150')
  })
})

// ---------------------------------------------------------------------------------------------
// Existing database files
// ---------------------------------------------------------------------------------------------

describe('a database file written by an older devnode', () => {
  it('gains the new columns on open; its sessions keep working, and quorum 0 still needs a signature', async () => {
    const legacy = await create(definition(), [usdc(A, '10'), usdc(B, '10')], [KEYS.A, KEYS.B])
    const plain = await create(definition(), [usdc(A, '10')], [KEYS.A])
    for (const c of [ca, cb, cc]) c.close()
    await node.close()
    // Make the file look like an older devnode's: no request columns, and one session with
    // quorum 0 (which older devnodes accepted).
    const db = new Database(dbPath)
    const columns = (db.prepare('PRAGMA table_info(app_sessions)').all() as { name: string }[]).map(
      (c) => c.name,
    )
    expect(columns).toEqual(expect.arrayContaining(['last_request_ts', 'last_request_hash']))
    db.exec('ALTER TABLE app_sessions DROP COLUMN last_request_ts')
    db.exec('ALTER TABLE app_sessions DROP COLUMN last_request_hash')
    db.prepare('UPDATE app_sessions SET quorum = 0 WHERE app_session_id = ?').run(legacy)
    db.close()

    node = await withNode({ dbPath })
    ca = await connect(KEYS.A, KEYS.SK)
    cb = await connect(KEYS.B, KEYS.SKB)
    cc = await connect(KEYS.C, KEYS.SKC)
    const reopened = new Database(dbPath, { readonly: true })
    const after = reopened
      .prepare(
        'SELECT last_request_ts, last_request_hash FROM app_sessions WHERE app_session_id = ?',
      )
      .get(legacy)
    reopened.close()
    expect(after).toEqual({ last_request_ts: 0, last_request_hash: null })

    // the quorum-0 session: nobody may close it without any participant signature
    const before = ledgerRows()
    const unsigned = JSON.stringify({
      ...JSON.parse(await close(legacy, [usdc(A, '0'), usdc(B, '0'), usdc(C, '0')], [KEYS.C])),
      sig: [],
    })
    expect(errorOf(await cc.send(unsigned))).toBe(
      'incorrect submit_state request: quorum not reached: no participant signature',
    )
    expect(ledgerRows()).toEqual(before)
    const byA = await close(legacy, [usdc(A, '20'), usdc(B, '0')], [KEYS.A])
    expect(ok(await ca.send(byA), 'close_app_session').status).toBe('closed')
    // the other session goes on, and now records its requests
    const op = await submit(
      plain,
      { intent: 'operate', version: 2, allocations: [usdc(A, '5'), usdc(B, '5')] },
      [KEYS.A, KEYS.B],
    )
    expect(ok(await cb.send(op), 'submit_app_state').version).toBe(2)
    expect(errorOf(await cb.send(op))).toBe(
      'incorrect app state: incorrect version: expected 3, got 2',
    )
    expect(balance(A, A)).toBe('200')
    expect(balance(plain, B)).toBe('5')
  })
})
