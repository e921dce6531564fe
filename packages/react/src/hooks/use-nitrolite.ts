'use client'
import type { ClearNodeClient, ConnectionStatus } from '@nitrolite-kit/core'
import { useContext } from 'react'
import { useStore } from 'zustand'
import { NitroliteContext, type NitroliteContextValue } from '../context.js'
import { NitroliteProviderNotFoundError } from '../errors.js'
import type { NitroliteState } from '../store.js'

/** @internal */
export function useNitroliteContext(hook: string): NitroliteContextValue {
  const value = useContext(NitroliteContext)
  if (!value) throw new NitroliteProviderNotFoundError(hook)
  return value
}

/** Reads the provider's store with a selector (wrap object-returning selectors in `useShallow`). */
export function useNitroliteStore<T>(selector: (state: NitroliteState) => T): T {
  const { store } = useNitroliteContext('useNitroliteStore')
  return useStore(store, selector)
}

/** The connected `ClearNodeClient`, or `undefined` before the wallet connects. */
export function useNitroliteClient(): ClearNodeClient | undefined {
  return useNitroliteContext('useNitroliteClient').client
}

/** Return type of {@link useConnectionStatus}. */
export interface UseConnectionStatusReturnType {
  status: ConnectionStatus
  error: Error | undefined
  account: NitroliteState['account']
}

/** The ClearNode connection's status, error and authenticated account. */
export function useConnectionStatus(): UseConnectionStatusReturnType {
  const { store } = useNitroliteContext('useConnectionStatus')
  const status = useStore(store, (s) => s.status)
  const error = useStore(store, (s) => s.error)
  const account = useStore(store, (s) => s.account)
  return { status, error, account }
}
