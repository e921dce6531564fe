import { useLedgerBalances } from '@nitrolite-kit/react'
import { useEffect, useState } from 'react'
import {
  KNOWN_BALANCES,
  type KnownBalances,
  loadKnownBalances,
  saveKnownBalances,
} from '../accounts.js'

/**
 * Shares this tab's live ledger balances with the other tabs of the browser profile, so a player
 * creating a session there can check the stake against them before anyone signs.
 */
export function useShareBalances(address: string): void {
  const { data } = useLedgerBalances()
  useEffect(() => {
    if (data) saveKnownBalances(address, data)
  }, [address, data])
}

/** Balances the accounts of this profile last reported (updated live from other tabs). */
export function useKnownBalances(): Record<string, KnownBalances> {
  const [known, setKnown] = useState(loadKnownBalances)
  useEffect(() => {
    const on = (e: StorageEvent) => {
      if (e.key === KNOWN_BALANCES) setKnown(loadKnownBalances())
    }
    window.addEventListener('storage', on)
    return () => window.removeEventListener('storage', on)
  }, [])
  return known
}
