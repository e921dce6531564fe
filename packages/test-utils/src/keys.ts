import type { Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

/** The names of the shared dev keys. */
export type KeyName =
  | 'alice'
  | 'aliceSession'
  | 'bob'
  | 'bobSession'
  | 'carol'
  | 'carolSession'
  | 'spare'

/**
 * Hardhat's well-known dev keys (public, never for real funds): three wallets and a session key
 * for each, plus a spare. The same accounts the demo offers as Alice, Bob and Carol.
 */
export const KEYS: Readonly<Record<KeyName, Hex>> = {
  alice: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  aliceSession: '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  bob: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
  bobSession: '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a',
  carol: '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  carolSession: '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba',
  spare: '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e',
}

/** The checksummed address of a private key. */
export const address = (key: Hex): Address => privateKeyToAccount(key).address

/** Alice's, Bob's and Carol's wallet addresses. */
export const ALICE = address(KEYS.alice)
/** Bob's wallet address. */
export const BOB = address(KEYS.bob)
/** Carol's wallet address. */
export const CAROL = address(KEYS.carol)
