import type { Address } from 'viem'

let nonce = Date.now()

/** A nonce no earlier call in this process returned (app session ids must differ). */
export const nextNonce = (): number => nonce++

/** The fields of an app session definition, as core and the SDK name them. */
export interface TestDefinition {
  application: string
  protocol: 'NitroRPC/0.2' | 'NitroRPC/0.4'
  participants: Address[]
  weights: number[]
  quorum: number
  challenge: number
  nonce: number
}

/**
 * Equal peers: every participant weighs the same and the quorum is their total, so every
 * state change needs all of them. `quorum` lowers it (e.g. 50 of 100: either of two alone).
 */
export function peersDefinition(
  participants: Address[],
  options: Partial<Omit<TestDefinition, 'participants'>> = {},
): TestDefinition {
  const weight = Math.floor(100 / participants.length)
  return {
    application: 'chess',
    protocol: 'NitroRPC/0.4',
    participants,
    weights: participants.map(() => weight),
    quorum: weight * participants.length,
    challenge: 0,
    nonce: nextNonce(),
    ...options,
  }
}
