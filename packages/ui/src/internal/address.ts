/**
 * Address input helpers: EIP-55 checksum casing (Keccak-256, as in the Ethereum yellow paper) so
 * the editors can accept any casing and show the node's exact form, plus the zero address.
 * ui depends on core only; core has no checksum helper to re-export, so the hash lives here.
 */

const MASK = (1n << 64n) - 1n
const ROUND_CONSTANTS: bigint[] = []
const ROTATIONS: number[] = []
{
  // Round constants from the LFSR, rotation offsets (FIPS 202 §3.2).
  let r = 1
  for (let round = 0; round < 24; round++) {
    let rc = 0n
    for (let j = 0; j < 7; j++) {
      if (r & 1) rc ^= 1n << BigInt((1 << j) - 1)
      r = r & 0x80 ? ((r << 1) ^ 0x171) & 0xff : (r << 1) & 0xff
    }
    ROUND_CONSTANTS.push(rc)
  }
  let x = 1
  let y = 0
  for (let t = 0; t < 24; t++) {
    ROTATIONS[x + 5 * y] = (((t + 1) * (t + 2)) / 2) % 64
    const nx = y
    y = (2 * x + 3 * y) % 5
    x = nx
  }
  ROTATIONS[0] = 0
}

function rotl(v: bigint, n: number): bigint {
  if (n === 0) return v
  const s = BigInt(n)
  return ((v << s) | (v >> (64n - s))) & MASK
}

function keccakF(state: bigint[]): void {
  for (let round = 0; round < 24; round++) {
    const c = [0, 1, 2, 3, 4].map(
      (x) => state[x]! ^ state[x + 5]! ^ state[x + 10]! ^ state[x + 15]! ^ state[x + 20]!,
    )
    for (let x = 0; x < 5; x++) {
      const d = c[(x + 4) % 5]! ^ rotl(c[(x + 1) % 5]!, 1)
      for (let y = 0; y < 25; y += 5) state[x + y]! ^= d
    }
    const b: bigint[] = new Array(25)
    for (let x = 0; x < 5; x++)
      for (let y = 0; y < 5; y++) {
        const i = x + 5 * y
        b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(state[i]!, ROTATIONS[i]!)
      }
    for (let i = 0; i < 25; i++) {
      const x = i % 5
      const row = i - x
      state[i] = b[i]! ^ (~b[row + ((x + 1) % 5)]! & MASK & b[row + ((x + 2) % 5)]!)
    }
    state[0] = state[0]! ^ ROUND_CONSTANTS[round]!
  }
}

/** Keccak-256 (the pre-SHA-3 padding Ethereum uses) of bytes, as lowercase hex without `0x`. @internal */
export function keccak256Hex(bytes: Uint8Array): string {
  const rate = 136
  const padded = new Uint8Array(Math.ceil((bytes.length + 1) / rate) * rate)
  padded.set(bytes)
  padded[bytes.length] = (padded[bytes.length] ?? 0) ^ 0x01
  padded[padded.length - 1] = (padded[padded.length - 1] ?? 0) ^ 0x80
  const state: bigint[] = new Array(25).fill(0n)
  for (let off = 0; off < padded.length; off += rate) {
    for (let i = 0; i < rate / 8; i++) {
      let lane = 0n
      for (let k = 7; k >= 0; k--) lane = (lane << 8n) | BigInt(padded[off + i * 8 + k] ?? 0)
      state[i] = state[i]! ^ lane
    }
    keccakF(state)
  }
  let out = ''
  for (let i = 0; i < 4; i++)
    for (let k = 0; k < 8; k++)
      out += Number((state[i]! >> BigInt(8 * k)) & 0xffn)
        .toString(16)
        .padStart(2, '0')
  return out
}

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/

/** `true` for `0x` followed by 40 hex digits, in any casing. @internal */
export function isAddressLike(value: string): boolean {
  return ADDRESS_RE.test(value)
}

/**
 * The EIP-55 checksum casing of an address given in any casing (the form the node compares
 * exactly); `undefined` when it is not `0x` + 40 hex digits.
 * @internal
 */
export function checksumAddress(value: string): `0x${string}` | undefined {
  const v = value.trim()
  if (!ADDRESS_RE.test(v)) return undefined
  const lower = v.slice(2).toLowerCase()
  const hash = keccak256Hex(new TextEncoder().encode(lower))
  let out = '0x'
  for (let i = 0; i < 40; i++) {
    const ch = lower[i]!
    out += Number.parseInt(hash[i]!, 16) >= 8 ? ch.toUpperCase() : ch
  }
  return out as `0x${string}`
}

/** The zero address, in any casing (nobody holds its key, so nobody can sign for it). @internal */
export function isZeroAddress(value: string): boolean {
  return /^0x0{40}$/i.test(value.trim())
}
