// Dropping the socket mid-request: the promise rejects with a typed error, the client
// reconnects and re-authenticates by itself, and retrying a close that did land reports
// "already closed" instead of moving funds twice. The drop is scripted through the client's
// `WebSocket` option (a real `ws` socket that closes itself right after sending one frame).
import type { Devnode } from '@nitrolite-kit/devnode'
import { address, KEYS, until } from '@nitrolite-kit/test-utils'
import { startTestDevnode as node } from '@nitrolite-kit/test-utils/devnode'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { AppSessionClosedError, type ClearNodeClient, ConnectionLostError } from '../src/index.js'
import { client } from './helpers.js'

const ALICE = address(KEYS.alice)
const BOB = address(KEYS.bob)

/**
 * A `ws` socket that, when armed for a method, sends that frame, goes deaf (the answer is
 * lost) and drops the connection shortly after: the request lands, its response never arrives.
 */
class DroppingWebSocket extends WebSocket {
  static armed: string | undefined
  private deaf = false
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (this.deaf && event === 'message') return false
    return super.emit(event, ...args)
  }
  override send(data: unknown, ...rest: unknown[]): void {
    const method = DroppingWebSocket.armed
    if (
      method &&
      typeof data === 'string' &&
      new RegExp(`^\\{"req":\\[\\d+,"${method}"`).test(data)
    ) {
      DroppingWebSocket.armed = undefined
      this.deaf = true
      super.send(data, () => setTimeout(() => this.terminate(), 100))
      return
    }
    ;(super.send as (...a: unknown[]) => void)(data, ...rest)
  }
}

let dn: Devnode
let alice: ClearNodeClient
let bob: ClearNodeClient

beforeEach(async () => {
  dn = await node()
  await dn.fund(ALICE, 'usdc', '100')
  await dn.fund(BOB, 'usdc', '100')
  alice = client(dn.url, KEYS.alice, { WebSocket: DroppingWebSocket as never })
  bob = client(dn.url, KEYS.bob)
  await Promise.all([alice.connect(), bob.connect()])
  bob.on('signatureRequest', (r) => void r.approve())
})

afterEach(async () => {
  DroppingWebSocket.armed = undefined
  await alice.disconnect()
  await bob.disconnect()
  await dn.close()
})

const definition = () => ({
  application: 'chess',
  protocol: 'NitroRPC/0.4' as const,
  participants: [ALICE, BOB],
  weights: [50, 50],
  quorum: 100,
  challenge: 0,
  nonce: Date.now(),
})

describe('dropped socket mid-request', () => {
  it('behavior: create rejects with ConnectionLostError; after reconnect the session that landed is found', async () => {
    DroppingWebSocket.armed = 'create_app_session'
    const d = definition()
    const err = await alice
      .createAppSession({
        definition: d,
        allocations: [{ participant: ALICE, asset: 'usdc', amount: '10' }],
      })
      .catch((e) => e)
    expect(err).toBeInstanceOf(ConnectionLostError)
    await until(() => alice.getStatus() === 'connected', 8000)
    const sessions = await alice.getAppSessions()
    expect(sessions.map((s) => s.nonce)).toContain(d.nonce)
    expect(await alice.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '90' }])
  })

  it('behavior: a retried close that did land reports already closed and moves nothing twice', async () => {
    const session = await alice.createAppSession({
      definition: definition(),
      allocations: [
        { participant: ALICE, asset: 'usdc', amount: '10' },
        { participant: BOB, asset: 'usdc', amount: '10' },
      ],
    })
    const close = {
      appSessionId: session.appSessionId,
      allocations: [
        { participant: ALICE, asset: 'usdc', amount: '15' },
        { participant: BOB, asset: 'usdc', amount: '5' },
      ],
    }
    DroppingWebSocket.armed = 'close_app_session'
    const statuses: string[] = []
    alice.on('status', (s) => statuses.push(s))
    const err = await alice.closeAppSession(close).catch((e) => e)
    expect(err).toBeInstanceOf(ConnectionLostError)
    await until(() => alice.getStatus() === 'connected', 8000)
    expect(statuses).toEqual(
      expect.arrayContaining(['reconnecting', 'authenticating', 'connected']),
    )
    const retry = await alice.closeAppSession(close).catch((e) => e)
    expect(retry).toBeInstanceOf(AppSessionClosedError)
    expect(await alice.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '105' }])
    expect(await bob.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '95' }])
    expect(dn.totals()).toEqual({ usdc: '200' })
  })
})
