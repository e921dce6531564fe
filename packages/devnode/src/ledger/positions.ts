import { getAddress, isAddress } from 'viem'
import { ACCOUNT_TYPE, type Position } from '../db/store.js'

/** Ledger key for a wallet: checksummed when it is an address (the ledger is case-insensitive). */
export function norm(address: string): string {
  return isAddress(address, { strict: false }) ? getAddress(address) : address
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
