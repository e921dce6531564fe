import { BOB, KEYS } from '@nitrolite-kit/test-utils'
import { expect, it, vi } from 'vitest'
import { setupDevnode, slow } from '../test/fixtures.js'
import { renderWithNitrolite } from '../test/wrapper.js'
import { useConnectionStatus } from './hooks/use-connection-status.js'

const node = setupDevnode()

/** A `Storage` in memory, shared by the providers of one test like a page's `localStorage`. */
function memoryStorage(): Storage {
  const map = new Map<string, string>()
  return {
    get length() {
      return map.size
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => {
      map.delete(k)
    },
    setItem: (k, v) => {
      map.set(k, String(v))
    },
  }
}

it('parameters: storageKey keeps two providers of one application apart', async () => {
  const storage = memoryStorage()
  const alice = await renderWithNitrolite(() => useConnectionStatus(), {
    url: node.current.url,
    privateKey: KEYS.alice,
    storage,
    storageKey: 'table-1',
  })
  const bob = await renderWithNitrolite(() => useConnectionStatus(), {
    url: node.current.url,
    privateKey: KEYS.bob,
    storage,
    storageKey: 'table-2',
  })
  await vi.waitUntil(() => alice.result.current.account && bob.result.current.account, slow)
  const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)!)
  // Each provider's session key lives under its own prefix, in the storage it was given.
  expect(keys.filter((k) => k.startsWith('table-1:session-key:'))).toHaveLength(1)
  expect(keys.filter((k) => k.startsWith('table-2:session-key:'))).toHaveLength(1)
  expect(keys.filter((k) => k.startsWith('nitrolite-kit'))).toEqual([])
  expect(bob.result.current.account?.wallet).toBe(BOB)
  expect(alice.result.current.account?.sessionKey).not.toBe(bob.result.current.account?.sessionKey)
})
