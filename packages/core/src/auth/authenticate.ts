import {
  createAuthRequestMessage,
  createAuthVerifyMessage,
  createAuthVerifyMessageWithJWT,
  createEIP712AuthMessageSigner,
} from '@erc7824/nitrolite'
import { type Address, getAddress, type Hex, type WalletClient } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { BaseError, NodeRejectedError } from '../errors.js'
import type { Logger } from '../logger.js'
import type { Allowance } from '../types.js'
import type { ResponseFrame } from '../wire/envelope.js'
import type { SessionKeyStore, StoredSessionKey } from './session-key-store.js'

/** A session key the node accepted for a wallet. */
export interface AuthenticatedKey extends StoredSessionKey {
  /** The session key's address. */
  address: Address
}

/** What {@link authenticate} needs. */
export interface AuthenticateParameters {
  walletSigner: WalletClient
  application: string
  scope: string
  allowances: Allowance[]
  /** Lifetime of a new session key, seconds. */
  expiresIn: number
  store: SessionKeyStore
  logger: Logger
  /** Sends an SDK-built request and resolves with its response. */
  call(
    build: (id: number, timestamp: number) => Promise<string>,
    method: string,
  ): Promise<ResponseFrame>
}

/** The wallet's checksummed address (the client's account, or its first address). */
export async function walletAddress(walletSigner: WalletClient): Promise<Address> {
  const a = walletSigner.account?.address
  if (a) return getAddress(a)
  const list = await walletSigner.getAddresses()
  if (!list[0])
    throw new BaseError('The wallet client has no account.', {
      metaMessages: ['Connect a wallet before connecting to the ClearNode.'],
    })
  return getAddress(list[0])
}

/**
 * Authenticates on an open socket: with the stored JWT when there is one, otherwise with a
 * (new) session key whose EIP-712 policy the wallet signs. Keys and JWTs are kept in `store`
 * under `application:wallet`; an expired or refused key is replaced once.
 */
export async function authenticate(
  p: AuthenticateParameters,
): Promise<{ wallet: Address; key: AuthenticatedKey }> {
  const wallet = await walletAddress(p.walletSigner)
  const storeKey = `${p.application}:${wallet.toLowerCase()}`
  let stored = await p.store.get(storeKey)
  const now = Math.floor(Date.now() / 1000)
  if (stored && stored.expiresAt <= now + 60) {
    await p.store.delete(storeKey)
    stored = undefined
  }
  if (stored?.jwt) {
    const jwt = stored.jwt
    try {
      const res = await p.call(
        (id, ts) => createAuthVerifyMessageWithJWT(jwt, id, ts),
        'auth_verify',
      )
      if (res.params.success && getAddress(res.params.address) === wallet)
        return { wallet, key: withAddress(stored) }
    } catch (error) {
      p.logger.info('JWT re-authentication failed; signing a new challenge', error)
    }
  }
  for (let attempt = 0; ; attempt++) {
    if (!stored) {
      stored = { privateKey: generatePrivateKey(), expiresAt: now + p.expiresIn }
      await p.store.set(storeKey, stored)
    }
    try {
      const jwt = await challengeAndVerify(p, wallet, withAddress(stored))
      stored = { ...stored, jwt }
      await p.store.set(storeKey, stored)
      return { wallet, key: withAddress(stored) }
    } catch (error) {
      const refusedKey =
        error instanceof NodeRejectedError &&
        /already exists but is expired|already in use/.test(error.nodeMessage)
      if (!refusedKey || attempt > 0) throw error
      await p.store.delete(storeKey)
      stored = undefined
    }
  }
}

function withAddress(stored: StoredSessionKey): AuthenticatedKey {
  return { ...stored, address: privateKeyToAccount(stored.privateKey as Hex).address }
}

/** `auth_request` → wallet signs the challenge (EIP-712) → `auth_verify`; returns the JWT. */
async function challengeAndVerify(
  p: AuthenticateParameters,
  wallet: Address,
  key: AuthenticatedKey,
): Promise<string | undefined> {
  const policy = {
    scope: p.scope,
    session_key: key.address,
    expires_at: BigInt(key.expiresAt),
    allowances: p.allowances,
  }
  const challenge = await p.call(
    (id, ts) =>
      createAuthRequestMessage({ address: wallet, application: p.application, ...policy }, id, ts),
    'auth_request',
  )
  const eip712 = createEIP712AuthMessageSigner(p.walletSigner, policy, { name: p.application })
  const verify = await p.call(
    (id, ts) =>
      createAuthVerifyMessage(
        eip712,
        // The SDK signs the challenge it reads from a parsed `auth_challenge` response.
        { method: 'auth_challenge', params: challenge.params, requestId: 0, timestamp: 0 } as never,
        id,
        ts,
      ),
    'auth_verify',
  )
  return verify.params.jwtToken ?? verify.params.jwt_token
}
