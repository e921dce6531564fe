// Two providers, one participant in bad faith: every hostile co-signing request is refused by
// Bob's client before Bob (or his auto-sign policy) is asked, and Alice learns why.
import {
  type AppDefinition,
  type AppSession,
  computeAppSessionId,
  type PreparedRequest,
  SignatureCollectionError,
} from '@nitrolite-kit/core'
import { KEYS } from '@nitrolite-kit/test-utils'
import type { Hex } from 'viem'
import { expect, it, vi } from 'vitest'
import { useNitroliteClient } from '../src/hooks/use-nitrolite-client.js'
import { useSignatureRequests } from '../src/hooks/use-signature-requests.js'
import { ALICE, BOB, connected, definition, setupDevnode, slow } from './fixtures.js'
import { renderWithNitrolite } from './wrapper.js'

const node = setupDevnode()

function useParticipant() {
  return { client: useNitroliteClient(), requests: useSignatureRequests() }
}

it('behavior: the guard refuses each hostile request before any user or policy is asked', async () => {
  const autoSign = vi.fn(() => false)
  const alice = await renderWithNitrolite(useParticipant, {
    url: node.current.url,
    privateKey: KEYS.alice,
  })
  const bob = await renderWithNitrolite(useParticipant, {
    url: node.current.url,
    privateKey: KEYS.bob,
    autoSign,
  })
  const a = await connected(() => alice.result.current.client)
  const b = await connected(() => bob.result.current.client)
  const refused: string[] = []
  b.on('signatureRequestRefused', (r) => void refused.push(r.reason))

  // An honest session to attack: Alice funds 10, Bob funds 10.
  b.on('signatureRequest', (r) => void r.approve())
  const session: AppSession = await a.createAppSession({
    definition: { ...definition(), quorum: 100 },
    allocations: [
      { participant: ALICE, asset: 'usdc', amount: '10' },
      { participant: BOB, asset: 'usdc', amount: '10' },
    ],
  })
  await vi.waitUntil(() => bob.result.current.requests.length === 0, slow)
  autoSign.mockClear()
  const askedBefore = autoSign.mock.calls.length

  const rows = (...r: [Hex, string][]) =>
    r.map(([participant, amount]) => ({ participant, asset: 'usdc', amount }))
  const ask = async (
    method: PreparedRequest['method'],
    params: Record<string, unknown>,
    appSessionId: Hex,
    extra: { timestamp?: number; definition?: AppDefinition } = {},
  ) => {
    const timestamp = extra.timestamp ?? Date.now()
    const prepared: PreparedRequest = {
      method,
      params,
      payload: JSON.stringify([timestamp, method, params, timestamp]),
      requestId: timestamp,
      timestamp,
      requiredSigners: [{ wallet: BOB, weight: 100 }],
      quorum: 100,
      signatures: [],
      appSessionId,
      definition: extra.definition,
    }
    return a.collectSignatures(await a.sign(prepared), { timeoutMs: 5000 }).then(
      () => undefined,
      (e: unknown) => e,
    )
  }
  const id = session.appSessionId
  const v = session.version
  const hostile: [string, () => Promise<unknown>][] = [
    [
      'withdraw with a duplicated row',
      () =>
        ask(
          'submit_app_state',
          {
            app_session_id: id,
            intent: 'withdraw',
            version: v + 1,
            allocations: rows([BOB, '0'], [BOB, '0'], [ALICE, '10']),
          },
          id,
        ),
    ],
    [
      'a version that skips one',
      () =>
        ask(
          'submit_app_state',
          {
            app_session_id: id,
            intent: 'operate',
            version: v + 2,
            allocations: rows([ALICE, '20'], [BOB, '0']),
          },
          id,
        ),
    ],
    [
      'a stale close',
      () =>
        ask(
          'close_app_session',
          { app_session_id: id, allocations: rows([ALICE, '20'], [BOB, '0']) },
          id,
          { timestamp: Date.now() - 10 * 60_000 },
        ),
    ],
    [
      'a create with quorum 0',
      () => {
        const d = { ...definition(), quorum: 0 }
        return ask(
          'create_app_session',
          { definition: d, allocations: rows([BOB, '1']) },
          computeAppSessionId(d),
          { definition: d },
        )
      },
    ],
  ]
  for (const [name, attack] of hostile) {
    const before = refused.length
    const error = await attack()
    expect(error, name).toBeInstanceOf(SignatureCollectionError)
    expect((error as SignatureCollectionError).reason, name).toBe('refused')
    expect(refused.length, name).toBe(before + 1)
    expect(bob.result.current.requests, name).toEqual([])
  }
  expect(autoSign.mock.calls.length).toBe(askedBefore)
})
