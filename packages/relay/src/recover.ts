// Signature recovery, pluggable: viem/noble by default, or the host's own (native) implementation.
import { type Address, type Hex, keccak256, recoverAddress, toBytes } from 'viem'

/**
 * Recovers a raw-keccak ECDSA signature (no EIP-191 prefix): the checksummed address that produced
 * `signature` (`0x` + r‖s + v, 65 bytes) over the 32-byte `hash`. Throws (or rejects) when no
 * address recovers from it.
 */
export type RecoverAddress = (hash: Hex, signature: Hex) => Address | Promise<Address>

/** The default {@link RecoverAddress}: viem's `recoverAddress` (noble, pure JavaScript). */
export const viemRecoverAddress: RecoverAddress = (hash, signature) =>
  recoverAddress({ hash, signature })

/** keccak256 of the UTF-8 bytes of `text`, as `0x` hex: what request and challenge signatures cover. */
export type HashText = (text: string) => Hex

/** The default {@link HashText}: viem's `keccak256` (noble, pure JavaScript). */
export const viemHashText: HashText = (text) => keccak256(toBytes(text))
