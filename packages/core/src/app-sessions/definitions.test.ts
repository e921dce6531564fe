import { expect, it } from 'vitest'
import { validateAllocations, validateDefinition } from '../validation/validation.js'
import { equalPeers, majority, serverControlled } from './definitions.js'

const A = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const B = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const C = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'
const stake = { asset: 'usdc', amount: '10' }

it('equalPeers: every participant is needed, each commits the stake', () => {
  const s = equalPeers({ application: 'rps', participants: [A, B], stake })
  expect(s.definition).toMatchObject({ participants: [A, B], weights: [1, 1], quorum: 2 })
  expect(s.allocations).toEqual([
    { participant: A, asset: 'usdc', amount: '10' },
    { participant: B, asset: 'usdc', amount: '10' },
  ])
  expect(validateDefinition(s.definition)).toEqual([])
})

it('majority: more than half of the participants', () => {
  expect(majority({ application: 'vote', participants: [A, B, C] }).definition).toMatchObject({
    weights: [1, 1, 1],
    quorum: 2,
  })
  expect(majority({ application: 'vote', participants: [A, B, C, A] }).definition.quorum).toBe(3)
})

it('serverControlled: the server alone signs; players fund and weigh nothing', () => {
  const s = serverControlled({ application: 'poker', server: C, players: [A, B], stake })
  expect(s.definition).toMatchObject({ participants: [C, A, B], weights: [1, 0, 0], quorum: 1 })
  expect(s.allocations.map((a) => a.participant)).toEqual([A, B])
  expect(validateDefinition(s.definition)).toEqual([])
})

it('behavior: every call gets a fresh nonce unless one is given', () => {
  const nonces = Array.from(
    { length: 50 },
    () => equalPeers({ application: 'x', participants: [A, B] }).definition.nonce,
  )
  expect(new Set(nonces).size).toBe(50)
  expect(equalPeers({ application: 'x', participants: [A, B], nonce: 7 }).definition.nonce).toBe(7)
})

it('behavior: the allocations pass the node rules locally', () => {
  const s = equalPeers({ application: 'rps', participants: [A, B], stake })
  expect(
    validateAllocations(s.allocations, {
      mode: 'create',
      definition: s.definition,
      decimals: { usdc: 6 },
    }),
  ).toEqual([])
})
