import type { Address } from 'viem'
import type { Allocation, AppDefinition } from '../types.js'

/** What each participant commits when the session opens (the same for every funder). */
export interface Stake {
  asset: string
  /** A decimal string in units of the asset, e.g. `"10"`. */
  amount: string
}

/** Options shared by the definition helpers. */
export interface SessionShapeParameters {
  application: string
  /** Committed by every player (`players` for `serverControlled`). Defaults to no funding. */
  stake?: Stake
  /** Defaults to a fresh one per call (milliseconds, never repeated in this process). */
  nonce?: number
  /** Defaults to `NitroRPC/0.4`. */
  protocol?: AppDefinition['protocol']
  /** Defaults to `0`. */
  challenge?: number
}

/** A definition and the opening allocations: what `createAppSession` takes. */
export interface SessionShape {
  definition: AppDefinition
  allocations: Allocation[]
}

let lastNonce = 0
/** Milliseconds since the epoch, bumped when two calls land in the same millisecond. */
function freshNonce(): number {
  lastNonce = Math.max(Date.now(), lastNonce + 1)
  return lastNonce
}

function shape(
  p: SessionShapeParameters,
  participants: Address[],
  weights: number[],
  quorum: number,
  funders: Address[],
): SessionShape {
  return {
    definition: {
      application: p.application,
      protocol: p.protocol ?? 'NitroRPC/0.4',
      participants,
      weights,
      quorum,
      challenge: p.challenge ?? 0,
      nonce: p.nonce ?? freshNonce(),
    },
    allocations: p.stake
      ? funders.map((participant) => ({ participant, ...(p.stake as Stake) }))
      : [],
  }
}

/**
 * Equal peers (a two-player game): every participant weighs the same and every state change
 * needs all of them. Each commits `stake`.
 *
 * @example
 * const { definition, allocations } = equalPeers({
 *   application: 'rps', participants: [alice, bob], stake: { asset: 'usdc', amount: '10' },
 * })
 * await client.createAppSession({ definition, allocations })
 */
export function equalPeers(
  parameters: SessionShapeParameters & { participants: Address[] },
): SessionShape {
  const { participants } = parameters
  return shape(
    parameters,
    participants,
    participants.map(() => 1),
    participants.length,
    participants,
  )
}

/**
 * Majority: every participant weighs the same and more than half of them can change the state
 * (2 of 3, 3 of 4). Each commits `stake`.
 */
export function majority(
  parameters: SessionShapeParameters & { participants: Address[] },
): SessionShape {
  const { participants } = parameters
  return shape(
    parameters,
    participants,
    participants.map(() => 1),
    Math.floor(participants.length / 2) + 1,
    participants,
  )
}

/**
 * Server-controlled: a game server (or referee) alone signs state changes; the players commit
 * `stake` (and sign the create as funders) but weigh nothing afterwards. Trust the server with
 * the stakes.
 */
export function serverControlled(
  parameters: SessionShapeParameters & { server: Address; players: Address[] },
): SessionShape {
  const { server, players } = parameters
  return shape(parameters, [server, ...players], [1, ...players.map(() => 0)], 1, players)
}
