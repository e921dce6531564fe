import type { Hex } from 'viem'
import type { KeyCertificate } from './key-certificate.js'

/** What the client keeps about its session key between page loads. */
export interface StoredSessionKey {
  privateKey: Hex
  /** Unix seconds. */
  expiresAt: number
  /** JWT from the last successful authentication (re-auth without a wallet prompt). */
  jwt?: string
  /** The wallet's signed authorization of this key, shown to co-signers. */
  certificate?: KeyCertificate
}

/** Where session keys live. Methods may be sync or async. */
export interface SessionKeyStore {
  get(key: string): StoredSessionKey | undefined | Promise<StoredSessionKey | undefined>
  set(key: string, value: StoredSessionKey): void | Promise<void>
  delete(key: string): void | Promise<void>
}

/** Keeps session keys in memory (lost on reload). The default in Node. */
export function memorySessionKeyStore(): SessionKeyStore {
  const map = new Map<string, StoredSessionKey>()
  return {
    get: (key) => map.get(key),
    set: (key, value) => {
      map.set(key, value)
    },
    delete: (key) => {
      map.delete(key)
    },
  }
}

/**
 * Keeps session keys in `localStorage` (or the `storage` given) under `prefix` (default
 * `nitrolite-kit:session-key:`), so a reload reuses the key and its JWT.
 *
 * Whoever can read the key can sign as you within its limits: its allowances cap what it commits
 * from your own ledger (a create's or deposit's funding), not what it may co-sign inside a
 * session you are in (an `operate` or close redistributes the session's funds). That is why the
 * client's guard checks every request before it is signed.
 */
export function localStorageSessionKeyStore(
  prefix = 'nitrolite-kit:session-key:',
  storageArea?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
): SessionKeyStore {
  const storage = () => storageArea ?? (globalThis as { localStorage?: Storage }).localStorage
  return {
    get(key) {
      const raw = storage()?.getItem(prefix + key)
      if (!raw) return undefined
      try {
        const v = JSON.parse(raw) as StoredSessionKey
        return typeof v.privateKey === 'string' && typeof v.expiresAt === 'number' ? v : undefined
      } catch {
        return undefined
      }
    },
    set(key, value) {
      storage()?.setItem(prefix + key, JSON.stringify(value))
    },
    delete(key) {
      storage()?.removeItem(prefix + key)
    },
  }
}
