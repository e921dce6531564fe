import { type Address, getAddress, type Hex, keccak256, recoverAddress, toBytes } from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'

/** Recovers a raw-keccak (no EIP-191 prefix) ECDSA signature the Go node's way. */
export async function recoverRaw(hash: Hex, signature: Hex): Promise<Address> {
  if (signature.length !== 132) throw new Error('invalid signature length')
  let v = Number.parseInt(signature.slice(130), 16)
  if (v >= 27) v -= 27
  if (v !== 0 && v !== 1) throw new Error('invalid recovery id')
  const normalized = `${signature.slice(0, 130)}${v === 0 ? '1b' : '1c'}` as Hex
  return getAddress(await recoverAddress({ hash, signature: normalized }))
}

/** Recovers every signer of `payload` (the raw `req` bytes); throws if any fails. */
export async function recoverSigners(payload: string, sigs: readonly Hex[]): Promise<Address[]> {
  if (sigs.length === 0) return []
  const hash = keccak256(toBytes(payload))
  const out: Address[] = []
  for (const sig of sigs) out.push(await recoverRaw(hash, sig))
  return out
}

/** Signs server frames: keccak256 of the exact `res` bytes, no prefix, v ∈ {27, 28}. */
export class BrokerSigner {
  /** The broker account. */
  readonly account: PrivateKeyAccount
  /** A signer for the broker's private key. */
  constructor(privateKey: Hex) {
    this.account = privateKeyToAccount(privateKey)
  }
  /** The broker's (checksummed) address. */
  get address(): Address {
    return this.account.address
  }
  /** Signature over keccak256 of the exact `payload` bytes. */
  async sign(payload: string): Promise<Hex> {
    return this.account.sign({ hash: keccak256(toBytes(payload)) })
  }
}
