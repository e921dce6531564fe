import { type Hex, keccak256, toBytes } from 'viem'
import type { AppDefinition } from '../types.js'

function goString(value: string): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/**
 * The `app_session_id` the ClearNode assigns to a definition: keccak256 over Go's JSON
 * serialization (fixed key order, compact, HTML-escaped strings).
 */
export function computeAppSessionId(d: AppDefinition): Hex {
  const json = `{"application":${goString(d.application)},"protocol":${goString(d.protocol)},"participants":[${d.participants
    .map(goString)
    .join(
      ',',
    )}],"weights":[${d.weights.join(',')}],"quorum":${d.quorum},"challenge":${d.challenge},"nonce":${d.nonce}}`
  return keccak256(toBytes(json))
}
