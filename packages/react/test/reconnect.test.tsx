import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SignatureCollectionError } from '@nitrolite-kit/core'
import { type Devnode, startDevnode } from '@nitrolite-kit/devnode'
import { address, KEYS } from '@nitrolite-kit/test-utils'
import { act, cleanup, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import {
  useActiveSessions,
  useConnectionStatus,
  useCreateAppSession,
  useNitroliteClient,
  useSessionMessages,
  useSignatureRequests,
} from '../src/index.js'
import { renderWithNitrolite } from './wrapper.js'

const ALICE = address(KEYS.alice)
const BOB = address(KEYS.bob)
const dir = mkdtempSync(join(tmpdir(), 'react-reconnect-'))
let node: Devnode | undefined

afterEach(async () => {
  cleanup()
  await node?.close()
  node = undefined
})

function useParticipant() {
  const active = useActiveSessions()
  return {
    status: useConnectionStatus().status,
    create: useCreateAppSession(),
    requests: useSignatureRequests(),
    client: useNitroliteClient(),
    active,
    chat: useSessionMessages<{ text: string }>({ appSessionId: active[0]?.appSessionId }),
  }
}

describe('connection faults', () => {
  it('behavior: reconnect restores the subscription after a node restart', async () => {
    const dbPath = join(dir, 'a.sqlite')
    node = await startDevnode({ port: 0, dbPath })
    const port = node.port
    await node.fund(ALICE, 'usdc', '50')
    await node.fund(BOB, 'usdc', '50')
    const alice = await renderWithNitrolite(() => useParticipant(), {
      url: node.url,
      privateKey: KEYS.alice,
    })
    const bob = await renderWithNitrolite(() => useParticipant(), {
      url: node.url,
      privateKey: KEYS.bob,
    })
    await waitFor(() => expect(alice.result.current.status).toBe('connected'))
    await waitFor(() => expect(bob.result.current.status).toBe('connected'))
    act(() => {
      alice.result.current.create.mutate({
        definition: {
          application: 'chess',
          protocol: 'NitroRPC/0.4',
          participants: [ALICE, BOB],
          weights: [50, 50],
          quorum: 100,
          challenge: 0,
          nonce: Date.now(),
        },
        allocations: [{ participant: ALICE, asset: 'usdc', amount: '5' }],
      })
    })
    await waitFor(() => expect(bob.result.current.active).toHaveLength(1))

    await node.close()
    await waitFor(() => expect(alice.result.current.status).toBe('reconnecting'))
    node = await startDevnode({ port, dbPath })
    await waitFor(() => expect(alice.result.current.status).toBe('connected'), { timeout: 10_000 })
    await waitFor(() => expect(bob.result.current.status).toBe('connected'), { timeout: 10_000 })
    await act(() => alice.result.current.chat.send({ text: 'still here' }))
    await waitFor(() =>
      expect(bob.result.current.chat.messages.map((m) => m.payload.text)).toEqual(['still here']),
    )
    rmSync(dir, { recursive: true, force: true })
  })

  it('behavior: a create waiting for a co-signer fails with a clear timeout, even when the node goes away meanwhile', async () => {
    node = await startDevnode({ port: 0 })
    await node.fund(ALICE, 'usdc', '50')
    const alice = await renderWithNitrolite(() => useParticipant(), {
      url: node.url,
      privateKey: KEYS.alice,
      requestTimeoutMs: 500,
    })
    // (the wait is bounded by the mutation's `timeoutMs`; nothing hangs)
    await waitFor(() => expect(alice.result.current.status).toBe('connected'))
    act(() => {
      alice.result.current.create.mutate({
        // Bob must co-sign but is not connected: the request waits, then the node goes away.
        definition: {
          application: 'chess',
          protocol: 'NitroRPC/0.4',
          participants: [ALICE, BOB],
          weights: [50, 50],
          quorum: 100,
          challenge: 0,
          nonce: Date.now(),
        },
        allocations: [
          { participant: ALICE, asset: 'usdc', amount: '5' },
          { participant: BOB, asset: 'usdc', amount: '5' },
        ],
        timeoutMs: 2000,
      })
    })
    await waitFor(() => expect(alice.result.current.create.isPending).toBe(true))
    await node.close()
    node = undefined
    await waitFor(() => expect(alice.result.current.create.isError).toBe(true), { timeout: 8000 })
    const error = alice.result.current.create.error
    expect(error).toBeInstanceOf(SignatureCollectionError)
    expect((error as SignatureCollectionError).reason).toBe('timeout')
  })
})
