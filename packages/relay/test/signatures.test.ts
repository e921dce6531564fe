// The relay recovers every challenge and message signature on libsecp256k1 by default (the
// optional prebuilt `secp256k1` binding), on viem/noble when asked, and says which in its log,
// `signatures` and `GET /health`. Both paths answer every signature the same way.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApplicationMessage } from '@erc7824/nitrolite'
import type { Devnode } from '@nitrolite-kit/devnode'
import { ALICE, BOB, KEYS, recordingLogger } from '@nitrolite-kit/test-utils'
import { startTestDevnode } from '@nitrolite-kit/test-utils/devnode'
import type { Hex } from 'viem'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  createRelay,
  type RelayEndpoint,
  type SignaturesOption,
  selectSignatures,
  startRelay,
  viemRecoverAddress,
} from '../src/index.js'
import { certificate, RawClient, signText } from './helpers.js'

const SID = `0x${'ab'.repeat(32)}` as Hex
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

describe('the standalone relay says which signature path it uses', () => {
  let node: Devnode
  beforeAll(async () => {
    node = await startTestDevnode({ relay: false })
  })
  afterAll(async () => {
    await node?.close()
  })

  it('native by default (logged, `signatures`, GET /health); noble when asked; custom recovery', async () => {
    const { lines, logger } = recordingLogger()
    const relay = await startRelay({ clearnode: node.url, logger })
    try {
      expect(relay.signatures).toBe('native')
      expect(
        lines.some((l) => l.startsWith('signatures: native (libsecp256k1; keccak: native)')),
      ).toBe(true)
      const health = await fetch(`http://127.0.0.1:${relay.port}/health`)
      expect(await health.json()).toEqual({ ok: true, signatures: 'native' })
    } finally {
      await relay.close()
    }
    const noble = await startRelay({ clearnode: node.url, signatures: 'noble' })
    try {
      expect(noble.signatures).toBe('noble')
      const health = await fetch(`http://127.0.0.1:${noble.port}/health`)
      expect(await health.json()).toEqual({ ok: true, signatures: 'noble' })
    } finally {
      await noble.close()
    }
    const custom = await startRelay({ clearnode: node.url, recoverAddress: viemRecoverAddress })
    try {
      expect(custom.signatures).toBe('custom')
    } finally {
      await custom.close()
    }
    expect(() =>
      createRelay({ membership: () => undefined, signatures: 'fast' as SignaturesOption }),
    ).toThrow('signatures must be auto, native or noble, got fast')
  })
})

describe('both paths answer every signature the same way', () => {
  let server: Server | undefined
  let relay: RelayEndpoint | undefined
  const sockets: RawClient[] = []
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()))
    await relay?.close()
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  })

  /** A relay on `signatures` for a session of Alice and Bob; Alice authenticated on it. */
  async function aliceOn(signatures: SignaturesOption) {
    relay = createRelay({
      membership: (sid) => (sid === SID ? [ALICE, BOB] : undefined),
      signatures,
    })
    const endpoint = relay
    server = createServer((_req, res) => res.writeHead(404).end())
    server.on('upgrade', (req, socket, head) => endpoint.handleUpgrade(req, socket, head))
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
    const s = await RawClient.open(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`)
    sockets.push(s)
    const auth = await s.auth(await certificate(KEYS.alice, KEYS.aliceSession), KEYS.aliceSession)
    expect(auth.res[1]).toBe('auth')
    expect((await s.request('resume', { sessions: {} })).res[1]).toBe('resume')
    return s
  }

  /** Sends a message whose signature `tamper` rewrites; returns the relay's answer's params. */
  async function answer(s: RawClient, id: number, tamper: (sig: Hex) => Hex) {
    const text = await createApplicationMessage(
      async (payload) => tamper(await signText(KEYS.aliceSession, JSON.stringify(payload))),
      SID,
      { data: id },
      id,
      Date.now(),
    )
    return (await s.raw(text, id)).res[2]
  }

  const word = (x: bigint) => x.toString(16).padStart(64, '0')
  const cases: [string, (sig: Hex) => Hex][] = [
    ['valid', (sig) => sig],
    [
      'high-s (s → n − s, v flipped)',
      (sig) => {
        const s = BigInt(`0x${sig.slice(66, 130)}`)
        const v = sig.slice(130) === '1b' ? '1c' : '1b'
        return `${sig.slice(0, 66)}${word(N - s)}${v}` as Hex
      },
    ],
    ['v = 0', (sig) => `${sig.slice(0, 130)}${sig.slice(130) === '1b' ? '00' : '01'}` as Hex],
    ['v = 5', (sig) => `${sig.slice(0, 130)}05` as Hex],
    [
      'the other v (another signer)',
      (sig) => `${sig.slice(0, 130)}${sig.slice(130) === '1b' ? '1c' : '1b'}` as Hex,
    ],
    ['r = 0', (sig) => `0x${word(0n)}${sig.slice(66)}` as Hex],
    ['s = n', (sig) => `${sig.slice(0, 66)}${word(N)}${sig.slice(130)}` as Hex],
    ['64 bytes', (sig) => sig.slice(0, 130) as Hex],
    ['not hex', (sig) => `0x${'zz'.repeat(32)}${sig.slice(66)}` as Hex],
  ]

  it('valid, high-s, bad-v, out-of-range and malformed message signatures', async () => {
    const answers: Record<string, unknown[]> = {}
    for (const path of ['native', 'noble'] as const) {
      expect(selectSignatures(path).path).toBe(path)
      const s = await aliceOn(path)
      answers[path] = []
      for (const [i, [, tamper]] of cases.entries())
        answers[path].push(await answer(s, 1000 + i, tamper))
      await Promise.all(sockets.splice(0).map((x) => x.close()))
      await relay?.close()
      await new Promise<void>((resolve) => server?.close(() => resolve()))
      relay = undefined
      server = undefined
    }
    expect(answers.native).toEqual(answers.noble)
    const named = Object.fromEntries(cases.map(([name], i) => [name, answers.native?.[i]]))
    expect(named.valid).toEqual({ sid: SID, seq: 1 })
    expect(named['high-s (s → n − s, v flipped)']).toEqual({ sid: SID, seq: 2 })
    expect(named['v = 0']).toEqual({ sid: SID, seq: 3 })
    expect(named['the other v (another signer)']).toMatchObject({
      error: expect.stringMatching(/^message not signed by 0x[0-9a-fA-F]{40} or its session key/),
    })
    for (const name of ['v = 5', 'r = 0', 's = n', '64 bytes'])
      expect(named[name], name).toEqual({ error: 'invalid signature' })
    expect(named['not hex']).toEqual({
      error: 'invalid message format: `sig` must be an array of 0x-hex strings',
    })
  })
})
