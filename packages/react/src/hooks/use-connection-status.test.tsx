import { KEYS } from '@nitrolite-kit/test-utils'
import { renderHook } from '@testing-library/react'
import { expect, it, vi } from 'vitest'
import { ALICE, setupDevnode, slow } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { NitroliteProviderNotFoundError } from '../errors.js'
import { useConnectionStatus } from './use-connection-status.js'

const node = setupDevnode()

it('default', async () => {
  const { result } = await renderWithNitrolite(() => useConnectionStatus(), {
    url: node.current.url,
    privateKey: KEYS.alice,
  })
  await vi.waitUntil(() => result.current.account, slow)
  expect(result.current).toMatchObject({
    status: 'connected',
    wallet: 'connected',
    error: undefined,
  })
  expect(result.current.account?.wallet).toBe(ALICE)
})

it('behavior: outside NitroliteProvider it throws a typed error', () => {
  vi.spyOn(console, 'error').mockImplementation(() => {})
  expect(() => renderHook(() => useConnectionStatus())).toThrow(NitroliteProviderNotFoundError)
})

it('behavior: tells "no wallet connected" apart from "no node"', async () => {
  const { result } = await renderWithNitrolite(() => useConnectionStatus(), {
    url: node.current.url,
    privateKey: KEYS.alice,
    connectWallet: false,
  })
  // wagmi settles its (re)connect attempt on mount first; with no wallet it ends disconnected.
  await vi.waitUntil(() => result.current.wallet === 'disconnected', slow)
  expect(result.current).toMatchObject({ status: 'disconnected', wallet: 'disconnected' })
})
