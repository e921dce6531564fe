import { getAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import { keccak256Hex, toChecksumAddress } from './checksum.js'

describe('given the internal keccak/EIP-55 helper', () => {
  it('should hash like keccak-256', () => {
    expect(keccak256Hex(new Uint8Array())).toBe(
      'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470',
    )
    expect(keccak256Hex(new TextEncoder().encode('abc'))).toBe(
      '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45',
    )
  })
  it('should checksum like viem', () => {
    for (let i = 0; i < 50; i++) {
      const hex = `0x${Array.from({ length: 40 }, (_, k) => ((i * 7 + k * 13) % 16).toString(16)).join('')}`
      expect(toChecksumAddress(hex)).toBe(getAddress(hex))
    }
  })
})
