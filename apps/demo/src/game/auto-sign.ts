import type { SignatureRequest } from '@nitrolite-kit/core'
import type { GameSessionData } from './rps.js'

/**
 * The demo's opt-in auto-sign policy: a game's intermediate states that only record the score
 * (every player still holds exactly its stake, so no money moves) are signed without a prompt.
 * Everything else — creates, closes, any state that moves funds — waits for the user.
 */
export function autoSignGameRounds(request: SignatureRequest): boolean {
  const p = request.prepared
  if (p.method !== 'submit_app_state') return false
  const params = p.params as {
    intent?: string
    session_data?: string
    allocations?: { amount: string }[]
  }
  if (params.intent && params.intent !== 'operate') return false
  let data: GameSessionData
  try {
    data = JSON.parse(params.session_data ?? '') as GameSessionData
  } catch {
    return false
  }
  if (data.game !== 'rps' || !params.allocations?.length) return false
  // Only when nothing moves: every player holds exactly its stake before and after.
  const current = request.current ?? []
  return (
    current.length > 0 && [...params.allocations, ...current].every((a) => a.amount === data.stake)
  )
}
