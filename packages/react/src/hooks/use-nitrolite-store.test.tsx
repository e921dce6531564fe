import { KEYS } from '@nitrolite-kit/test-utils'
import { expect, it, vi } from 'vitest'
import { ALICE, setupDevnode, slow } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useNitroliteStore } from './use-nitrolite-store.js'

const node = setupDevnode()

it('default', async () => {
  const { result } = await renderWithNitrolite(() => useNitroliteStore(), {
    url: node.current.url,
    privateKey: KEYS.alice,
  })
  await vi.waitUntil(() => result.current.status === 'connected', slow)
  expect(typeof result.current.upsertSession).toBe('function')
})

it('parameters: selector', async () => {
  const { result } = await renderWithNitrolite(
    () => useNitroliteStore({ selector: (s) => s.account?.wallet }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  expect(await vi.waitUntil(() => result.current, slow)).toBe(ALICE)
})
