import { EIP712AuthTypes } from '@erc7824/nitrolite'
import {
  type Address,
  getAddress,
  type Hex,
  isAddressEqual,
  keccak256,
  recoverAddress,
  recoverTypedDataAddress,
  toBytes,
} from 'viem'
import type { Allowance } from '../types.js'

/**
 * A wallet's authorization of a session key: the EIP-712 policy the wallet signed when the key
 * was registered with the ClearNode. Anyone can check it without asking the node, so other
 * participants can tell that a signature made by the key speaks for the wallet.
 */
export interface KeyCertificate {
  wallet: Address
  sessionKey: Address
  application: string
  scope: string
  /** The node's challenge the policy was signed for. */
  challenge: string
  /** Unix seconds. */
  expiresAt: number
  allowances: Allowance[]
  /** The wallet's EIP-712 signature of the policy. */
  signature: Hex
}

/** Whether `certificate` is well formed, signed by its wallet, and not expired at `now` (ms). */
export async function verifyKeyCertificate(
  certificate: unknown,
  now = Date.now(),
): Promise<boolean> {
  const c = certificate as KeyCertificate | null
  if (
    !c ||
    typeof c !== 'object' ||
    typeof c.wallet !== 'string' ||
    typeof c.sessionKey !== 'string' ||
    typeof c.application !== 'string' ||
    typeof c.scope !== 'string' ||
    typeof c.challenge !== 'string' ||
    typeof c.expiresAt !== 'number' ||
    !Array.isArray(c.allowances) ||
    typeof c.signature !== 'string'
  )
    return false
  if (c.expiresAt * 1000 <= now) return false
  try {
    const signer = await recoverTypedDataAddress({
      domain: { name: c.application },
      types: EIP712AuthTypes,
      primaryType: 'Policy',
      message: {
        challenge: c.challenge,
        scope: c.scope,
        wallet: getAddress(c.wallet),
        session_key: getAddress(c.sessionKey),
        expires_at: BigInt(c.expiresAt),
        allowances: c.allowances,
      },
      signature: c.signature,
    })
    return isAddressEqual(signer, c.wallet)
  } catch {
    return false
  }
}

/**
 * Whether `signature` over `payload` (keccak256 of its bytes, no prefix: how requests are signed)
 * was made by `wallet`: directly, or by a session key `certificate` shows the wallet authorized.
 */
export async function verifyParticipantSignature(
  wallet: Address,
  payload: string,
  signature: Hex,
  certificate: unknown,
  now = Date.now(),
): Promise<boolean> {
  let signer: Address
  try {
    signer = await recoverAddress({ hash: keccak256(toBytes(payload)), signature })
  } catch {
    return false
  }
  if (isAddressEqual(signer, wallet)) return true
  if (!(await verifyKeyCertificate(certificate, now))) return false
  const c = certificate as KeyCertificate
  return isAddressEqual(c.wallet, wallet) && isAddressEqual(c.sessionKey, signer)
}
