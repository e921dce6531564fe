// The store's caches (balances read within a transaction, a session's participants) against a
// real in-memory SQLite database: what they return is always what the database holds.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RpcError } from '../rpc/context.js'
import { Dec } from '../util/decimal.js'
import { ACCOUNT_TYPE, type Position, Store } from './store.js'

const CUSTODY: Position = { account: '0xC', participant: '0xC', type: ACCOUNT_TYPE.custody }
const A: Position = { account: '0xA', participant: '0xA', type: ACCOUNT_TYPE.wallet }
const B: Position = { account: '0xB', participant: '0xB', type: ACCOUNT_TYPE.wallet }

let store: Store
beforeEach(() => {
  store = new Store(':memory:')
})
afterEach(() => store.close())

const mint = (to: Position, amount: string) =>
  store.tx(() =>
    store.move({ from: CUSTODY, to, asset: 'usdc', amount: new Dec(amount), txType: 'deposit' }),
  )

function session(id: string, participants: string[]) {
  store.insertSession(
    {
      app_session_id: id,
      application: 'app',
      protocol: 'NitroRPC/0.4',
      participants: JSON.stringify(participants),
      weights: JSON.stringify(participants.map(() => 1)),
      quorum: 1,
      challenge: 0,
      nonce: 1,
      version: 1,
      status: 'open',
      session_data: null,
    },
    { ts: 1, hash: '0x' },
  )
}

describe('ledger moves', () => {
  it('write one transaction, a debit then a credit entry, and both balances', () => {
    mint(A, '10')
    const tx = store.tx(() =>
      store.move({ from: A, to: B, asset: 'usdc', amount: new Dec('2.5'), txType: 'transfer' }),
    )
    expect(tx).toMatchObject({ tx_type: 'transfer', from_account: '0xA', to_account: '0xB' })
    expect(tx.amount).toBe('2.5')
    const entries = store.ledgerEntries({ limit: 10, offset: 0 }).reverse()
    expect(entries.map((e) => [e.account_id, e.credit, e.debit])).toEqual([
      ['0xC', '0', '10'],
      ['0xA', '10', '0'],
      ['0xA', '0', '2.5'],
      ['0xB', '2.5', '0'],
    ])
    expect(store.balance('0xA', '0xA', 'usdc').toFixed()).toBe('7.5')
    expect(store.balance('0xB', '0xB', 'usdc').toFixed()).toBe('2.5')
    expect(store.balance('0xC', '0xC', 'usdc').toFixed()).toBe('-10')
    expect(store.totals()).toEqual({ usdc: '10' })
  })

  it('see their own earlier moves within one transaction, and chain them', () => {
    mint(A, '5')
    store.tx(() => {
      store.move({ from: A, to: B, asset: 'usdc', amount: new Dec('3'), txType: 'transfer' })
      expect(store.balance('0xA', '0xA', 'usdc').toFixed()).toBe('2')
      store.move({ from: B, to: A, asset: 'usdc', amount: new Dec('1'), txType: 'transfer' })
      expect(() =>
        store.move({ from: A, to: B, asset: 'usdc', amount: new Dec('3.01'), txType: 'transfer' }),
      ).toThrow(RpcError)
    })
    expect(store.balance('0xA', '0xA', 'usdc').toFixed()).toBe('3')
    expect(store.balance('0xB', '0xB', 'usdc').toFixed()).toBe('2')
  })

  it('leave nothing behind when the transaction throws, cached reads included', () => {
    mint(A, '5')
    expect(() =>
      store.tx(() => {
        store.move({ from: A, to: B, asset: 'usdc', amount: new Dec('4'), txType: 'transfer' })
        throw new Error('abort')
      }),
    ).toThrow('abort')
    expect(store.balance('0xA', '0xA', 'usdc').toFixed()).toBe('5')
    expect(store.balance('0xB', '0xB', 'usdc').toFixed()).toBe('0')
    // A new transaction reads the database, not the aborted one's values.
    store.tx(() => {
      expect(store.balance('0xA', '0xA', 'usdc').toFixed()).toBe('5')
      store.move({ from: A, to: B, asset: 'usdc', amount: new Dec('5'), txType: 'transfer' })
    })
    expect(store.balance('0xA', '0xA', 'usdc').toFixed()).toBe('0')
  })

  it('forget what a rolled-back savepoint wrote, keep what the outer transaction wrote', () => {
    mint(A, '5')
    store.tx(() => {
      store.move({ from: A, to: B, asset: 'usdc', amount: new Dec('1'), txType: 'transfer' })
      expect(() =>
        store.tx(() => {
          store.move({ from: A, to: B, asset: 'usdc', amount: new Dec('2'), txType: 'transfer' })
          throw new Error('inner')
        }),
      ).toThrow('inner')
      expect(store.balance('0xA', '0xA', 'usdc').toFixed()).toBe('4')
      expect(store.balance('0xB', '0xB', 'usdc').toFixed()).toBe('1')
    })
    expect(store.balance('0xA', '0xA', 'usdc').toFixed()).toBe('4')
    expect(store.balance('0xB', '0xB', 'usdc').toFixed()).toBe('1')
  })

  it('count a session key’s spend across moves of one transaction', () => {
    mint(A, '5')
    store.tx(() => {
      for (let i = 0; i < 3; i++)
        store.move({
          from: A,
          to: B,
          asset: 'usdc',
          amount: new Dec('0.5'),
          txType: 'transfer',
          sessionKey: 7,
        })
      expect(store.keyUsed(7, 'usdc').toFixed()).toBe('1.5')
    })
    expect(store.keyUsed(7, 'usdc').toFixed()).toBe('1.5')
  })
})

describe('participantsOf', () => {
  it('returns a stored session’s participants, and undefined for an unknown id', () => {
    session('0x01', ['0xA', '0xB'])
    expect(store.participantsOf('0x01')).toEqual(['0xA', '0xB'])
    expect(store.participantsOf('0x01')).toBe(store.participantsOf('0x01'))
    expect(store.participantsOf('0x02')).toBeUndefined()
  })

  it('does not keep a session inserted by a transaction that rolled back', () => {
    expect(() =>
      store.tx(() => {
        session('0x03', ['0xA', '0xB'])
        expect(store.participantsOf('0x03')).toEqual(['0xA', '0xB'])
        throw new Error('abort')
      }),
    ).toThrow('abort')
    expect(store.participantsOf('0x03')).toBeUndefined()
    session('0x03', ['0xB', '0xC'])
    expect(store.participantsOf('0x03')).toEqual(['0xB', '0xC'])
  })
})

describe('ledger writes held back until commit', () => {
  const move = (from: Position, to: Position, amount: string) =>
    store.move({ from, to, asset: 'usdc', amount: new Dec(amount), txType: 'transfer' })
  const txIds = () => store.transactions({ limit: 100, offset: 0, sort: 'asc' }).map((t) => t.id)
  const entryIds = () =>
    store
      .ledgerEntries({ limit: 100, offset: 0 })
      .map((e) => e.id)
      .reverse()

  it('get the ids SQLite gives, in move order, across a rollback and a rolled-back savepoint', () => {
    mint(A, '10')
    expect(() =>
      store.tx(() => {
        move(A, B, '1')
        throw new Error('abort')
      }),
    ).toThrow('abort')
    const rows = store.tx(() => {
      const first = move(A, B, '1')
      expect(() =>
        store.tx(() => {
          move(A, B, '1')
          throw new Error('inner')
        }),
      ).toThrow('inner')
      // Read inside the transaction: what it wrote so far is there.
      expect(txIds()).toEqual([1, 2])
      return [first, move(B, A, '0.5'), move(A, B, '0')]
    })
    expect(rows.map((r) => r.id)).toEqual([2, 3, 4])
    expect(txIds()).toEqual([1, 2, 3, 4])
    expect(entryIds()).toEqual([1, 2, 3, 4, 5, 6])
    expect(store.ledgerEntries({ limit: 2, offset: 0 }).map((e) => e.account_id)).toEqual([
      '0xA',
      '0xB',
    ])
    expect(store.balance('0xA', '0xA', 'usdc').toFixed()).toBe('9.5')
    expect(store.totals()).toEqual({ usdc: '10' })
  })

  it('continue the ids of a reopened database file, as AUTOINCREMENT does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'devnode-store-'))
    const file = join(dir, 'node.db')
    try {
      let s = new Store(file)
      s.tx(() =>
        s.move({ from: CUSTODY, to: A, asset: 'usdc', amount: new Dec('3'), txType: 'deposit' }),
      )
      s.close()
      // A row inserted and deleted behind the store's back moves SQLite's sequence on.
      const raw = new Database(file)
      raw
        .prepare(
          "INSERT INTO transactions (tx_type, from_account, to_account, asset, amount, created_at) VALUES ('deposit', 'x', 'y', 'usdc', '1', 'now')",
        )
        .run()
      raw.prepare('DELETE FROM transactions WHERE id = 2').run()
      raw.close()
      s = new Store(file)
      const row = s.tx(() =>
        s.move({ from: A, to: B, asset: 'usdc', amount: new Dec('1'), txType: 'transfer' }),
      )
      expect(row.id).toBe(3)
      expect(s.ledgerEntries({ limit: 1, offset: 0 })[0]?.id).toBe(4)
      s.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('committed balances (balancesOf, and balance reads through them)', () => {
  const move = (from: Position, to: Position, amount: string, asset = 'usdc') =>
    store.move({ from, to, asset, amount: new Dec(amount), txType: 'transfer' })
  const list = (p: Position) => store.balancesOf(p.account, p.participant)

  it('follow every commit, new assets in SQLite order, and agree with the database', () => {
    mint(A, '10')
    expect(list(A)).toEqual([{ asset: 'usdc', amount: '10' }])
    store.tx(() => {
      move(A, B, '2.5')
      move(CUSTODY, A, '3', 'eth')
      move(CUSTODY, A, '1', 'ZZZ')
    })
    const expected = [
      { asset: 'ZZZ', amount: '1' },
      { asset: 'eth', amount: '3' },
      { asset: 'usdc', amount: '7.5' },
    ]
    expect(list(A)).toEqual(expected)
    expect(store.balance('0xA', '0xA', 'eth').toFixed()).toBe('3')
    expect(store.balance('0xA', '0xA', 'dai').toFixed()).toBe('0')
    // A second store on the same rows would read them from the database: compare with it.
    const rows = store.accountBalances('0xA').map(({ asset, amount }) => ({ asset, amount }))
    expect(rows.sort((a, b) => Buffer.compare(Buffer.from(a.asset), Buffer.from(b.asset)))).toEqual(
      expected,
    )
  })

  it('keep nothing of a transaction that rolled back', () => {
    mint(A, '10')
    expect(list(A)).toEqual([{ asset: 'usdc', amount: '10' }])
    expect(() =>
      store.tx(() => {
        move(A, B, '4')
        move(CUSTODY, A, '1', 'eth')
        expect(list(A)).toEqual([
          { asset: 'eth', amount: '1' },
          { asset: 'usdc', amount: '6' },
        ])
        throw new Error('abort')
      }),
    ).toThrow('abort')
    expect(list(A)).toEqual([{ asset: 'usdc', amount: '10' }])
    expect(store.balance('0xA', '0xA', 'usdc').toFixed()).toBe('10')
    expect(store.tx(() => store.balance('0xA', '0xA', 'eth').toFixed())).toBe('0')
  })

  it('keep what the outer transaction wrote when a savepoint rolled back', () => {
    mint(A, '10')
    list(A)
    list(B)
    store.tx(() => {
      move(A, B, '1')
      expect(() =>
        store.tx(() => {
          move(A, B, '2')
          throw new Error('inner')
        }),
      ).toThrow('inner')
      expect(list(A)).toEqual([{ asset: 'usdc', amount: '9' }])
      expect(store.balance('0xB', '0xB', 'usdc').toFixed()).toBe('1')
    })
    expect(list(A)).toEqual([{ asset: 'usdc', amount: '9' }])
    expect(list(B)).toEqual([{ asset: 'usdc', amount: '1' }])
    expect(store.balance('0xA', '0xA', 'usdc').toFixed()).toBe('9')
  })

  it('answer reads of a whole account read within the transaction, absent positions as zero', () => {
    const S1: Position = { account: '0x51', participant: '0xA', type: ACCOUNT_TYPE.appSession }
    const S2: Position = { account: '0x51', participant: '0xB', type: ACCOUNT_TYPE.appSession }
    mint(A, '10')
    store.tx(() => move(A, S1, '4'))
    store.tx(() => {
      expect(store.accountBalances('0x51')).toEqual([
        { participant: '0xA', asset: 'usdc', amount: '4' },
      ])
      expect(store.balance('0x51', '0xA', 'usdc').toFixed()).toBe('4')
      expect(store.balance('0x51', '0xB', 'usdc').toFixed()).toBe('0')
      move(S1, S2, '1.5')
      expect(store.balance('0x51', '0xB', 'usdc').toFixed()).toBe('1.5')
      expect(store.balance('0x51', '0xA', 'usdc').toFixed()).toBe('2.5')
    })
    expect(list(S2)).toEqual([{ asset: 'usdc', amount: '1.5' }])
    expect(list(S1)).toEqual([{ asset: 'usdc', amount: '2.5' }])
  })
})

describe('app-session rows and session-key spends', () => {
  /** The row as the database holds it (`SELECT *`), keys in column order. */
  const stored = (id: string) =>
    JSON.stringify(
      store
        .listSessions({ limit: 100, offset: 0, sort: 'asc' })
        .find((r) => r.app_session_id === id),
    )
  const update = (id: string, version: number, ts: number) =>
    store.updateSession(id, version, 'open', `v${version}`, { ts, hash: `0x${ts}` })

  it('are what the database holds after inserts, updates, commits and rollbacks', () => {
    session('0x01', ['0xA', '0xB'])
    expect(JSON.stringify(store.session('0x01'))).toBe(stored('0x01'))
    store.tx(() => {
      update('0x01', 2, 2)
      expect(JSON.stringify(store.session('0x01'))).toBe(stored('0x01'))
    })
    expect(store.session('0x01')).toMatchObject({ version: 2, session_data: 'v2' })
    expect(JSON.stringify(store.session('0x01'))).toBe(stored('0x01'))
    expect(() =>
      store.tx(() => {
        update('0x01', 3, 3)
        session('0x02', ['0xA', '0xB'])
        throw new Error('abort')
      }),
    ).toThrow('abort')
    expect(store.session('0x01')).toMatchObject({ version: 2, last_request_ts: 2 })
    expect(store.session('0x02')).toBeUndefined()
    store.tx(() => {
      update('0x01', 3, 3)
      expect(() =>
        store.tx(() => {
          update('0x01', 4, 4)
          throw new Error('inner')
        }),
      ).toThrow('inner')
      expect(store.session('0x01')).toMatchObject({ version: 3 })
    })
    expect(store.session('0x01')).toMatchObject({ version: 3, session_data: 'v3' })
    expect(JSON.stringify(store.session('0x01'))).toBe(stored('0x01'))
  })

  it('refuse a second session with the same id, writing nothing', () => {
    session('0x01', ['0xA', '0xB'])
    const before = stored('0x01')
    const again = store.insertSession(
      {
        app_session_id: '0x01',
        application: 'other',
        protocol: 'NitroRPC/0.4',
        participants: '[]',
        weights: '[]',
        quorum: 1,
        challenge: 0,
        nonce: 2,
        version: 1,
        status: 'open',
        session_data: null,
      },
      { ts: 9, hash: '0x9' },
    )
    expect(again).toBeUndefined()
    expect(stored('0x01')).toBe(before)
    session('0x02', ['0xA', '0xB'])
    // The refused insert took no `seq`.
    expect(store.session('0x02')).toMatchObject({ seq: 2 })
  })

  it('count a spend once committed, and not when rolled back', () => {
    mint(A, '5')
    const spend = (amount: string) =>
      store.move({
        from: A,
        to: B,
        asset: 'usdc',
        amount: new Dec(amount),
        txType: 'transfer',
        sessionKey: 3,
      })
    expect(store.keyUsed(3, 'usdc').toFixed()).toBe('0')
    store.tx(() => spend('1'))
    expect(store.keyUsed(3, 'usdc').toFixed()).toBe('1')
    expect(() =>
      store.tx(() => {
        spend('1')
        throw new Error('abort')
      }),
    ).toThrow('abort')
    expect(store.keyUsed(3, 'usdc').toFixed()).toBe('1')
    store.tx(() => {
      spend('0.5')
      expect(() =>
        store.tx(() => {
          spend('1')
          throw new Error('inner')
        }),
      ).toThrow('inner')
      expect(store.keyUsed(3, 'usdc').toFixed()).toBe('1.5')
    })
    expect(store.keyUsed(3, 'usdc').toFixed()).toBe('1.5')
  })
})

describe('keyByAddress', () => {
  const key = (wallet: string, expires_at = 2_000_000_000) => ({
    address: '0xK',
    wallet,
    application: 'app',
    allowances: '[]',
    scope: 'all',
    expires_at,
  })

  it('follows every registration and expiry of the address', () => {
    expect(store.keys.keyByAddress('0xK')).toBeUndefined()
    store.keys.registerKey(key('0xA'))
    expect(store.keys.keyByAddress('0xK')).toMatchObject({
      wallet: '0xA',
      expires_at: 2_000_000_000,
    })
    const id = store.keys.keyByAddress('0xK')!.id
    store.keys.expireKey(id, 5)
    expect(store.keys.keyByAddress('0xK')).toMatchObject({ id, expires_at: 5 })
    store.keys.registerKey(key('0xB'))
    expect(store.keys.keyByAddress('0xK')).toMatchObject({ wallet: '0xB' })
  })

  it('does not keep a registration that rolled back', () => {
    store.keys.registerKey(key('0xA'))
    expect(store.keys.keyByAddress('0xK')?.wallet).toBe('0xA')
    expect(() =>
      store.tx(() => {
        store.keys.registerKey(key('0xB'))
        expect(store.keys.keyByAddress('0xK')?.wallet).toBe('0xB')
        throw new Error('abort')
      }),
    ).toThrow('abort')
    expect(store.keys.keyByAddress('0xK')?.wallet).toBe('0xA')
  })

  it('reads inside a transaction follow a write made later in it, and its rollback', () => {
    store.keys.registerKey(key('0xA'))
    expect(() =>
      store.tx(() => {
        // Read (and cached) before this transaction writes a key.
        expect(store.keys.keyByAddress('0xK')?.wallet).toBe('0xA')
        store.keys.registerKey(key('0xB'))
        expect(store.keys.keyByAddress('0xK')?.wallet).toBe('0xB')
        store.tx(() => {
          expect(store.keys.keyByAddress('0xK')?.wallet).toBe('0xB')
        })
        throw new Error('abort')
      }),
    ).toThrow('abort')
    expect(store.keys.keyByAddress('0xK')?.wallet).toBe('0xA')
    store.tx(() => {
      expect(store.keys.keyByAddress('0xK')?.wallet).toBe('0xA')
      store.keys.expireKey(store.keys.keyByAddress('0xK')!.id, 5)
      expect(store.keys.keyByAddress('0xK')?.expires_at).toBe(5)
    })
    expect(store.keys.keyByAddress('0xK')?.expires_at).toBe(5)
  })
})
