import type { GoDefinition } from '@nitrolite-kit/relay'
import { RpcError } from '../rpc/context.js'
import { amount, obj, str, uint } from '../rpc/params.js'
import type { Dec } from '../util/decimal.js'

/** One allocation row of create/submit/close. */
export interface Allocation {
  participant: string
  asset: string
  amount: Dec
}

/** An app-session definition parameter, or `failed to parse parameters`. */
export function parseDefinition(raw: unknown): GoDefinition {
  const d = obj(raw)
  const participants = d.participants ?? []
  const weights = d.weights ?? []
  if (!Array.isArray(participants) || !participants.every((x) => typeof x === 'string'))
    throw new RpcError('failed to parse parameters')
  if (
    !Array.isArray(weights) ||
    !weights.every((w) => typeof w === 'number' && Number.isInteger(w))
  )
    throw new RpcError('failed to parse parameters')
  return {
    application: str(d.application),
    protocol: str(d.protocol),
    participants: participants as string[],
    weights: weights as number[],
    quorum: uint(d.quorum),
    challenge: uint(d.challenge),
    nonce: uint(d.nonce),
  }
}

/** The `allocations` parameter (`[]` when absent), or `failed to parse parameters`. */
export function parseAllocations(raw: unknown): Allocation[] {
  if (raw === undefined || raw === null) return []
  if (!Array.isArray(raw)) throw new RpcError('failed to parse parameters')
  return raw.map((a) => {
    const o = obj(a)
    return { participant: str(o.participant), asset: str(o.asset), amount: amount(o.amount) }
  })
}

/** The optional `session_data` parameter: `undefined` when absent, else a string. */
export function parseSessionData(raw: unknown): string | undefined {
  return raw === undefined || raw === null ? undefined : str(raw)
}
