import type { Address } from 'viem'
import type { Allocation, AppDefinition, AppSession, Asset, Balance } from '../types.js'

/**
 * Wire → domain mappers. Input is what the SDK's parsers return (camelCase) or, where the SDK has
 * no parser or drops a field, the node's raw params (snake_case); both spellings are read.
 */

/**
 * An untyped wire record, read field by field. The package's one `any`: everything the node
 * sends passes through these mappers before the rest of core sees it.
 */
// biome-ignore lint/suspicious/noExplicitAny: the SDK boundary (see above).
export type Wire = any

const text = (v: unknown) => (v instanceof Date ? v.toISOString() : String(v ?? ''))

/** `get_assets` / `assets` entries. */
export function toAssets(list: Wire[] | undefined): Asset[] {
  return (list ?? []).map((a) => ({
    token: a.token,
    chainId: a.chainId ?? a.chain_id,
    symbol: a.symbol,
    decimals: a.decimals,
  }))
}

/** `get_ledger_balances` entries and `bu` updates. */
export function toBalances(list: Wire[] | undefined): Balance[] {
  return (list ?? []).map((b) => ({ asset: b.asset, amount: String(b.amount) }))
}

/** One app session of `get_app_sessions` or `asu`, without allocations. */
export function toSession(s: Wire): AppSession {
  return {
    appSessionId: s.appSessionId ?? s.app_session_id,
    application: s.application ?? '',
    status: s.status,
    participants: s.participants,
    protocol: s.protocol,
    weights: s.weights,
    quorum: s.quorum,
    challenge: s.challenge,
    nonce: s.nonce,
    version: s.version,
    sessionData: s.sessionData ?? s.session_data,
    createdAt: text(s.createdAt ?? s.created_at),
    updatedAt: text(s.updatedAt ?? s.updated_at),
  }
}

/** Allocation rows (`asu` participant allocations, request params). */
export function toAllocations(list: Wire[] | undefined): Allocation[] {
  return (list ?? []).map((a) => ({
    participant: a.participant as Address,
    asset: a.asset,
    amount: String(a.amount),
  }))
}

/** The raw `get_app_definition` params (the SDK's parser drops `application`). */
export function toDefinition(raw: Wire): AppDefinition {
  return {
    application: raw.application,
    protocol: raw.protocol,
    participants: raw.participants,
    weights: raw.weights,
    quorum: raw.quorum,
    challenge: raw.challenge,
    nonce: raw.nonce,
  }
}

/** A ledger entry (`get_ledger_entries`). */
export interface LedgerEntry {
  participant: Address
  asset: string
  credit: string
  debit: string
}

/** `get_ledger_entries` entries. */
export function toLedgerEntries(list: Wire[] | undefined): LedgerEntry[] {
  return (list ?? []).map((e) => ({
    participant: e.participant,
    asset: e.asset,
    credit: String(e.credit),
    debit: String(e.debit),
  }))
}

/** A ledger transaction (`get_ledger_transactions`). */
export interface LedgerTransaction {
  from: string
  to: string
  asset: string
  amount: string
  /** Milliseconds. */
  createdAt: number
}

/** `get_ledger_transactions` entries. */
export function toLedgerTransactions(list: Wire[] | undefined): LedgerTransaction[] {
  return (list ?? []).map((t) => ({
    from: String(t.fromAccount ?? t.from_account),
    to: String(t.toAccount ?? t.to_account),
    asset: t.asset,
    amount: String(t.amount),
    createdAt:
      t.createdAt instanceof Date ? t.createdAt.getTime() : Date.parse(String(t.createdAt)),
  }))
}

/** Case-insensitive lookup of a wallet among a session's participants (keeps their casing). */
export function participantOf(participants: readonly Address[], who: string): Address {
  return participants.find((p) => p.toLowerCase() === who.toLowerCase()) ?? (who as Address)
}
