import { getAddress, isAddress } from 'viem'
import { ACCOUNT_TYPE, type Position } from '../db/store.js'

/** Most {@link norm} answers kept at once. */
const NORMS_CACHED = 4096
const norms = new Map<string, string>()

/** Ledger key for a wallet: checksummed when it is an address (the ledger is case-insensitive). */
export function norm(address: string): string {
  const known = norms.get(address)
  if (known !== undefined) return known
  const key = isAddress(address, { strict: false }) ? getAddress(address) : address
  // Bounded: emptied when full (the answer depends on the text only).
  if (norms.size >= NORMS_CACHED) norms.clear()
  norms.set(address, key)
  return key
}

/** A wallet's own position in its unified account. */
export function walletPos(address: string): Position {
  return { account: address, participant: address, type: ACCOUNT_TYPE.wallet }
}

/** A participant's position inside an app session's account. */
export function sessionPos(id: string, participant: string): Position {
  return { account: id, participant, type: ACCOUNT_TYPE.appSession }
}

/**
 * The per-session escrow position (the broker inside the session account) through which
 * redistributions and closes pass, so the ledger stays balanced at every step.
 */
export function escrowPos(id: string, broker: string): Position {
  return { account: id, participant: broker, type: ACCOUNT_TYPE.appSession }
}
