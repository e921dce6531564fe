// Who may end a signature request: only its proposer's `sign_outcome` counts. A participant in
// bad faith cannot cancel or "complete" someone else's request in other clients' eyes.
import { ALICE, BOB, CAROL } from '@nitrolite-kit/test-utils'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { createIncomingRequests } from '../src/app-sessions/incoming-requests.js'
import { createRequestBook } from '../src/app-sessions/request-book.js'
import type { TransportMessage } from '../src/transports/types.js'

const SID = `0x${'ab'.repeat(32)}` as Hex
const INTENT = `0x${'cd'.repeat(32)}` as Hex

function table() {
  const book = createRequestBook({ onChange: () => {} })
  const settled: string[] = []
  const incoming = createIncomingRequests({
    book,
    session: async () => undefined,
    decimals: async () => ({ usdc: 6 }),
    balances: async () => [],
    allowances: [],
    me: () => BOB,
    sign: async () => '0x',
    certificate: () => undefined,
    reply: async () => {},
    settled: (_id, outcome) => void settled.push(outcome),
    refused: () => {},
  })
  book.put({
    intentId: INTENT,
    id: INTENT,
    role: 'incoming',
    appSessionId: SID,
    method: 'close_app_session',
    from: ALICE,
    createdAt: Date.now(),
    expiresAt: Date.now() + 60_000,
    status: 'pending',
    signers: [],
    quorum: 2,
  })
  return { book, incoming, settled }
}

const outcome = (sender: Hex, data: unknown, appSessionId = SID): TransportMessage => ({
  appSessionId,
  sender,
  kind: 'sign_outcome',
  data,
  id: 1,
  timestamp: Date.now(),
})

describe('sign_outcome', () => {
  it('behavior: ignored from anyone but the proposer, for another session, or with an unknown status', () => {
    const { book, incoming, settled } = table()
    incoming.onOutcome(outcome(CAROL, { intentId: INTENT, status: 'cancelled' }))
    incoming.onOutcome(
      outcome(ALICE, { intentId: INTENT, status: 'cancelled' }, `0x${'ef'.repeat(32)}`),
    )
    incoming.onOutcome(outcome(ALICE, { intentId: INTENT, status: 'approved' }))
    incoming.onOutcome(outcome(ALICE, null))
    expect(book.get(INTENT)?.status).toBe('pending')
    expect(settled).toEqual([])
    incoming.stop()
  })

  it('default: the proposer’s outcome settles the request for this client, once', () => {
    const { book, incoming, settled } = table()
    incoming.onOutcome(
      outcome(ALICE, { intentId: INTENT, status: 'cancelled', reason: 'x'.repeat(900) }),
    )
    incoming.onOutcome(outcome(ALICE, { intentId: INTENT, status: 'sent' }))
    expect(book.get(INTENT)?.status).toBe('cancelled')
    expect(book.get(INTENT)?.outcome?.reason).toHaveLength(500)
    expect(settled).toEqual(['cancelled'])
    incoming.stop()
  })
})
