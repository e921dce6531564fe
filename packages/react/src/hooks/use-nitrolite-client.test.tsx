import { KEYS } from '@nitrolite-kit/test-utils'
import { expect, it, vi } from 'vitest'
import { setupDevnode, slow } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useNitroliteClient } from './use-nitrolite-client.js'

const node = setupDevnode()

it('default', async () => {
  const { result, unmount } = await renderWithNitrolite(() => useNitroliteClient(), {
    url: node.current.url,
    privateKey: KEYS.alice,
  })
  const client = await vi.waitUntil(() => result.current, slow)
  expect(client.url).toBe(node.current.url)
  unmount()
  expect(result.current).toBe(client)
  await vi.waitUntil(() => client.getStatus() === 'disconnected', slow)
})

it('parameters: autoConnect off leaves it undefined', async () => {
  const { result } = await renderWithNitrolite(() => useNitroliteClient(), {
    url: node.current.url,
    privateKey: KEYS.alice,
    autoConnect: false,
  })
  expect(result.current).toBeUndefined()
})
