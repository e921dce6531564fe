// Issue 11 ("Crash in Node"): nothing outlives a failed send or `disconnect()`. Every request,
// connection attempt and signature collection in flight settles with a typed error, and its
// timer is cleared, so a Node process can exit right after `disconnect()`.
import type { Devnode } from '@nitrolite-kit/devnode'
import { KEYS } from '@nitrolite-kit/test-utils'
import { startTestDevnode as node } from '@nitrolite-kit/test-utils/devnode'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ClientDisconnectedError, ConnectionLostError } from '../src/index.js'
import { client } from './helpers.js'

let dn: Devnode

beforeEach(async () => {
  dn = await node()
})

afterEach(async () => {
  await dn.close()
})

describe('disconnect() during connect()', () => {
  it('behavior: while the socket opens, connect() rejects with ClientDisconnectedError and nothing throws', async () => {
    const alice = client(dn.url, KEYS.alice)
    const connecting = alice.connect().catch((e) => e)
    await alice.disconnect()
    const error = await connecting
    expect(error).toBeInstanceOf(ClientDisconnectedError)
    expect(error).toBeInstanceOf(ConnectionLostError)
    expect(alice.getStatus()).toBe('disconnected')
    // `ws` reports the aborted handshake on the next tick: it must find a listener.
    await new Promise((r) => setTimeout(r, 50))
  })

  it('behavior: while authenticating, connect() rejects with ClientDisconnectedError; the status stays disconnected', async () => {
    const alice = client(dn.url, KEYS.alice, { keepAliveMs: 1000 })
    const statuses: string[] = []
    const authenticating = new Promise<void>((resolve) =>
      alice.on('status', (s) => {
        statuses.push(s)
        if (s === 'authenticating') resolve()
      }),
    )
    const connecting = alice.connect().catch((e) => e)
    await authenticating
    await alice.disconnect()
    expect(await connecting).toBeInstanceOf(ClientDisconnectedError)
    expect(alice.getStatus()).toBe('disconnected')
    expect(alice.getError()).toBeUndefined()
  })
})
