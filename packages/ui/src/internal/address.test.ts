import { describe, expect, it } from 'vitest'
import { ALICE, BOB, CAROL, SERVER } from '../test/fixtures.js'
import { checksumAddress, isZeroAddress, keccak256Hex } from './address.js'

describe('given address helpers', () => {
  it('should hash with Keccak-256 (empty input and a multi-block input)', () => {
    expect(keccak256Hex(new Uint8Array())).toBe(
      'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    )
    expect(keccak256Hex(new TextEncoder().encode('abc'))).toBe(
      '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45',
    )
    // 200 bytes: more than one 136-byte block.
    expect(keccak256Hex(new Uint8Array(200).fill(0x61))).toHaveLength(64)
  })

  it('should give the EIP-55 casing whatever the input casing', () => {
    for (const a of [ALICE, BOB, CAROL, SERVER]) {
      expect(checksumAddress(a.toLowerCase())).toBe(a)
      expect(checksumAddress(`0x${a.slice(2).toUpperCase()}`)).toBe(a)
    }
    // EIP-55 test vectors.
    for (const a of [
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
      '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
      '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
    ])
      expect(checksumAddress(a.toLowerCase())).toBe(a)
    expect(checksumAddress('0x1234')).toBeUndefined()
  })

  it('should recognise the zero address', () => {
    expect(isZeroAddress(`0x${'0'.repeat(40)}`)).toBe(true)
    expect(isZeroAddress(ALICE)).toBe(false)
  })
})
