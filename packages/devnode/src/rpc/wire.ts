import type { AppSessionRow, TransactionRow } from '../db/store.js'

/**
 * A transaction as the wire shows it (`tr`, `transfer`, `get_ledger_transactions`), in Go's
 * field order. `from_account_tag` and `to_account_tag` are present only when the account is a
 * wallet with a user tag (Go's `omitempty`): never for app sessions or the custody account.
 */
export function txJson(t: TransactionRow) {
  return {
    id: t.id,
    tx_type: t.tx_type,
    from_account: t.from_account,
    ...(t.from_account_tag ? { from_account_tag: t.from_account_tag } : {}),
    to_account: t.to_account,
    ...(t.to_account_tag ? { to_account_tag: t.to_account_tag } : {}),
    asset: t.asset,
    amount: t.amount,
    created_at: t.created_at,
  }
}

/** An app session as the wire shows it (`asu`, `get_app_sessions`). */
export function sessionJson(s: AppSessionRow) {
  return {
    app_session_id: s.app_session_id,
    application: s.application,
    status: s.status,
    participants: JSON.parse(s.participants),
    ...(s.session_data ? { session_data: s.session_data } : {}),
    protocol: s.protocol,
    challenge: s.challenge,
    weights: JSON.parse(s.weights),
    quorum: s.quorum,
    version: s.version,
    nonce: s.nonce,
    created_at: s.created_at,
    updated_at: s.updated_at,
  }
}

/**
 * The reply of create/submit/close: the Go node fills only id, version and status, and its
 * empty (nil) `participants` and `weights` slices serialise as `null`. The SDK's parsers of
 * these replies read only `app_session_id`, `version` and `status`.
 */
export function stateResponse(id: string, version: number, status: string) {
  return {
    app_session_id: id,
    application: '',
    status,
    participants: null,
    protocol: '',
    challenge: 0,
    weights: null,
    quorum: 0,
    version,
    nonce: 0,
    created_at: '',
    updated_at: '',
  }
}
