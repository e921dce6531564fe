import { ClientNotConnectedError } from '@nitrolite-kit/core'
import { KEYS } from '@nitrolite-kit/test-utils'
import { act } from '@testing-library/react'
import { expect, it, vi } from 'vitest'
import { connected, createSession, setupDevnode, slow } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useNitroliteClient } from './use-nitrolite-client.js'
import { useSendMessage } from './use-send-message.js'
import { useSessionMessages } from './use-session-messages.js'

const node = setupDevnode()

it('default', async () => {
  const { result, rerender } = await renderWithNitrolite(
    ({ appSessionId }: { appSessionId?: `0x${string}` } = {}) => ({
      send: useSendMessage<{ text: string }>(),
      stream: useSessionMessages({ appSessionId }),
      client: useNitroliteClient(),
    }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  const { appSessionId } = await createSession(await connected(() => result.current.client))
  rerender({ appSessionId })
  act(() => result.current.send.mutate({ appSessionId, payload: { text: 'hi' } }))
  await vi.waitUntil(() => result.current.send.isSuccess, slow)
  await vi.waitUntil(() => result.current.stream.messages.length === 1, slow)
  expect(result.current.stream.messages[0]).toMatchObject({ payload: { text: 'hi' }, own: true })
})

it('parameters: mutation', async () => {
  const onError = vi.fn()
  const { result } = await renderWithNitrolite(() => useSendMessage({ mutation: { onError } }), {
    url: node.current.url,
    privateKey: KEYS.alice,
    autoConnect: false,
  })
  act(() => result.current.mutate({ appSessionId: '0x01', payload: 1 }))
  await vi.waitUntil(() => result.current.isError, slow)
  expect(result.current.error).toBeInstanceOf(ClientNotConnectedError)
  expect(onError).toHaveBeenCalledOnce()
})
