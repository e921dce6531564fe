import { KEYS } from '@nitrolite-kit/test-utils'
import { expect, it, vi } from 'vitest'
import { setupDevnode, slow } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useAssets } from './use-assets.js'

const node = setupDevnode()

it('default', async () => {
  const { result } = await renderWithNitrolite(() => useAssets(), {
    url: node.current.url,
    privateKey: KEYS.alice,
  })
  const assets = await vi.waitUntil(() => result.current.data, slow)
  expect(assets.map((a) => a.symbol)).toContain('usdc')
})

it('parameters: query.enabled false keeps it idle', async () => {
  const { result } = await renderWithNitrolite(
    () => ({
      assets: useAssets({ query: { enabled: false } }),
      enabled: useAssets(),
    }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  // The same query with `enabled` left on has fetched meanwhile; the disabled one has not.
  await vi.waitUntil(() => result.current.enabled.data, slow)
  expect(result.current.assets).toMatchObject({ fetchStatus: 'idle' })
})
