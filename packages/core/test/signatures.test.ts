// Senders and co-signatures are verified, whatever the transport: over a BroadcastChannel any
// script in the browser can post in anyone's name, so nothing it posts is taken on trust.
import type { Devnode } from '@nitrolite-kit/devnode'
import { address, KEYS, until } from '@nitrolite-kit/test-utils'
import { startTestDevnode as node } from '@nitrolite-kit/test-utils/devnode'
import { keccak256, toBytes } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  broadcastChannelTransport,
  type ClearNodeClient,
  type Logger,
  memorySessionKeyStore,
  type SessionKeyStore,
  type SessionMessage,
  SignatureCollectionError,
  silentLogger,
  verifyParticipantSignature,
} from '../src/index.js'
import { client } from './helpers.js'

const ALICE = address(KEYS.alice)
const BOB = address(KEYS.bob)
let dn: Devnode
let alice: ClearNodeClient
let bob: ClearNodeClient
let channelName: string
let warnings: string[]
let bobKeys: SessionKeyStore

beforeEach(async () => {
  dn = await node({ relay: false })
  await dn.fund(ALICE, 'usdc', '20')
  await dn.fund(BOB, 'usdc', '20')
  channelName = `nk-test-${Math.random()}`
  warnings = []
  const logger: Logger = { ...silentLogger, warn: (m) => void warnings.push(m) }
  alice = client(dn.url, KEYS.alice, {
    messageTransport: broadcastChannelTransport({ name: channelName }),
    logger,
  })
  bobKeys = memorySessionKeyStore()
  bob = client(dn.url, KEYS.bob, {
    messageTransport: broadcastChannelTransport({ name: channelName }),
    sessionKeyStore: bobKeys,
  })
  await Promise.all([alice.connect(), bob.connect()])
})

afterEach(async () => {
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

/** Posts raw frames on the channel, as a hostile script in the same browser would. */
function forger() {
  const channel = new BroadcastChannel(channelName)
  return {
    post: (m: unknown) => channel.postMessage(m),
    close: () => channel.close(),
  }
}

describe('sender and signature verification', () => {
  it('default: a key certificate proves the key speaks for the wallet', async () => {
    const payload = '[1,"close_app_session",{},2]'
    const sessionKey = generatePrivateKey()
    const signature = await privateKeyToAccount(sessionKey).sign({
      hash: keccak256(toBytes(payload)),
    })
    // No certificate: a key's signature does not speak for any wallet.
    expect(await verifyParticipantSignature(BOB, payload, signature, undefined)).toBe(false)
    // The wallet's own signature needs none.
    const direct = await privateKeyToAccount(KEYS.bob).sign({ hash: keccak256(toBytes(payload)) })
    expect(await verifyParticipantSignature(BOB, payload, direct, undefined)).toBe(true)
  })

  it("behavior: a message posted in Bob's name by someone else never reaches Alice", async () => {
    const session = await createSession()
    const atAlice: SessionMessage[] = []
    alice.on('message', (m) => atAlice.push(m))
    const f = forger()
    try {
      // Forged: Bob as sender, no valid proof.
      f.post({
        appSessionId: session,
        kind: 'app',
        data: { move: 'forged' },
        sender: BOB,
        id: 1,
        timestamp: Date.now(),
        proof: { signature: `0x${'11'.repeat(65)}` },
      })
      // Then Bob's real message: it arrives, and it is the only one.
      await bob.sendMessage(session, { move: 'real' })
      await until(() => atAlice.length > 0)
      expect(atAlice.map((m) => m.payload)).toEqual([{ move: 'real' }])
    } finally {
      f.close()
    }
  })

  it("behavior: a co-signature in Bob's name that Bob's key did not make does not count", async () => {
    // Bob's own client (compromised, or buggy) answers with a signature that is not his: the
    // frame is genuinely Bob's, the co-signature inside it is not.
    const stored = await bobKeys.get(`chess:${BOB.toLowerCase()}`)
    if (!stored?.certificate) throw new Error('Bob has no key certificate')
    const bobKey = privateKeyToAccount(stored.privateKey)
    const f = forger()
    const abort = new AbortController()
    const progress: number[] = []
    try {
      const prepared = await alice.sign(
        await alice.prepareCreateAppSession({
          definition: definition(),
          allocations: [
            { participant: ALICE, asset: 'usdc', amount: '5' },
            { participant: BOB, asset: 'usdc', amount: '5' },
          ],
        }),
      )
      const requestId = keccak256(toBytes(prepared.payload))
      const collecting = alice.collectSignatures(prepared, {
        signal: abort.signal,
        onProgress: (p) => progress.push(p.signatures.length),
      })
      const notBobs = await privateKeyToAccount(generatePrivateKey()).sign({ hash: requestId })
      const frame = {
        appSessionId: prepared.appSessionId,
        kind: 'signature' as const,
        data: { requestId, signature: notBobs, certificate: stored.certificate },
        sender: BOB,
        id: 7,
        timestamp: Date.now(),
      }
      const bytes = JSON.stringify([
        frame.appSessionId,
        frame.kind,
        frame.data,
        frame.sender,
        frame.id,
        frame.timestamp,
        null,
      ])
      const proof = {
        signature: await bobKey.sign({ hash: keccak256(toBytes(bytes)) }),
        certificate: stored.certificate,
      }
      f.post({ ...frame, proof })
      await until(() => warnings.some((w) => w.includes('does not verify')) || progress.length > 0)
      abort.abort()
      const error = await collecting.then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(SignatureCollectionError)
      expect((error as SignatureCollectionError).reason).toBe('aborted')
      expect(progress).toEqual([])
      expect(warnings).toContain(`dropped a signature in ${BOB}'s name that does not verify`)
    } finally {
      f.close()
    }
  })

  async function createSession() {
    bob.on('signatureRequest', (r) => void r.approve())
    const s = await alice.createAppSession({
      definition: definition(),
      allocations: [
        { participant: ALICE, asset: 'usdc', amount: '5' },
        { participant: BOB, asset: 'usdc', amount: '5' },
      ],
    })
    return s.appSessionId
  }
})
