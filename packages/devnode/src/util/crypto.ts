import { recoverRaw as checkedRecover } from '@nitrolite-kit/relay'
import type { Address, Hex } from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'
import { defaultSignatures, type SignatureEngine, type SignaturePath } from './secp256k1.js'

/** Server-frame signatures remembered by {@link BrokerSigner.sign}. */
const RECENT_SIGNATURES = 8

/**
 * Recovers a raw-keccak (no EIP-191 prefix) ECDSA signature the Go node's way, on `engine`
 * (default: {@link defaultSignatures}): the relay package's `recoverRaw`, whose checks run
 * before either engine, so both refuse the same signatures (65 bytes, `v` ∈ {0, 1, 27, 28},
 * r and s each in [1, n); high-s accepted, as viem/noble accept it).
 */
export function recoverRaw(
  hash: Hex,
  signature: Hex,
  engine: SignatureEngine = defaultSignatures(),
): Promise<Address> {
  return checkedRecover(hash, signature, engine)
}

/** Recovers every signer of `payload` (the raw `req` bytes) on `engine`; throws if any fails. */
export async function recoverSigners(
  payload: string,
  sigs: readonly Hex[],
  engine: SignatureEngine = defaultSignatures(),
): Promise<Address[]> {
  if (sigs.length === 0) return []
  const hash = engine.hash(payload)
  const out: Address[] = []
  for (const sig of sigs) out.push(await recoverRaw(hash, sig, engine))
  return out
}

/** Signs server frames: keccak256 of the exact `res` bytes, no prefix, v ∈ {27, 28}. */
export class BrokerSigner {
  /** The broker account. */
  readonly account: PrivateKeyAccount
  /** The implementation that signs (and that the node recovers with). */
  readonly engine: SignatureEngine
  private readonly signHash: (hash: Hex) => Hex | Promise<Hex>
  private readonly recent = new Map<string, Hex>()
  /** A signer for the broker's private key, on `engine` (default: {@link defaultSignatures}). */
  constructor(privateKey: Hex, engine: SignatureEngine = defaultSignatures()) {
    this.account = privateKeyToAccount(privateKey)
    this.engine = engine
    this.signHash = engine.signer(privateKey)
  }
  /** The broker's (checksummed) address. */
  get address(): Address {
    return this.account.address
  }
  /** Which implementation signs: `native` (libsecp256k1) or `noble`. */
  get path(): SignaturePath {
    return this.engine.path
  }
  /**
   * Signature over keccak256 of the exact `payload` bytes. Signatures are deterministic, so the
   * last few are kept and a payload signed again (the caller's two identical `bu` of one
   * request) costs a map look-up.
   */
  async sign(payload: string): Promise<Hex> {
    const known = this.recent.get(payload)
    if (known) return known
    const sig = await this.signHash(this.engine.hash(payload))
    this.recent.set(payload, sig)
    if (this.recent.size > RECENT_SIGNATURES) this.recent.delete(this.recent.keys().next().value!)
    return sig
  }
}
