// Signature recovery: the engines (libsecp256k1 through the npm `secp256k1` package's prebuilt
// binding, with the `keccak` package's native keccak, when it loads; viem/noble otherwise), the
// Go node's checks before either (`recoverRaw`), and the pluggable function types a host can
// replace them with. Shared by the relay and the devnode, so both recover and refuse signatures
// on the same code.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type * as NativeSecp256k1 from 'secp256k1'
import { type Address, getAddress, type Hex, keccak256, recoverAddress, toBytes } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

/**
 * Recovers a raw-keccak ECDSA signature (no EIP-191 prefix): the checksummed address that produced
 * `signature` (`0x` + r‖s + v, 65 bytes) over the 32-byte `hash`. Throws (or rejects) when no
 * address recovers from it.
 */
export type RecoverAddress = (hash: Hex, signature: Hex) => Address | Promise<Address>

/** viem's `recoverAddress` (noble, pure JavaScript) as a {@link RecoverAddress}. */
export const viemRecoverAddress: RecoverAddress = (hash, signature) =>
  recoverAddress({ hash, signature })

/** keccak256 of the UTF-8 bytes of `text`, as `0x` hex: what request and challenge signatures cover. */
export type HashText = (text: string) => Hex

/** viem's `keccak256` (noble, pure JavaScript) as a {@link HashText}. */
export const viemHashText: HashText = (text) => keccak256(toBytes(text))

/** Which elliptic-curve implementation recovers and signs: libsecp256k1 or viem/noble. */
export type SignaturePath = 'native' | 'noble'

/**
 * The `signatures` option: `auto` (the default) uses libsecp256k1 when its native module loads
 * and noble otherwise; `native` requires libsecp256k1 (start-up fails without it); `noble`
 * always uses viem/noble.
 */
export type SignaturesOption = 'auto' | SignaturePath

/**
 * One elliptic-curve implementation. Both take already-checked input (see `crypto.ts`): a
 * 32-byte hash and a signature `0x` + r‖s (128 hex digits) + `1b` | `1c`.
 */
export interface SignatureEngine {
  /** Which implementation this is. */
  readonly path: SignaturePath
  /** One line for the start-up log: the implementation and, on noble, why. */
  readonly description: string
  /** keccak256 of the UTF-8 bytes of `payload` (what request and frame signatures cover). */
  hash(payload: string): Hex
  /** The checksummed address that produced `signature` over `hash`; throws if none. */
  recover(hash: Hex, signature: Hex): Address | Promise<Address>
  /** A signer for `privateKey`: RFC 6979 deterministic, low-s, v ∈ {27, 28}. */
  signer(privateKey: Hex): (hash: Hex) => Hex | Promise<Hex>
}

/** Thrown by both engines for a signature that recovers no public key. */
export const RECOVERY_FAILED = 'invalid signature: no public key recovers from it'

/** viem/noble: the devnode's behaviour before the native path, kept as the fallback. */
function nobleEngine(why: string): SignatureEngine {
  return {
    path: 'noble',
    description: `noble (viem; ${why})`,
    hash: (payload) => keccak256(toBytes(payload)),
    async recover(hash, signature) {
      try {
        return getAddress(await recoverAddress({ hash, signature }))
      } catch {
        throw new Error(RECOVERY_FAILED)
      }
    },
    signer(privateKey) {
      const account = privateKeyToAccount(privateKey)
      return (hash) => account.sign({ hash })
    },
  }
}

const bytes = (hex: Hex) => Buffer.from(hex.slice(2), 'hex')

/** A keccak256 of bytes, as `0x` hex. */
type Keccak = (data: Uint8Array) => Hex

/** The native keccak state of the `keccak` package (what its stream API wraps). */
interface KeccakState {
  initialize(rate: number, capacity: number): void
  absorb(data: Buffer): void
  squeeze(length: number): Buffer
}

/**
 * keccak256 on the `keccak` package's prebuilt binding, used directly: its public API builds a
 * stream object per hash, which costs more than hashing a frame.
 */
function nativeKeccak(require: NodeJS.Require): Keccak {
  const dir = dirname(require.resolve('keccak/package.json'))
  const load = createRequire(join(dir, 'package.json'))('node-gyp-build') as (d: string) => unknown
  const State = load(dir) as new () => KeccakState
  const state = new State()
  return (data) => {
    state.initialize(1088, 512)
    state.absorb(Buffer.from(data.buffer, data.byteOffset, data.byteLength))
    return `0x${state.squeeze(32).toString('hex')}`
  }
}

/** Most checksummed addresses {@link checksummer} keeps at once. */
const CHECKSUMS_CACHED = 4096

/**
 * EIP-55 checksumming (what viem's `getAddress` returns) of a lowercase `0x` + 40 hex digits
 * address on `keccak`, remembering the last few: a node recovers the same signers again and
 * again. Bounded: emptied when full.
 */
function checksummer(keccak: Keccak): (lower: string) => Address {
  const known = new Map<string, Address>()
  return (lower) => {
    const cached = known.get(lower)
    if (cached) return cached
    const hex = lower.slice(2)
    const hash = keccak(Buffer.from(hex, 'latin1'))
    let out = '0x'
    for (let i = 0; i < 40; i++) {
      const c = hex[i]!
      // Nibble i of the hash (after its `0x`) decides the case of character i.
      out += Number.parseInt(hash[i + 2]!, 16) >= 8 ? c.toUpperCase() : c
    }
    if (known.size >= CHECKSUMS_CACHED) known.clear()
    known.set(lower, out as Address)
    return out as Address
  }
}

/** libsecp256k1 through the prebuilt binding of the `secp256k1` package. */
function nativeEngine(
  lib: typeof NativeSecp256k1,
  keccak: Keccak,
  keccakName: string,
): SignatureEngine {
  const checksum = checksummer(keccak)
  return {
    path: 'native',
    description: `native (libsecp256k1; keccak: ${keccakName})`,
    hash: (payload) => keccak(Buffer.from(payload, 'utf8')),
    recover(hash, signature) {
      let pub: Uint8Array
      try {
        const recid = signature.endsWith('1c') ? 1 : 0
        pub = lib.ecdsaRecover(bytes(signature).subarray(0, 64), recid, bytes(hash), false)
      } catch {
        throw new Error(RECOVERY_FAILED)
      }
      return checksum(`0x${keccak(pub.subarray(1)).slice(26)}`)
    },
    signer(privateKey) {
      const key = bytes(privateKey)
      if (key.length !== 32 || !lib.privateKeyVerify(key)) throw new Error('invalid private key')
      return (hash) => {
        const { signature, recid } = lib.ecdsaSign(bytes(hash), key)
        return `0x${Buffer.from(signature).toString('hex')}${recid ? '1c' : '1b'}`
      }
    },
  }
}

// A known vector (Hardhat account #0 signing keccak256(""), which is CHECK_HASH) that the
// native modules must reproduce before they are used.
const CHECK_KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const CHECK_HASH: Hex = '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470'
const CHECK_ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'

let native: { engine?: SignatureEngine; error?: string } | undefined

/** Loads libsecp256k1 once per process; `error` says why it did not load. */
function loadNative(): { engine?: SignatureEngine; error?: string } {
  if (native) return native
  try {
    // `secp256k1/bindings` and keccak's binding, not the packages' mains: those silently fall
    // back to JavaScript.
    const require = createRequire(import.meta.url)
    const lib = require('secp256k1/bindings') as typeof NativeSecp256k1
    let keccak: Keccak = (data) => keccak256(data)
    let keccakName = 'noble'
    try {
      keccak = nativeKeccak(require)
      if (keccak(new Uint8Array()) !== CHECK_HASH) throw new Error('keccak self-check failed')
      keccakName = 'native'
    } catch {
      keccak = (data) => keccak256(data)
    }
    const engine = nativeEngine(lib, keccak, keccakName)
    const sig = engine.signer(CHECK_KEY)(CHECK_HASH) as Hex
    if (engine.recover(CHECK_HASH, sig) !== CHECK_ADDRESS) throw new Error('self-check failed')
    if (engine.hash('') !== CHECK_HASH) throw new Error('self-check failed')
    native = { engine }
  } catch (error) {
    native = { error: error instanceof Error ? error.message.split('\n')[0] : String(error) }
  }
  return native
}

/**
 * The engine for a `signatures` option, or when it is undefined for `fallback` (e.g. an
 * environment variable's value; default `auto`). libsecp256k1 is loaded and checked once per
 * process.
 *
 * @throws when the value is not `auto`, `native` or `noble`, or `native` is asked for and
 * libsecp256k1 does not load.
 *
 * @example
 * const engine = selectSignatures('auto')
 * engine.path // 'native' where the prebuilt binding loads
 */
export function selectSignatures(option?: SignaturesOption, fallback?: string): SignatureEngine {
  const asked = option ?? (fallback || 'auto')
  if (asked === 'noble') return nobleEngine('asked for')
  if (asked !== 'auto' && asked !== 'native')
    throw new Error(`signatures must be auto, native or noble, got ${String(asked)}`)
  const { engine, error } = loadNative()
  if (engine) return engine
  if (asked === 'native') throw new Error(`native signatures unavailable: ${error}`)
  return nobleEngine(`libsecp256k1 did not load: ${error}`)
}

const HASH = /^0x[0-9a-fA-F]{64}$/
const RS = /^0x[0-9a-fA-F]{128}$/

/**
 * Recovers a raw-keccak (no EIP-191 prefix) ECDSA signature the Go node's way, on `engine`. The
 * checks run here, before either engine, so both refuse the same signatures: 65 bytes, `v` ∈
 * {0, 1, 27, 28} (the last two characters read as hex), r and s each in [1, n) — high-s is
 * accepted, as viem/noble accept it.
 *
 * @throws when the hash or signature is malformed, or no public key recovers from it.
 */
export async function recoverRaw(
  hash: Hex,
  signature: Hex,
  engine: SignatureEngine,
): Promise<Address> {
  if (!HASH.test(hash)) throw new Error('invalid hash: expected 32 bytes')
  if (signature.length !== 132) throw new Error('invalid signature length')
  let v = Number.parseInt(signature.slice(130), 16)
  if (v >= 27) v -= 27
  if (v !== 0 && v !== 1) throw new Error('invalid recovery id')
  const rs = signature.slice(0, 130)
  if (!RS.test(rs)) throw new Error('invalid signature: r and s must be hex')
  return engine.recover(hash, `${rs}${v === 0 ? '1b' : '1c'}` as Hex)
}
