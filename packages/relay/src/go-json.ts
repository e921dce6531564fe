// The app-session id the ClearNode derives from a definition (protocol.md §4.1), so a relay can
// check a definition sent with a pre-creation message without asking the node.
import { type Hex, keccak256, toBytes } from 'viem'

/** An app-session definition as the Go node decodes it (missing keys become zero values). */
export interface GoDefinition {
  application: string
  protocol: string
  participants: string[]
  weights: number[]
  quorum: number
  challenge: number
  nonce: number
}

/** Serializes a string the way Go's `encoding/json` does (HTML-safe escaping). */
export function goString(value: string): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

const isUint = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0

/**
 * Reads a definition the way the Go node decodes it (missing keys are zero values, unknown keys
 * dropped); `undefined` when a field has a type the node would refuse.
 */
export function parseDefinition(raw: unknown): GoDefinition | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined
  const d = raw as Record<string, unknown>
  const participants = d.participants ?? []
  const weights = d.weights ?? []
  const application = d.application ?? ''
  const protocol = d.protocol ?? ''
  const [quorum, challenge, nonce] = [d.quorum ?? 0, d.challenge ?? 0, d.nonce ?? 0]
  if (!Array.isArray(participants) || !participants.every((p) => typeof p === 'string'))
    return undefined
  if (!Array.isArray(weights) || !weights.every((w) => Number.isSafeInteger(w))) return undefined
  if (typeof application !== 'string' || typeof protocol !== 'string') return undefined
  if (!isUint(quorum) || !isUint(challenge) || !isUint(nonce)) return undefined
  return { application, protocol, participants, weights, quorum, challenge, nonce }
}

/** Go `json.Marshal` of the definition struct: fixed key order, compact, HTML-escaped. */
export function goDefinitionJson(d: GoDefinition): string {
  const participants = `[${d.participants.map(goString).join(',')}]`
  return `{"application":${goString(d.application)},"protocol":${goString(d.protocol)},"participants":${participants},"weights":[${d.weights.join(',')}],"quorum":${d.quorum},"challenge":${d.challenge},"nonce":${d.nonce}}`
}

/** viem's keccak256 over the text's UTF-8 bytes, as `0x` hex. */
const viemTextHash = (text: string): Hex => keccak256(toBytes(text))

/**
 * `app_session_id`: keccak256 over Go's serialization of the definition. `hash` computes that
 * keccak256 of a text's UTF-8 bytes (default: viem's); pass a faster implementation of the
 * same function (e.g. a native one).
 */
export function appSessionId(d: GoDefinition, hash: (text: string) => Hex = viemTextHash): Hex {
  return hash(goDefinitionJson(d))
}
