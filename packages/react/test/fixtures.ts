import type { AppDefinition, AppSession, ClearNodeClient } from '@nitrolite-kit/core'
import { type Devnode, startDevnode } from '@nitrolite-kit/devnode'
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach, vi } from 'vitest'
import { useNitroliteStore } from '../src/hooks/use-nitrolite-store.js'
import { address, KEYS } from './wrapper.js'

export const ALICE = address(KEYS.alice)
export const BOB = address(KEYS.bob)

/**
 * Starts a fresh in-process devnode before each test (Alice and Bob hold 100 usdc) and stops
 * it after. Read `node.current` inside tests.
 */
export function setupDevnode(): { current: Devnode } {
  const node = {} as { current: Devnode }
  beforeEach(async () => {
    node.current = await startDevnode({ port: 0 })
    await node.current.fund(ALICE, 'usdc', '100')
    await node.current.fund(BOB, 'usdc', '100')
  })
  afterEach(async () => {
    cleanup()
    await node.current.close()
  })
  return node
}

let nonce = Date.now()

/** Alice and Bob, 50/50 weights, quorum 50: either one can submit or close alone. */
export const definition = (): AppDefinition => ({
  application: 'chess',
  protocol: 'NitroRPC/0.4',
  participants: [ALICE, BOB],
  weights: [50, 50],
  quorum: 50,
  challenge: 0,
  nonce: nonce++,
})

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
