import { type AppDefinition, NodeRejectedError, ValidationError } from '@nitrolite-kit/core'
import { type Devnode, startDevnode } from '@nitrolite-kit/devnode'
import { address, KEYS } from '@nitrolite-kit/test-utils'
import { act, cleanup, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  useActiveSessions,
  useCloseAppSession,
  useConnectionStatus,
  useCreateAppSession,
  useLedgerBalances,
  useNitroliteClient,
  useSessionMessages,
  useSignatureRequests,
  useSubmitAppState,
} from '../src/index.js'
import { renderWithNitrolite } from './wrapper.js'

const ALICE = address(KEYS.alice)
const BOB = address(KEYS.bob)

let node: Devnode
beforeEach(async () => {
  node = await startDevnode({ port: 0 })
  await node.fund(ALICE, 'usdc', '100')
  await node.fund(BOB, 'usdc', '100')
})
afterEach(async () => {
  cleanup()
  await node.close()
})

type Chat = { text: string }
const parseChat = (p: unknown) =>
  p && typeof (p as Chat).text === 'string' ? (p as Chat) : undefined

/** Every co-signing progress a participant's create showed, render by render. */
const createProgress = new Map<string, unknown[]>()

function useParticipant() {
  const active = useActiveSessions()
  const status = useConnectionStatus()
  const create = useCreateAppSession()
  const wallet = status.account?.wallet
  if (wallet && create.progress) {
    const seen = createProgress.get(wallet) ?? []
    seen.push(create.progress)
    createProgress.set(wallet, seen)
  }
  return {
    status,
    balances: useLedgerBalances(),
    create,
    submit: useSubmitAppState(),
    close: useCloseAppSession(),
    active,
    requests: useSignatureRequests(),
    client: useNitroliteClient(),
    chat: useSessionMessages<Chat>({
      appSessionId: active[0]?.appSessionId,
      parse: parseChat,
    }),
  }
}

const definition = (): AppDefinition => ({
  application: 'chess',
  protocol: 'NitroRPC/0.4',
  participants: [ALICE, BOB],
  weights: [50, 50],
  quorum: 100,
  challenge: 0,
  nonce: Date.now(),
})

describe('hooks against the devnode', () => {
  it('behavior: two participants run create (co-signed) → messages → operate → close', async () => {
    const alice = await renderWithNitrolite(() => useParticipant(), {
      url: node.url,
      privateKey: KEYS.alice,
    })
    const bob = await renderWithNitrolite(() => useParticipant(), {
      url: node.url,
      privateKey: KEYS.bob,
    })
    await waitFor(() => expect(alice.result.current.status.status).toBe('connected'))
    await waitFor(() => expect(bob.result.current.status.status).toBe('connected'))
    await waitFor(() =>
      expect(alice.result.current.balances.data).toEqual([{ asset: 'usdc', amount: '100' }]),
    )

    // Alice creates; Bob sees the co-signing request and approves it.
    act(() => {
      alice.result.current.create.mutate({
        definition: definition(),
        allocations: [
          { participant: ALICE, asset: 'usdc', amount: '30' },
          { participant: BOB, asset: 'usdc', amount: '20' },
        ],
      })
    })
    await waitFor(() => expect(bob.result.current.requests).toHaveLength(1))
    expect(bob.result.current.requests[0]?.prepared.method).toBe('create_app_session')
    await act(() => bob.result.current.requests[0]!.approve())
    await waitFor(() => expect(alice.result.current.create.isSuccess).toBe(true))
    // While signing, Alice saw both funders' signatures counted; once created, no progress.
    expect(createProgress.get(ALICE)).toContainEqual(
      expect.objectContaining({ collected: 2, required: 2 }),
    )
    expect(alice.result.current.create.progress).toBeUndefined()
    const id = alice.result.current.create.data!.appSessionId
    await waitFor(() => expect(bob.result.current.active.map((s) => s.appSessionId)).toEqual([id]))
    await waitFor(() =>
      expect(bob.result.current.balances.data).toEqual([{ asset: 'usdc', amount: '80' }]),
    )
    expect(bob.result.current.requests).toHaveLength(0)

    // Messages both ways; each side sees both (own echo marked).
    await act(() => alice.result.current.chat.send({ text: 'good luck' }))
    await act(() => bob.result.current.chat.send({ text: 'you too' }))
    await waitFor(() =>
      expect(bob.result.current.chat.messages.map((m) => [m.payload.text, m.own])).toEqual([
        ['good luck', false],
        ['you too', true],
      ]),
    )
    await waitFor(() => expect(alice.result.current.chat.messages).toHaveLength(2))

    // Intermediate state, approved by Bob.
    act(() => {
      alice.result.current.submit.mutate({
        appSessionId: id,
        allocations: [
          { participant: ALICE, asset: 'usdc', amount: '45' },
          { participant: BOB, asset: 'usdc', amount: '5' },
        ],
      })
    })
    await waitFor(() => expect(bob.result.current.requests).toHaveLength(1))
    await act(() => bob.result.current.requests[0]!.approve())
    await waitFor(() => expect(alice.result.current.submit.data?.version).toBe(2))
    await waitFor(() => expect(bob.result.current.active[0]?.version).toBe(2))

    // Bob closes with a split; Alice approves; both see the close and the balances.
    act(() => {
      bob.result.current.close.mutate({
        appSessionId: id,
        allocations: [
          { participant: ALICE, asset: 'usdc', amount: '40' },
          { participant: BOB, asset: 'usdc', amount: '10' },
        ],
      })
    })
    await waitFor(() => expect(alice.result.current.requests).toHaveLength(1))
    await act(() => alice.result.current.requests[0]!.approve())
    await waitFor(() => expect(bob.result.current.close.isSuccess).toBe(true))
    await waitFor(() => expect(alice.result.current.active).toEqual([]))
    expect(bob.result.current.active).toEqual([])
    await waitFor(() =>
      expect(alice.result.current.balances.data).toEqual([{ asset: 'usdc', amount: '110' }]),
    )
    await waitFor(() =>
      expect(bob.result.current.balances.data).toEqual([{ asset: 'usdc', amount: '90' }]),
    )
  })

  it('behavior: invalid allocations are rejected before anything is sent; node errors are typed', async () => {
    const alice = await renderWithNitrolite(() => useParticipant(), {
      url: node.url,
      privateKey: KEYS.alice,
    })
    await waitFor(() => expect(alice.result.current.status.status).toBe('connected'))
    act(() => {
      alice.result.current.create.mutate({
        definition: { ...definition(), nonce: 0 },
        allocations: [],
      })
    })
    await waitFor(() => expect(alice.result.current.create.error).toBeInstanceOf(ValidationError))
    expect((alice.result.current.create.error as ValidationError).issues[0]?.path).toBe(
      'definition.nonce',
    )
    const client = alice.result.current.client!
    const prepared = await client.prepareCreateAppSession({
      definition: definition(),
      allocations: [{ participant: BOB, asset: 'usdc', amount: '1' }],
    })
    const err = await client.send(await client.sign(prepared)).catch((e) => e)
    expect(err).toBeInstanceOf(NodeRejectedError)
  })

  it('behavior: no listeners left after unmount', async () => {
    const alice = await renderWithNitrolite(() => useParticipant(), {
      url: node.url,
      privateKey: KEYS.alice,
    })
    await waitFor(() => expect(alice.result.current.status.status).toBe('connected'))
    const client = alice.result.current.client!
    expect(client.listenerCount()).toBeGreaterThan(0)
    alice.unmount()
    await waitFor(() => expect(client.listenerCount()).toBe(0))
    expect(client.getStatus()).toBe('disconnected')
  })
})
