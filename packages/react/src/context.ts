import type { ClearNodeClient } from '@nitrolite-kit/core'
import { createContext, useContext } from 'react'
import { NitroliteProviderNotFoundError } from './errors.js'
import type { NitroliteStore } from './store.js'

/** What `NitroliteProvider` shares with its hooks. */
export interface NitroliteContextValue {
  store: NitroliteStore
  client: ClearNodeClient | undefined
  /** The ClearNode WebSocket URL (the provider's `url` prop); part of every query key. */
  url: string
}

/** @internal */
export const NitroliteContext = createContext<NitroliteContextValue | undefined>(undefined)

/**
 * The provider's context; throws {@link NitroliteProviderNotFoundError} outside it.
 *
 * @internal
 */
export function useNitroliteContext(hook: string): NitroliteContextValue {
  const value = useContext(NitroliteContext)
  if (!value) throw new NitroliteProviderNotFoundError(hook)
  return value
}
