import { KEYS } from '@nitrolite-kit/test-utils'
import { expect, it, vi } from 'vitest'
import { connected, createSession, setupDevnode, slow } from '../../test/fixtures.js'
import { renderWithNitrolite } from '../../test/wrapper.js'
import { useAppSessions } from './use-app-sessions.js'
import { useNitroliteClient } from './use-nitrolite-client.js'

const node = setupDevnode()

it('default', async () => {
  const { result } = await renderWithNitrolite(
    () => ({ sessions: useAppSessions(), client: useNitroliteClient() }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  await vi.waitUntil(() => result.current.sessions.isSuccess, slow)
  expect(result.current.sessions.data).toEqual([])
  const created = await createSession(result.current.client!)
  const { data } = await result.current.sessions.refetch()
  expect(data?.map((s) => s.appSessionId)).toEqual([created.appSessionId])
})

it('parameters: status', async () => {
  const { result } = await renderWithNitrolite(
    () => ({
      open: useAppSessions({ status: 'open' }),
      closed: useAppSessions({ status: 'closed' }),
      client: useNitroliteClient(),
    }),
    { url: node.current.url, privateKey: KEYS.alice },
  )
  await createSession(await connected(() => result.current.client))
  await vi.waitUntil(() => result.current.closed.isSuccess && result.current.open.isSuccess, slow)
  expect((await result.current.open.refetch()).data).toHaveLength(1)
  expect((await result.current.closed.refetch()).data).toEqual([])
})
