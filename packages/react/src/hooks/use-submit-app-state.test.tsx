import { KEYS } from '@nitrolite-kit/test-utils'
import { act } from '@testing-library/react'
import { expect, it, vi } from 'vitest'
import { ALICE, BOB, connected, createSession, setupDevnode, slow } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useNitroliteClient } from './use-nitrolite-client.js'
import { useSubmitAppState } from './use-submit-app-state.js'

const node = setupDevnode()

it('default', async () => {
  const seen: unknown[] = []
  const { result } = await renderWithNitrolite(
    () => {
      const submit = useSubmitAppState()
      if (submit.progress) seen.push(submit.progress)
      return { submit, client: useNitroliteClient() }
    },
    { url: node.current.url, privateKey: KEYS.alice },
  )
  const { appSessionId } = await createSession(await connected(() => result.current.client))
  act(() => {
    result.current.submit.mutate({
      appSessionId,
      allocations: [
        { participant: ALICE, asset: 'usdc', amount: '7' },
        { participant: BOB, asset: 'usdc', amount: '3' },
      ],
    })
  })
  await vi.waitUntil(() => result.current.submit.isSuccess, slow)
  expect(result.current.submit.data).toMatchObject({ appSessionId, version: 2, status: 'open' })
  // Alice's weight alone met the quorum while signing; once sent, no progress is shown.
  expect(seen).toContainEqual(expect.objectContaining({ collected: 50, required: 50 }))
  expect(result.current.submit.progress).toBeUndefined()
})

it('parameters: mutation', async () => {
  const onSuccess = vi.fn()
  const { result } = await renderWithNitrolite(
    () => ({
      submit: useSubmitAppState({ mutation: { onSuccess } }),
      client: useNitroliteClient(),
    }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  const { appSessionId } = await createSession(await connected(() => result.current.client))
  act(() => {
    result.current.submit.mutate({
      appSessionId,
      allocations: [{ participant: ALICE, asset: 'usdc', amount: '10' }],
    })
  })
  await vi.waitUntil(() => onSuccess.mock.calls.length === 1, slow)
})
