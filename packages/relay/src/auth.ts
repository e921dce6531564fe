// Relay authentication without a second wallet signature: the client shows the EIP-712 policy
// its wallet signed for the ClearNode (its key certificate) and proves it holds the session key
// by signing a challenge this relay issued on this socket.

import { randomBytes } from 'node:crypto'
import { EIP712AuthTypes } from '@erc7824/nitrolite'
import { type Address, getAddress, type Hex, isAddress, recoverTypedDataAddress } from 'viem'
import { RelayError } from './errors.js'
import {
  type HashText,
  type RecoverAddress,
  viemHashText,
  viemRecoverAddress,
} from './signatures.js'

/**
 * Prefix of every challenge. A client signs only strings of the form
 * `nitrolite-relay-auth:<64 hex>`: never valid JSON, so a relay cannot make a session key sign
 * a ClearNode request.
 */
export const CHALLENGE_PREFIX = 'nitrolite-relay-auth:'

/** A fresh, unguessable challenge. */
export function issueChallenge(): string {
  return `${CHALLENGE_PREFIX}${randomBytes(32).toString('hex')}`
}

/** A wallet's signed authorization of a session key (core's `KeyCertificate`). */
export interface KeyCertificate {
  wallet: Address
  sessionKey: Address
  application: string
  scope: string
  /** The ClearNode challenge the policy was signed for. */
  challenge: string
  /** Unix seconds. */
  expiresAt: number
  allowances: { asset: string; amount: string }[]
  /** The wallet's EIP-712 signature of the policy. */
  signature: Hex
}

/** Who an authenticated socket speaks for. */
export interface Identity {
  wallet: Address
  sessionKey: Address
  /** Unix seconds. */
  expiresAt: number
}

function readCertificate(raw: unknown): KeyCertificate {
  const c = raw as KeyCertificate | null
  const ok =
    !!c &&
    typeof c === 'object' &&
    typeof c.wallet === 'string' &&
    isAddress(c.wallet, { strict: false }) &&
    typeof c.sessionKey === 'string' &&
    isAddress(c.sessionKey, { strict: false }) &&
    typeof c.application === 'string' &&
    typeof c.scope === 'string' &&
    typeof c.challenge === 'string' &&
    Number.isSafeInteger(c.expiresAt) &&
    Array.isArray(c.allowances) &&
    c.allowances.every((a) => a && typeof a.asset === 'string' && typeof a.amount === 'string') &&
    typeof c.signature === 'string' &&
    /^0x[0-9a-fA-F]{130}$/.test(c.signature)
  if (!ok) throw new RelayError('invalid certificate: malformed')
  return c as KeyCertificate
}

/**
 * Checks an `auth` request: the certificate is well formed, signed by its wallet (the same
 * EIP-712 `Policy` as core's `verifyKeyCertificate`) and not expired at `now` (ms), and
 * `signature` over `challenge` (keccak256 of its bytes, no prefix) recovers to its session key.
 * The caller makes sure `challenge` is the unused one it issued on this socket.
 */
export async function verifyAuth(input: {
  certificate: unknown
  challenge: string
  signature: unknown
  now?: number
  /** Recovers the challenge signature (default: viem's `recoverAddress`). */
  recoverAddress?: RecoverAddress
  /** Hashes the challenge (default: viem's `keccak256` of its UTF-8 bytes). */
  hashText?: HashText
}): Promise<Identity> {
  const c = readCertificate(input.certificate)
  const now = input.now ?? Date.now()
  if (c.expiresAt * 1000 <= now)
    throw new RelayError(`certificate expired at ${new Date(c.expiresAt * 1000).toISOString()}`)
  let wallet: Address
  try {
    wallet = await recoverTypedDataAddress({
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
  } catch {
    throw new RelayError('invalid certificate: signature does not recover')
  }
  if (wallet !== getAddress(c.wallet))
    throw new RelayError('invalid certificate: not signed by its wallet')
  if (typeof input.signature !== 'string' || !/^0x[0-9a-fA-F]{130}$/.test(input.signature))
    throw new RelayError('invalid challenge signature: expected 65-byte hex')
  let signer: Address
  try {
    signer = await (input.recoverAddress ?? viemRecoverAddress)(
      (input.hashText ?? viemHashText)(input.challenge),
      input.signature as Hex,
    )
  } catch {
    throw new RelayError('invalid challenge signature: does not recover')
  }
  const sessionKey = getAddress(c.sessionKey)
  if (signer !== sessionKey)
    throw new RelayError(
      `invalid challenge signature: signed by ${signer}, not the certificate's session key ${sessionKey}`,
    )
  return { wallet, sessionKey, expiresAt: c.expiresAt }
}
