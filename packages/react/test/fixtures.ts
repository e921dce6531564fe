import type { AppDefinition, AppSession, ClearNodeClient } from '@nitrolite-kit/core'
import type { Devnode } from '@nitrolite-kit/devnode'
import { ALICE, BOB, peersDefinition } from '@nitrolite-kit/test-utils'
import { setupDevnode as setupTestDevnode } from '@nitrolite-kit/test-utils/devnode'
import { cleanup } from '@testing-library/react'
import { vi } from 'vitest'
import { useNitroliteStore } from '../src/hooks/use-nitrolite-store.js'

export { ALICE, BOB }

/**
 * Starts a fresh in-process devnode before each test (Alice and Bob hold 100 usdc) and stops
 * it after. Read `node.current` inside tests.
 */
export function setupDevnode(): { current: Devnode } {
  return setupTestDevnode(
    { [ALICE]: { usdc: '100' }, [BOB]: { usdc: '100' } },
    { beforeClose: cleanup },
  )
}

/** Alice and Bob, 50/50 weights, quorum 50: either one can submit or close alone. */
export const definition = (): AppDefinition => peersDefinition([ALICE, BOB], { quorum: 50 })

/** Creates a session funded by Alice alone (no co-signer needed). */
export function createSession(client: ClearNodeClient, amount = '10'): Promise<AppSession> {
  return client.createAppSession({
    definition: definition(),
    allocations: [{ participant: ALICE, asset: 'usdc', amount }],
  })
}

/** `vi.waitUntil` options for waits that include a node round trip or co-signing. */
export const slow = { timeout: 5_000, interval: 20 }

/** Waits until the client that `get` returns is connected and authenticated, and returns it. */
export function connected(get: () => ClearNodeClient | undefined): Promise<ClearNodeClient> {
  return vi.waitUntil(() => {
    const client = get()
    return client?.getStatus() === 'connected' && client.getAccount() ? client : undefined
  }, slow)
}

/**
 * `true` once the client's read after connecting has landed (it emits `balances`). Tests that
 * watch balance pushes wait for it: that read can still answer with balances older than a push
 * that arrives while it runs, and would overwrite them.
 */
export function useSynced(): boolean {
  return useNitroliteStore({ selector: (s) => s.balances.length > 0 })
}
