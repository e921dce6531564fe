import { ValidationError } from '@nitrolite-kit/core'
import { KEYS } from '@nitrolite-kit/test-utils'
import { act } from '@testing-library/react'
import { expect, it, vi } from 'vitest'
import { ALICE, BOB, definition, setupDevnode, slow } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useConnectionStatus } from './use-connection-status.js'
import { useCreateAppSession } from './use-create-app-session.js'

const node = setupDevnode()

function render(parameters?: Parameters<typeof useCreateAppSession>[0]) {
  return renderWithNitrolite(
    () => ({ create: useCreateAppSession(parameters), status: useConnectionStatus().status }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
}

it('default', async () => {
  const { result } = await render()
  await vi.waitUntil(() => result.current.status === 'connected', slow)
  act(() => {
    result.current.create.mutate({
      definition: definition(),
      allocations: [{ participant: ALICE, asset: 'usdc', amount: '10' }],
    })
  })
  await vi.waitUntil(() => result.current.create.isSuccess, slow)
  expect(result.current.create.data).toMatchObject({ status: 'open', version: 1 })
  // Nothing is being signed any more: the progress of the finished call is gone.
  expect(result.current.create.progress).toBeUndefined()
})

it('behavior: progress shows while signing, resets on success and on reset()', async () => {
  const { result } = await render()
  await vi.waitUntil(() => result.current.status === 'connected', slow)
  const seen: unknown[] = []
  act(() => {
    result.current.create.mutate({
      definition: definition(),
      allocations: [{ participant: BOB, asset: 'usdc', amount: '1' }],
      timeoutMs: 300,
    })
  })
  await vi.waitUntil(() => {
    if (result.current.create.progress) seen.push(result.current.create.progress)
    return result.current.create.isError
  }, slow)
  expect(seen.length).toBeGreaterThan(0)
  expect(result.current.create.progress).toMatchObject({ pending: [BOB] })
  act(() => result.current.create.reset())
  await vi.waitUntil(() => result.current.create.isIdle, slow)
  expect(result.current.create.progress).toBeUndefined()
})

it('parameters: mutation', async () => {
  const onError = vi.fn()
  const { result } = await render({ mutation: { onError } })
  await vi.waitUntil(() => result.current.status === 'connected', slow)
  act(() => {
    result.current.create.mutate({ definition: { ...definition(), nonce: 0 }, allocations: [] })
  })
  await vi.waitUntil(() => result.current.create.isError, slow)
  expect(result.current.create.error).toBeInstanceOf(ValidationError)
  expect(onError).toHaveBeenCalledOnce()
})

it('behavior: progress counts a co-signer', async () => {
  const { result } = await render()
  await vi.waitUntil(() => result.current.status === 'connected', slow)
  act(() => {
    result.current.create.mutate({
      definition: definition(),
      allocations: [{ participant: BOB, asset: 'usdc', amount: '1' }],
      timeoutMs: 300,
    })
  })
  // Bob is offline: his signature stays pending until the wait times out.
  await vi.waitUntil(() => result.current.create.isError, slow)
  expect(result.current.create.progress).toMatchObject({ collected: 0, signed: [], pending: [BOB] })
})
