'use client'
import type { ConnectionStatus } from '@nitrolite-kit/core'
import { useMemo } from 'react'
import { useConnection } from 'wagmi'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { useNitroliteContext } from '../context.js'
import type { NitroliteState } from '../store.js'

/** Parameters of {@link useConnectionStatus}. None yet; reserved so every hook has one shape. */
export type UseConnectionStatusParameters = Record<string, never>

/** Return type of {@link useConnectionStatus}. */
export interface UseConnectionStatusReturnType {
  /** The ClearNode connection. `disconnected` also while no wallet is connected: see `wallet`. */
  status: ConnectionStatus
  /**
   * The wagmi wallet the provider authenticates with: `disconnected` means no wallet is
   * connected yet (so the node connection cannot start), `connecting` covers wagmi's
   * connecting and reconnecting.
   */
  wallet: 'connected' | 'connecting' | 'disconnected'

  /** The error that put the connection in the `error` status. */
  error: Error | undefined
  /** Wallet and session key once authenticated. */
  account: NitroliteState['account']
}

/**
 * The ClearNode connection's status, error and authenticated account (live store values), and
 * whether a wallet is connected at all.
 *
 * @example
 * const { status, wallet, account } = useConnectionStatus()
 * if (wallet === 'disconnected') return <p>Connect a wallet to start.</p>
 * if (status !== 'connected') return <p>{status}…</p>
 */
export function useConnectionStatus(
  _parameters: UseConnectionStatusParameters = {},
): UseConnectionStatusReturnType {
  const { store } = useNitroliteContext('useConnectionStatus')
  const { status: walletStatus } = useConnection()
  const node = useStore(
    store,
    useShallow((s) => ({ status: s.status, error: s.error, account: s.account })),
  )
  const wallet =
    walletStatus === 'connected'
      ? 'connected'
      : walletStatus === 'disconnected'
        ? 'disconnected'
        : 'connecting'
  return useMemo(() => ({ ...node, wallet }), [node, wallet])
}
