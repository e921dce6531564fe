import { describe, expect, it } from 'vitest'
import { createRequestBook, type KeyValueStorage, type RequestEntry } from './request-book.js'

const ALICE = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'

function memory(): KeyValueStorage & { map: Map<string, string> } {
  const map = new Map<string, string>()
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) }
}

const entry = (n: number): RequestEntry => ({
  intentId: `0x${n.toString(16).padStart(64, '0')}`,
  id: `0x${n.toString(16).padStart(64, '0')}`,
  role: 'incoming',
  appSessionId: `0x${'ab'.repeat(32)}`,
  method: 'close_app_session',
  from: ALICE,
  createdAt: 1000,
  expiresAt: 10_000_000_000_000,
  status: 'pending',
  signers: [],
  quorum: 100,
})

const storedIds = (storage: ReturnType<typeof memory>) =>
  (
    JSON.parse([...storage.map.values()][0] ?? '{"entries":[]}') as { entries: RequestEntry[] }
  ).entries
    .map((e) => [e.intentId.slice(-1), e.status])
    .sort()

describe('request book shared by two tabs of one wallet', () => {
  it('neither tab erases the other’s entries, and a settled copy is never replaced by a pending one', () => {
    const storage = memory()
    const a = createRequestBook({ storage, onChange: () => {} })
    const b = createRequestBook({ storage, onChange: () => {} })
    a.load('scope')
    b.load('scope')
    a.put(entry(1))
    b.put(entry(2))
    expect(storedIds(storage)).toEqual([
      ['1', 'pending'],
      ['2', 'pending'],
    ])
    // Both tabs hold request 1; tab A settles it, then tab B writes its (pending) copy.
    b.put(entry(1))
    a.settle(entry(1).intentId, { status: 'rejected', by: ALICE, at: Date.now() })
    b.patch(entry(2).intentId, { decision: 'approved' })
    expect(storedIds(storage)).toEqual([
      ['1', 'rejected'],
      ['2', 'pending'],
    ])
    // A reload sees both.
    const c = createRequestBook({ storage, onChange: () => {} })
    c.load('scope')
    expect(c.get(entry(1).intentId)?.status).toBe('rejected')
    expect(c.get(entry(2).intentId)?.decision).toBe('approved')
  })
})
