'use client'
import type { AppSession } from '@nitrolite-kit/core'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { useNitroliteContext } from '../context.js'

/** Parameters of {@link useActiveSessions}. None yet; reserved so every hook has one shape. */
export type UseActiveSessionsParameters = Record<string, never>

/** Return type of {@link useActiveSessions}. */
export type UseActiveSessionsReturnType = AppSession[]

/**
 * Open sessions I take part in, newest first, live from the store (their ids survive a reload).
 *
 * @example
 * const sessions = useActiveSessions()
 * return sessions.map((s) => <SessionRow key={s.appSessionId} session={s} />)
 */
export function useActiveSessions(
  _parameters: UseActiveSessionsParameters = {},
): UseActiveSessionsReturnType {
  const { store } = useNitroliteContext('useActiveSessions')
  return useStore(
    store,
    useShallow((s) =>
      s.activeSessionIds.map((id) => s.sessions[id]).filter((x): x is AppSession => Boolean(x)),
    ),
  )
}
