'use client'
import { useStore } from 'zustand'
import { useNitroliteContext } from '../context.js'
import type { NitroliteState } from '../store.js'

/** Parameters of {@link useNitroliteStore}. */
export interface UseNitroliteStoreParameters<TSelected = NitroliteState> {
  /**
   * Picks a slice of the store; the component re-renders when the slice changes (wrap
   * object-returning selectors in `useShallow`). Defaults to the whole state.
   */
  selector?: ((state: NitroliteState) => TSelected) | undefined
}

/** Return type of {@link useNitroliteStore}: what the selector returns. */
export type UseNitroliteStoreReturnType<TSelected = NitroliteState> = TSelected

const identity = (state: NitroliteState) => state

/**
 * Reads the provider's zustand store with a selector (store value, not a TanStack result).
 *
 * @example
 * const balances = useNitroliteStore({ selector: (s) => s.balances })
 */
export function useNitroliteStore<TSelected = NitroliteState>(
  parameters: UseNitroliteStoreParameters<TSelected> = {},
): UseNitroliteStoreReturnType<TSelected> {
  const { store } = useNitroliteContext('useNitroliteStore')
  const selector = parameters.selector ?? (identity as (state: NitroliteState) => TSelected)
  return useStore(store, selector)
}
