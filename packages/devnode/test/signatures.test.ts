// The native (libsecp256k1) and noble (viem) signature paths give identical results: the same
// signer, the same refusal, the same signature bytes. Bounded in time: the 10,000-signature
// property checks native against viem's signing (~0.3 ms each) and noble-derived addresses;
// noble's recovery (~1.5 ms each) runs on the 1,500-case adversarial property, where most
// cases are refused before any curve math.

import { recordingLogger } from '@nitrolite-kit/test-utils'
import fc from 'fast-check'
import { bytesToHex, type Hex, keccak256, toHex } from 'viem'
import { privateKeyToAddress, sign } from 'viem/accounts'
import { describe, expect, it } from 'vitest'
import { startDevnode } from '../src/index.js'
import { BrokerSigner, recoverRaw, recoverSigners } from '../src/util/crypto.js'
import { selectSignatures } from '../src/util/secp256k1.js'
import { KEYS } from './helpers.js'

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
const native = selectSignatures('native')
const noble = selectSignatures('noble')

const word = (x: bigint) => x.toString(16).padStart(64, '0')
const parts = (sig: Hex) => ({
  r: BigInt(`0x${sig.slice(2, 66)}`),
  s: BigInt(`0x${sig.slice(66, 130)}`),
  v: sig.slice(130),
})
const make = (r: bigint, s: bigint, v: string) => `0x${word(r)}${word(s)}${v}` as Hex
const flip = (v: string) => ({ '1b': '1c', '1c': '1b', '00': '01', '01': '00' })[v] ?? v

/** What recovery gives: the address, or the refusal's message. */
async function outcome(hash: Hex, sig: Hex, engine = native): Promise<string> {
  try {
    return await recoverRaw(hash, sig, engine)
  } catch (error) {
    return `throws: ${(error as Error).message}`
  }
}

const key = fc.bigInt({ min: 1n, max: N - 1n }).map((k) => `0x${word(k)}` as Hex)
const hash = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => bytesToHex(b))

describe('signature paths', () => {
  it('loads libsecp256k1 on this machine (linux-x64 prebuilt)', () => {
    expect(native.path).toBe('native')
    expect(selectSignatures().path).toBe('native')
    expect(selectSignatures(undefined, 'noble').path).toBe('noble')
    expect(selectSignatures('auto', 'noble').path).toBe('native')
    expect(() => selectSignatures('fast' as never)).toThrow(
      'signatures must be auto, native or noble',
    )
  })

  it('10,000 random signatures: native signs byte-identically to viem and recovers the signer', async () => {
    // 256 random keys (their addresses derived once, by noble) × 10,000 random hashes.
    const keys = fc.sample(key, { numRuns: 256, seed: Date.now() })
    const signers = keys.map((k) => privateKeyToAddress(k))
    const nativeSigners = keys.map((k) => native.signer(k))
    let runs = 0
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: keys.length - 1 }), hash, async (i, h) => {
        runs++
        const viemSig = await sign({ hash: h, privateKey: keys[i]!, to: 'hex' })
        expect(nativeSigners[i]!(h)).toBe(viemSig)
        expect(await recoverRaw(h, viemSig, native)).toBe(signers[i])
      }),
      { numRuns: 10_000 },
    )
    expect(runs).toBe(10_000)
  }, 120_000)

  it('valid, high-s, malleated, bad-v, out-of-range and random signatures: both paths agree', async () => {
    const valid = fc.tuple(key, hash).map(([k, h]) => ({ h, sig: native.signer(k)(h) as Hex }))
    const mutated = fc
      .tuple(
        valid,
        fc.constantFrom('none', 'high-s', 'malleated', 'flip-v', 'r=0', 's=0', 'r=n', 's=n'),
      )
      .map(([{ h, sig }, how]) => {
        const { r, s, v } = parts(sig)
        const out = {
          none: sig,
          'high-s': make(r, N - s, v),
          malleated: make(r, N - s, flip(v)),
          'flip-v': make(r, s, flip(v)),
          'r=0': make(0n, s, v),
          's=0': make(r, 0n, v),
          'r=n': make(N, s, v),
          's=n': make(r, N, v),
        }[how]
        return { h, sig: out }
      })
    const v = fc.oneof(
      fc.constantFrom('00', '01', '1b', '1c', '02', '03', '1d', '1e', 'ff', '-1', ' 1', '1g', 'zz'),
      fc.integer({ min: 0, max: 255 }).map((x) => x.toString(16).padStart(2, '0')),
    )
    const random = fc
      .tuple(hash, fc.uint8Array({ minLength: 64, maxLength: 64 }), v)
      .map(([h, rs, vv]) => ({ h, sig: `${bytesToHex(rs)}${vv}` as Hex }))
    const badLength = fc
      .tuple(hash, fc.uint8Array({ minLength: 0, maxLength: 80 }))
      .filter(([, b]) => b.length !== 65)
      .map(([h, b]) => ({ h, sig: bytesToHex(b) }))
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, random, badLength), async ({ h, sig }) => {
        expect(await outcome(h, sig, native)).toBe(await outcome(h, sig, noble))
      }),
      { numRuns: 1_500 },
    )
  }, 120_000)

  it('payload hashes agree (native keccak vs noble) on random strings', () => {
    expect(native.description).toContain('keccak: native')
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 600 }), (payload) => {
        expect(native.hash(payload)).toBe(noble.hash(payload))
        expect(native.hash(payload)).toBe(keccak256(toHex(payload)))
      }),
      { numRuns: 2_000 },
    )
  })

  it('the refusal rule (viem’s, kept): v ∈ {0, 1, 27, 28}; high-s accepted; r, s ∈ [1, n)', async () => {
    const h = keccak256(toHex('rule'))
    const sig = native.signer(KEYS.A)(h) as Hex
    const { r, s, v } = parts(sig)
    const A = privateKeyToAddress(KEYS.A)
    for (const engine of [native, noble]) {
      expect(await outcome(h, make(r, N - s, flip(v)), engine)).toBe(A)
      expect(await outcome(h, make(r, N - s, v), engine)).not.toBe(A)
      expect(await outcome(h, make(r, s, '1d'), engine)).toBe('throws: invalid recovery id')
      expect(await outcome(h, make(r, s, '02'), engine)).toBe('throws: invalid recovery id')
      expect(await outcome(h, make(r, N, v), engine)).toMatch(/^throws: invalid signature/)
      expect(await outcome(h, `${sig}00` as Hex, engine)).toBe('throws: invalid signature length')
      expect(await outcome('0x1234', sig, engine)).toBe('throws: invalid hash: expected 32 bytes')
    }
  })

  it('BrokerSigner and recoverSigners agree across paths', async () => {
    const a = new BrokerSigner(KEYS.B, native)
    const b = new BrokerSigner(KEYS.B, noble)
    expect([a.path, b.path]).toEqual(['native', 'noble'])
    const payload = '[1,"get_config",{},1700000000000]'
    const sig = await a.sign(payload)
    expect(sig).toBe(await b.sign(payload))
    expect(sig).toBe(await b.account.sign({ hash: keccak256(toHex(payload)) }))
    expect(await recoverSigners(payload, [sig], native)).toEqual([a.address])
    expect(await recoverSigners(payload, [sig], noble)).toEqual([a.address])
  })

  it('says which path it uses: start-up log and /info; `signatures: noble` forces noble', async () => {
    for (const signatures of [undefined, 'noble'] as const) {
      const { lines, logger } = recordingLogger()
      const node = await startDevnode({ port: 0, signatures, logLevel: 'info', logger })
      try {
        const info = await (await fetch(`${node.httpUrl}/info`)).json()
        const expected = signatures ?? 'native'
        expect(info.signatures).toBe(expected)
        expect(lines.some((l) => l.startsWith(`signatures: ${expected}`))).toBe(true)
      } finally {
        await node.close()
      }
    }
  })
})
