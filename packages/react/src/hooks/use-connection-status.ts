'use client'
import type { ConnectionStatus } from '@nitrolite-kit/core'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { useNitroliteContext } from '../context.js'
import type { NitroliteState } from '../store.js'

/** Parameters of {@link useConnectionStatus}. None yet; reserved so every hook has one shape. */
export type UseConnectionStatusParameters = Record<string, never>

/** Return type of {@link useConnectionStatus}. */
export interface UseConnectionStatusReturnType {
  status: ConnectionStatus
  /** The error that put the connection in the `error` status. */
  error: Error | undefined
  /** Wallet and session key once authenticated. */
  account: NitroliteState['account']
}

/**
 * The ClearNode connection's status, error and authenticated account (live store values).
 *
 * @example
 * const { status, account } = useConnectionStatus()
 * if (status !== 'connected') return <p>{status}…</p>
 */
export function useConnectionStatus(
  _parameters: UseConnectionStatusParameters = {},
): UseConnectionStatusReturnType {
  const { store } = useNitroliteContext('useConnectionStatus')
  return useStore(
    store,
    useShallow((s) => ({ status: s.status, error: s.error, account: s.account })),
  )
}
