// The ledger invariant every ledger, fault and fuzz test asserts (see ledger-check.ts).
import { expect } from 'vitest'
import { ledgerViolations } from './ledger-check.js'

/**
 * The ledger invariant: every account balance is ≥ 0, the sum of all (non-custody) accounts
 * equals what the faucet minted (and the custody account holds its negative), and every closed
 * session's account is empty.
 */
export function assertLedgerInvariant(dbPath: string, minted: Record<string, string>): void {
  expect(ledgerViolations(dbPath, minted), 'the ledger invariant').toEqual([])
}
