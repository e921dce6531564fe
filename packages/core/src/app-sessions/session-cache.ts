import type { Hex } from 'viem'
import type { AppSession } from '../types.js'

/**
 * Merges a newer view of a session into what is known. An older version never replaces a newer
 * one; allocations carry over when the update has none. Returns `prev` itself when the update
 * is stale, so callers can compare by identity.
 *
 * The client's session cache and the react store both use this one rule.
 */
export function mergeSession(prev: AppSession | undefined, next: AppSession): AppSession {
  if (prev && prev.version > next.version) return prev
  return { ...prev, ...next, allocations: next.allocations ?? prev?.allocations }
}

/** The sessions one client knows, merged with {@link mergeSession}. */
export interface SessionCache {
  get(appSessionId: Hex): AppSession | undefined
  /** Merges and returns the stored session; `changed` is false when the update was stale. */
  put(session: AppSession): { session: AppSession; changed: boolean }
  list(): AppSession[]
  clear(): void
}

/** Creates an in-memory {@link SessionCache}. */
export function createSessionCache(): SessionCache {
  const sessions = new Map<Hex, AppSession>()
  return {
    get: (id) => sessions.get(id),
    put(session) {
      const prev = sessions.get(session.appSessionId)
      const merged = mergeSession(prev, session)
      if (merged === prev) return { session: merged, changed: false }
      sessions.set(session.appSessionId, merged)
      return { session: merged, changed: true }
    },
    list: () => [...sessions.values()],
    clear: () => sessions.clear(),
  }
}
