import { KEYS } from '@nitrolite-kit/test-utils'
import { renderHook } from '@testing-library/react'
import { expect, it, vi } from 'vitest'
import { ALICE, setupDevnode } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { NitroliteProviderNotFoundError } from '../errors.js'
import { useConnectionStatus } from './use-connection-status.js'

const node = setupDevnode()

it('default', async () => {
  const { result } = await renderWithNitrolite(() => useConnectionStatus(), {
    url: node.current.url,
    privateKey: KEYS.alice,
  })
  await vi.waitUntil(() => result.current.account)
  expect(result.current).toMatchObject({ status: 'connected', error: undefined })
  expect(result.current.account?.wallet).toBe(ALICE)
})

it('behavior: outside NitroliteProvider it throws a typed error', () => {
  vi.spyOn(console, 'error').mockImplementation(() => {})
  expect(() => renderHook(() => useConnectionStatus())).toThrow(NitroliteProviderNotFoundError)
})
