import { KEYS } from '@nitrolite-kit/test-utils'
import { expect, it, vi } from 'vitest'
import { setupDevnode } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useAssets } from './use-assets.js'

const node = setupDevnode()

it('default', async () => {
  const { result } = await renderWithNitrolite(() => useAssets(), {
    url: node.current.url,
    privateKey: KEYS.alice,
  })
  const assets = await vi.waitUntil(() => result.current.data)
  expect(assets.map((a) => a.symbol)).toContain('usdc')
})

it('parameters: query.enabled false keeps it idle', async () => {
  const { result } = await renderWithNitrolite(() => useAssets({ query: { enabled: false } }), {
    url: node.current.url,
    privateKey: KEYS.alice,
  })
  await new Promise((r) => setTimeout(r, 200))
  expect(result.current).toMatchObject({ fetchStatus: 'idle', data: undefined })
})
