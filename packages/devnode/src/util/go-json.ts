import { keccak256, toBytes } from 'viem'

/** Serializes a string the way Go's `encoding/json` does (HTML-safe escaping). */
export function goString(value: string): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

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

/** Go `json.Marshal` of the definition struct: fixed key order, compact, HTML-escaped. */
export function goDefinitionJson(d: GoDefinition): string {
  const participants = `[${d.participants.map(goString).join(',')}]`
  const weights = `[${d.weights.join(',')}]`
  return `{"application":${goString(d.application)},"protocol":${goString(d.protocol)},"participants":${participants},"weights":${weights},"quorum":${d.quorum},"challenge":${d.challenge},"nonce":${d.nonce}}`
}

/** `app_session_id`: keccak256 over Go's serialization of the definition. */
export function appSessionId(d: GoDefinition): `0x${string}` {
  return keccak256(toBytes(goDefinitionJson(d)))
}
