import { KEYS } from '@nitrolite-kit/test-utils'
import { act } from '@testing-library/react'
import { expect, it, vi } from 'vitest'
import { ALICE, BOB, definition, setupDevnode, slow } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useConnectionStatus } from './use-connection-status.js'
import { useCreateAppSession } from './use-create-app-session.js'
import { useSignatureRequests } from './use-signature-requests.js'

const node = setupDevnode()

function useParticipant() {
  return {
    requests: useSignatureRequests(),
    create: useCreateAppSession(),
    status: useConnectionStatus().status,
  }
}

it('default', async () => {
  const render = (privateKey: `0x${string}`) =>
    renderWithNitrolite(useParticipant, { url: node.current.url, privateKey })
  const alice = await render(KEYS.alice)
  const bob = await render(KEYS.bob)
  await vi.waitUntil(() => alice.result.current.status === 'connected', slow)
  await vi.waitUntil(() => bob.result.current.status === 'connected', slow)
  expect(bob.result.current.requests).toEqual([])
  act(() => {
    alice.result.current.create.mutate({
      definition: definition(),
      allocations: [
        { participant: ALICE, asset: 'usdc', amount: '1' },
        { participant: BOB, asset: 'usdc', amount: '1' },
      ],
    })
  })
  const [request] = await vi.waitUntil(
    () => bob.result.current.requests.length && bob.result.current.requests,
    slow,
  )
  expect(request?.prepared.method).toBe('create_app_session')
  await act(() => request!.approve())
  await vi.waitUntil(() => alice.result.current.create.isSuccess, slow)
  await vi.waitUntil(() => bob.result.current.requests.length === 0, slow)
})

it('behavior: a rejected request leaves the list', async () => {
  const render = (privateKey: `0x${string}`) =>
    renderWithNitrolite(useParticipant, { url: node.current.url, privateKey })
  const alice = await render(KEYS.alice)
  const bob = await render(KEYS.bob)
  await vi.waitUntil(() => alice.result.current.status === 'connected', slow)
  await vi.waitUntil(() => bob.result.current.status === 'connected', slow)
  act(() => {
    alice.result.current.create.mutate({
      definition: definition(),
      allocations: [{ participant: BOB, asset: 'usdc', amount: '1' }],
    })
  })
  const [request] = await vi.waitUntil(
    () => bob.result.current.requests.length && bob.result.current.requests,
    slow,
  )
  await act(() => request!.reject('no'))
  await vi.waitUntil(() => bob.result.current.requests.length === 0, slow)
  await vi.waitUntil(() => alice.result.current.create.isError, slow)
})
