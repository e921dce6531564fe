import {
  createGetAppDefinitionMessageV2,
  createGetAppSessionsMessageV2,
  createGetAssetsMessageV2,
  createGetConfigMessageV2,
  createGetLedgerBalancesMessage,
  createGetLedgerEntriesMessageV2,
  createGetLedgerTransactionsMessageV2,
  type MessageSigner,
} from '@erc7824/nitrolite'
import type { Address, Hex } from 'viem'
import { formatAmount, parseAmount } from '../amounts/amounts.js'
import type { Logger } from '../logger.js'
import type { Allocation, AppDefinition, AppSession, Asset, Balance } from '../types.js'
import type { ResponseFrame } from '../wire/envelope.js'
import {
  type LedgerEntry,
  type LedgerTransaction,
  participantOf,
  toAssets,
  toBalances,
  toDefinition,
  toLedgerEntries,
  toLedgerTransactions,
  toSession,
} from '../wire/mappers.js'
import type { SessionCache } from './session-cache.js'

/** Sends an SDK-built request (built with a fresh id and timestamp) and resolves with its response. */
export type Call = (
  build: (id: number, timestamp: number) => string | Promise<string>,
  method: string,
) => Promise<ResponseFrame>

/**
 * Every participant's holdings from a session's ledger entries (credits minus debits), zero
 * rows dropped. Amounts are computed at 18 decimals or the asset's, whichever is more.
 */
export function holdingsFromEntries(
  entries: LedgerEntry[],
  decimals: Record<string, number>,
  participants: readonly Address[] = [],
): Allocation[] {
  const sums = new Map<string, { who: string; asset: string; units: bigint }>()
  for (const e of entries) {
    const d = Math.max(decimals[e.asset] ?? 18, 18)
    const key = `${e.participant.toLowerCase()}|${e.asset}`
    const row = sums.get(key) ?? { who: e.participant, asset: e.asset, units: 0n }
    row.units += parseAmount(e.credit, d) - parseAmount(e.debit, d)
    sums.set(key, row)
  }
  return [...sums.values()]
    .filter((r) => r.units !== 0n)
    .map((r) => ({
      participant: participantOf(participants, r.who),
      asset: r.asset,
      amount: formatAmount(r.units, Math.max(decimals[r.asset] ?? 18, 18)),
    }))
}

/**
 * Final allocations of a closed session: its last batch of `app_withdrawal` payouts (those
 * written within 2 s before the session's last update).
 */
export function payoutsFromTransactions(
  session: AppSession,
  transactions: LedgerTransaction[],
): Allocation[] {
  const closedAt = Date.parse(session.updatedAt) - 2000
  return transactions
    .filter((t) => t.from === session.appSessionId && t.createdAt >= closedAt)
    .map((t) => ({
      participant: participantOf(session.participants, t.to),
      asset: t.asset,
      amount: t.amount,
    }))
}

/** The node reads of one client. Sessions read pass through `remember` (cache + event). */
export interface Reads {
  getAssets(): Promise<Asset[]>
  /** Decimals by asset symbol (assets read once, then cached; `assets` pushes refresh them). */
  decimals(): Promise<Record<string, number>>
  setAssets(assets: Asset[]): void
  getConfig(): Promise<{ brokerAddress: Address }>
  getLedgerBalances(accountId?: string): Promise<Balance[]>
  getAppSessions(params?: {
    participant?: Address
    status?: 'open' | 'closed'
  }): Promise<AppSession[]>
  getAppDefinition(appSessionId: Hex): Promise<AppDefinition>
  /** Re-reads one session and its holdings (open) or final payouts (closed). */
  refreshAppSession(appSessionId: Hex): Promise<AppSession | undefined>
  /**
   * Re-reads this wallet's sessions: an open one that is new or changed is read with its
   * holdings, one that just closed with its payouts, others are merged as listed. Used on (re)connect, `bu` pushes and messages from
   * sessions this client does not know yet.
   */
  syncSessions(): Promise<void>
}

/** Creates the reads over `call`. */
export function createReads(ctx: {
  call: Call
  signer(): MessageSigner
  wallet(): Address
  sessions: SessionCache
  remember(session: AppSession): AppSession
  logger: Logger
}): Reads {
  let assets: Asset[] | undefined

  async function getAssets() {
    const res = await ctx.call(
      (id, ts) => createGetAssetsMessageV2(undefined, id, ts),
      'get_assets',
    )
    assets = toAssets(res.params.assets)
    return assets
  }

  async function decimals() {
    const list = assets ?? (await getAssets())
    return Object.fromEntries(list.map((a) => [a.symbol, a.decimals]))
  }

  async function listSessions(participant: Address, status?: 'open' | 'closed') {
    const res = await ctx.call(
      (id, ts) => createGetAppSessionsMessageV2(participant, status as never, id, ts),
      'get_app_sessions',
    )
    return ((res.params.appSessions ?? []) as unknown[]).map(toSession)
  }

  async function holdings(session: AppSession): Promise<Allocation[]> {
    const res = await ctx.call(
      (id, ts) => createGetLedgerEntriesMessageV2(session.appSessionId, undefined, id, ts),
      'get_ledger_entries',
    )
    const known = ctx.sessions.get(session.appSessionId) ?? session
    return holdingsFromEntries(
      toLedgerEntries(res.params.ledgerEntries),
      await decimals(),
      known.participants,
    )
  }

  async function payouts(session: AppSession): Promise<Allocation[]> {
    const known = ctx.sessions.get(session.appSessionId)
    if (known?.status === 'closed' && known.allocations) return known.allocations
    const res = await ctx.call(
      (id, ts) =>
        createGetLedgerTransactionsMessageV2(
          session.appSessionId,
          { tx_type: 'app_withdrawal', limit: 100 } as never,
          id,
          ts,
        ),
      'get_ledger_transactions',
    )
    return payoutsFromTransactions(session, toLedgerTransactions(res.params.ledgerTransactions))
  }

  async function full(session: AppSession): Promise<AppSession> {
    const allocations = session.status === 'open' ? await holdings(session) : await payouts(session)
    return ctx.remember({ ...session, allocations })
  }

  return {
    getAssets,
    decimals,
    setAssets: (list) => {
      assets = list
    },
    async getConfig() {
      const res = await ctx.call((id, ts) => createGetConfigMessageV2(id, ts), 'get_config')
      return { brokerAddress: res.params.brokerAddress }
    },
    async getLedgerBalances(accountId) {
      const res = await ctx.call(
        (id, ts) => createGetLedgerBalancesMessage(ctx.signer(), accountId, id, ts),
        'get_ledger_balances',
      )
      return toBalances(res.params.ledgerBalances)
    },
    async getAppSessions(params = {}) {
      const list = await listSessions(params.participant ?? ctx.wallet(), params.status)
      return list.map(ctx.remember)
    },
    async getAppDefinition(appSessionId) {
      const res = await ctx.call(
        (id, ts) => createGetAppDefinitionMessageV2(appSessionId, id, ts),
        'get_app_definition',
      )
      return toDefinition(res.raw)
    },
    async refreshAppSession(appSessionId) {
      const found = (await listSessions(ctx.wallet())).find((s) => s.appSessionId === appSessionId)
      return found ? full(found) : ctx.sessions.get(appSessionId)
    },
    async syncSessions() {
      for (const s of await listSessions(ctx.wallet())) {
        const prev = ctx.sessions.get(s.appSessionId)
        if (prev && prev.version === s.version && prev.status === s.status && prev.allocations)
          continue // unchanged: nothing to read or tell
        // Open: read holdings. Closed: read payouts only for a session seen open (it just closed).
        const read = s.status === 'open' || (prev !== undefined && prev.status !== 'closed')
        if (read) await full(s)
        else ctx.remember(s)
      }
    },
  }
}
