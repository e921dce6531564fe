/**
 * EIP-55 address checksums with a minimal keccak-256 (ui-side input check only; used when core
 * does not provide one). @internal
 */
const MASK = (1n << 64n) - 1n
const ROT = [
  0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14,
]
const rotl = (v: bigint, n: number) =>
  n === 0 ? v : ((v << BigInt(n)) | (v >> BigInt(64 - n))) & MASK

function keccakF(a: bigint[]): void {
  let r = 1
  for (let round = 0; round < 24; round++) {
    const c = [0, 1, 2, 3, 4].map((x) => a[x]! ^ a[x + 5]! ^ a[x + 10]! ^ a[x + 15]! ^ a[x + 20]!)
    for (let x = 0; x < 5; x++) {
      const d = c[(x + 4) % 5]! ^ rotl(c[(x + 1) % 5]!, 1)
      for (let y = 0; y < 25; y += 5) a[x + y] = a[x + y]! ^ d
    }
    const b = new Array<bigint>(25).fill(0n)
    for (let x = 0; x < 5; x++)
      for (let y = 0; y < 5; y++)
        b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y]!, ROT[x + 5 * y]!)
    for (let x = 0; x < 5; x++)
      for (let y = 0; y < 25; y += 5)
        a[x + y] = b[x + y]! ^ (~b[((x + 1) % 5) + y]! & MASK & b[((x + 2) % 5) + y]!)
    for (let j = 0; j < 7; j++) {
      r = ((r << 1) ^ ((r >> 7) * 0x71)) % 256
      if (r & 2) a[0] = a[0]! ^ (1n << BigInt((1 << j) - 1))
    }
  }
}

/** keccak-256 of bytes, as lowercase hex (no `0x`). */
export function keccak256Hex(bytes: Uint8Array): string {
  const rate = 136
  const padded = new Uint8Array(Math.ceil((bytes.length + 1) / rate) * rate)
  padded.set(bytes)
  padded[bytes.length] = padded[bytes.length]! ^ 0x01
  padded[padded.length - 1] = padded[padded.length - 1]! ^ 0x80
  const a = new Array<bigint>(25).fill(0n)
  for (let off = 0; off < padded.length; off += rate) {
    for (let i = 0; i < rate / 8; i++) {
      let lane = 0n
      for (let k = 7; k >= 0; k--) lane = (lane << 8n) | BigInt(padded[off + i * 8 + k]!)
      a[i] = a[i]! ^ lane
    }
    keccakF(a)
  }
  let out = ''
  for (let i = 0; i < 4; i++)
    for (let k = 0; k < 8; k++)
      out += Number((a[i]! >> BigInt(8 * k)) & 0xffn)
        .toString(16)
        .padStart(2, '0')
  return out
}

/** The EIP-55 checksummed form of a `0x` + 40-hex address. */
export function toChecksumAddress(address: string): string {
  const lower = address.slice(2).toLowerCase()
  const hash = keccak256Hex(new TextEncoder().encode(lower))
  let out = '0x'
  for (let i = 0; i < 40; i++)
    out += Number.parseInt(hash[i]!, 16) >= 8 ? lower[i]!.toUpperCase() : lower[i]!
  return out
}
