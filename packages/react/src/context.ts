import type { ClearNodeClient } from '@nitrolite-kit/core'
import { createContext } from 'react'
import type { NitroliteStore } from './store.js'

/** What `NitroliteProvider` shares with its hooks. */
export interface NitroliteContextValue {
  store: NitroliteStore
  client: ClearNodeClient | undefined
  /** Base HTTP URL of the node (derived from `url`), used for devnode detection. */
  url: string
}

/** @internal */
export const NitroliteContext = createContext<NitroliteContextValue | undefined>(undefined)
