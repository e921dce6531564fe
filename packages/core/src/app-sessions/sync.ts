import type { Hex } from 'viem'
import type { Logger } from '../logger.js'
import type { AppSession, Balance } from '../types.js'
import type { ResponseFrame } from '../wire/envelope.js'
import { toAllocations, toAssets, toBalances, toSession } from '../wire/mappers.js'
import type { Reads } from './reads.js'

/** Debounce of the session re-read a burst of `bu` pushes triggers. */
const SYNC_DEBOUNCE_MS = 50

/**
 * Keeps the client's sessions and balances in sync with the node: a read of both after every
 * (re)connect, the server pushes (`bu`, `assets`, `asu`), and a debounced re-read of the
 * sessions on a balance push (create and close push no `asu`: a balance change is the hint).
 */
export function createSessionSync(ctx: {
  reads: Reads
  remember(session: AppSession): AppSession
  balances(balances: Balance[]): void
  /** Whether a re-read may run now (authenticated and connected). */
  connected(): boolean
  logger: Logger
}) {
  let timer: ReturnType<typeof setTimeout> | undefined
  /** Counts `bu` pushes, so a balance read that a push overtook is not emitted over it. */
  let balancePushes = 0

  function scheduleSessions() {
    if (timer) return
    timer = setTimeout(() => {
      timer = undefined
      if (ctx.connected())
        void ctx.reads.syncSessions().catch((e) => ctx.logger.warn('session sync failed', e))
    }, SYNC_DEBOUNCE_MS)
  }

  return {
    /** Reads this wallet's sessions and balances (after connecting); never throws. */
    async afterConnect(): Promise<void> {
      try {
        await ctx.reads.syncSessions()
        const pushes = balancePushes
        const balances = await ctx.reads.getLedgerBalances()
        if (pushes === balancePushes) ctx.balances(balances)
      } catch (error) {
        ctx.logger.warn('could not read sessions and balances', error)
      }
    },
    /** A server push (a response frame with id 0). */
    onPush(frame: ResponseFrame): void {
      switch (frame.method) {
        case 'bu':
          balancePushes++
          ctx.balances(toBalances(frame.raw.balance_updates))
          scheduleSessions()
          break
        case 'assets':
          ctx.reads.setAssets(toAssets(frame.raw.assets))
          break
        case 'asu':
          ctx.remember({
            ...toSession(frame.raw.app_session),
            allocations: toAllocations(frame.raw.participant_allocations),
          })
          break
      }
    },
    /** Re-reads one session, logging (not throwing) a failure. */
    refresh(appSessionId: Hex): void {
      void ctx.reads
        .refreshAppSession(appSessionId)
        .catch((error) => ctx.logger.warn('session refresh failed', error))
    },
    /** Cancels a pending re-read (on disconnect). */
    stop(): void {
      if (timer) clearTimeout(timer)
      timer = undefined
    },
  }
}
