'use client'
import type { AppSession } from '@nitrolite-kit/core'
import type { Hex } from 'viem'
import { useStore } from 'zustand'
import { useNitroliteContext } from '../context.js'

/** Parameters of {@link useAppSession}. */
export interface UseAppSessionParameters {
  /** The session to read. Without one the hook returns `undefined`. */
  appSessionId?: Hex | undefined
}

/** Return type of {@link useAppSession}. */
export type UseAppSessionReturnType = AppSession | undefined

/**
 * One session from the store, live (`asu`, create, close), or `undefined` while unknown.
 *
 * @example
 * const session = useAppSession({ appSessionId })
 */
export function useAppSession(parameters: UseAppSessionParameters = {}): UseAppSessionReturnType {
  const { appSessionId } = parameters
  const { store } = useNitroliteContext('useAppSession')
  return useStore(store, (s) => (appSessionId ? s.sessions[appSessionId] : undefined))
}
