import { KEYS } from '@nitrolite-kit/test-utils'
import { expect, it, vi } from 'vitest'
import { setupDevnode } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useNitroliteClient } from './use-nitrolite-client.js'

const node = setupDevnode()

it('default', async () => {
  const { result, unmount } = await renderWithNitrolite(() => useNitroliteClient(), {
    url: node.current.url,
    privateKey: KEYS.alice,
  })
  const client = await vi.waitUntil(() => result.current)
  expect(client.url).toBe(node.current.url)
  unmount()
  expect(result.current).toBe(client)
  await vi.waitUntil(() => client.getStatus() === 'disconnected')
})

it('parameters: autoConnect off leaves it undefined', async () => {
  const { result } = await renderWithNitrolite(() => useNitroliteClient(), {
    url: node.current.url,
    privateKey: KEYS.alice,
    autoConnect: false,
  })
  expect(result.current).toBeUndefined()
})
