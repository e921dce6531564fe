/** `account_type` values in ledger entries. */
export const ACCOUNT_TYPE = { custody: 0, wallet: 1000, appSession: 4000 } as const

/** A position in the ledger: an account (wallet or app session) and the participant within it. */
export interface Position {
  account: string
  participant: string
  type: number
}

/** `tx_type` values of the `transactions` table. */
export type TxType =
  | 'transfer'
  | 'deposit'
  | 'withdrawal'
  | 'app_deposit'
  | 'app_withdrawal'
  | 'escrow_lock'
  | 'escrow_unlock'

/**
 * Transaction types the devnode records only for its own bookkeeping: the movements through a
 * session's escrow position (redistributions and closes), written so that every ledger
 * movement has a transaction row with its two entries. They are never listed: for app
 * sessions the Go node records only `app_deposit` and `app_withdrawal` transactions.
 */
export const INTERNAL_TX_TYPES: readonly TxType[] = ['escrow_lock', 'escrow_unlock']

/** One row of the `transactions` table. */
export interface TransactionRow {
  id: number
  tx_type: TxType
  from_account: string
  to_account: string
  asset: string
  amount: string
  created_at: string
  /** User tag of `from_account` when it is a wallet that has one (listing and transfer only). */
  from_account_tag?: string | null
  /** User tag of `to_account` when it is a wallet that has one (listing and transfer only). */
  to_account_tag?: string | null
}

/** One row of the `app_sessions` table (`participants` and `weights` are JSON arrays). */
export interface AppSessionRow {
  app_session_id: string
  application: string
  protocol: string
  participants: string
  weights: string
  quorum: number
  challenge: number
  nonce: number
  version: number
  status: string
  session_data: string | null
  created_at: string
  updated_at: string
  /** Timestamp (`req[3]`, ms) of the last request applied to the session; 0 when unknown. */
  last_request_ts: number
  /** SHA-256 (hex) of the raw `req` bytes of the last applied request; null when unknown. */
  last_request_hash: string | null
}

/** The request that changes a session: its timestamp and the hash of its raw `req` bytes. */
export interface AppliedRequest {
  ts: number
  hash: string
}

/** One row of the `session_keys` table (`allowances` is a JSON array). */
export interface SessionKeyRow {
  id: number
  address: string
  wallet: string
  application: string
  allowances: string
  scope: string
  expires_at: number
  created_at: string
}

/** One row of the `ledger_entries` table as `get_ledger_entries` returns it. */
export interface LedgerEntryRow {
  id: number
  account_id: string
  account_type: number
  asset: string
  participant: string
  credit: string
  debit: string
  created_at: string
}

/** Filters of `get_ledger_entries` (already normalized); empty strings mean "any". */
export interface LedgerEntryQuery {
  accountId?: string
  asset?: string
  participant?: string
  /**
   * Participant of the app-session escrow positions (the broker): their entries are the
   * devnode's bookkeeping, not shown (Go's ledger has no such position).
   */
  escrowParticipant?: string
  limit: number
  offset: number
}

/** Filters of `get_ledger_transactions` (already normalized); empty strings mean "any". */
export interface TransactionQuery {
  /** Matches either side of the transaction. */
  account?: string
  asset?: string
  txType?: string
  limit: number
  offset: number
  sort: 'asc' | 'desc'
}

/** Filters of `get_app_sessions`. */
export interface SessionQuery {
  participant?: string
  status?: string
  offset: number
  limit: number
  sort: 'asc' | 'desc'
}
