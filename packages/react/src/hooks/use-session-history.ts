'use client'
import type { AppSession } from '@nitrolite-kit/core'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { useNitroliteContext } from '../context.js'

/** Parameters of {@link useSessionHistory}. None yet; reserved so every hook has one shape. */
export type UseSessionHistoryParameters = Record<string, never>

/** Return type of {@link useSessionHistory}. */
export type UseSessionHistoryReturnType = AppSession[]

/**
 * Closed sessions I took part in, most recently updated first, with their final allocations
 * (live from the store).
 *
 * @example
 * const history = useSessionHistory()
 */
export function useSessionHistory(
  _parameters: UseSessionHistoryParameters = {},
): UseSessionHistoryReturnType {
  const { store } = useNitroliteContext('useSessionHistory')
  return useStore(
    store,
    useShallow((s) =>
      Object.values(s.sessions)
        .filter((x) => x.status === 'closed')
        .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)),
    ),
  )
}
