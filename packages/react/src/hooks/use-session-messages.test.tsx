import { ValidationError } from '@nitrolite-kit/core'
import { KEYS } from '@nitrolite-kit/test-utils'
import { act } from '@testing-library/react'
import { expect, it, vi } from 'vitest'
import { connected, createSession, setupDevnode, slow } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useNitroliteClient } from './use-nitrolite-client.js'
import { type UseSessionMessagesParameters, useSessionMessages } from './use-session-messages.js'

const node = setupDevnode()

type Chat = { text: string }
const parseChat = (p: unknown) => (typeof (p as Chat)?.text === 'string' ? (p as Chat) : undefined)

async function renderWithSession(parameters: UseSessionMessagesParameters<Chat> = {}) {
  const hook = renderWithNitrolite(
    ({ appSessionId }: { appSessionId?: `0x${string}` } = {}) => ({
      stream: useSessionMessages<Chat>({ ...parameters, appSessionId }),
      client: useNitroliteClient(),
    }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  const { result, rerender } = await hook
  const { appSessionId } = await createSession(await connected(() => result.current.client))
  rerender({ appSessionId })
  return { result, appSessionId }
}

it('default', async () => {
  const { result } = await renderWithNitrolite(() => useSessionMessages(), {
    url: node.current.url,
    privateKey: KEYS.alice,
  })
  expect(result.current.messages).toEqual([])
  await vi.waitUntil(() => result.current.send !== undefined, slow)
  await expect(result.current.send('hi')).rejects.toBeInstanceOf(Error)
})

it('parameters: appSessionId', async () => {
  const { result } = await renderWithSession()
  await act(() => result.current.stream.send({ text: 'one' }))
  await act(() => result.current.stream.send({ text: 'two' }))
  await vi.waitUntil(() => result.current.stream.messages.length === 2, slow)
  expect(result.current.stream.messages.map((m) => m.payload.text)).toEqual(['one', 'two'])
})

it('parameters: parse', async () => {
  const { result, appSessionId } = await renderWithSession({ parse: parseChat })
  await result.current.client!.sendMessage(appSessionId, { move: 'e4' })
  await act(() => result.current.stream.send({ text: 'kept' }))
  await vi.waitUntil(() => result.current.stream.messages.length === 1, slow)
  expect(result.current.stream.messages[0]?.payload).toEqual({ text: 'kept' })
})

it('parameters: onMessage', async () => {
  const onMessage = vi.fn()
  const { result } = await renderWithSession({ onMessage })
  await act(() => result.current.stream.send({ text: 'ping' }))
  await vi.waitUntil(() => onMessage.mock.calls.length === 1, slow)
  expect(onMessage.mock.calls[0]?.[0]).toMatchObject({ payload: { text: 'ping' }, own: true })
})

it('behavior: send without a session rejects with a typed error', async () => {
  const { result } = await renderWithNitrolite(
    () => ({ stream: useSessionMessages(), client: useNitroliteClient() }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  await connected(() => result.current.client)
  await expect(result.current.stream.send('hi')).rejects.toBeInstanceOf(ValidationError)
})
