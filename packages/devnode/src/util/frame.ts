/**
 * A tolerant-but-exact scanner over JSON text: finds the byte spans of top-level object
 * members and array elements, so the node can hash the `req` value exactly as it arrived
 * on the wire (never a re-serialization).
 */

const WS = new Set([0x20, 0x09, 0x0a, 0x0d])

/** Malformed JSON text met while scanning raw spans. */
export class ScanError extends Error {}

function skipWs(s: string, i: number): number {
  while (i < s.length && WS.has(s.charCodeAt(i))) i++
  return i
}

function scanString(s: string, i: number): number {
  // s[i] === '"'
  i++
  while (i < s.length) {
    const c = s.charCodeAt(i)
    if (c === 0x22) return i + 1
    if (c === 0x5c) i += 2
    else i++
  }
  throw new ScanError('unterminated string')
}

/** Returns the index just past the JSON value starting at `i`. */
export function scanValue(s: string, i: number, depth = 0): number {
  if (depth > 512) throw new ScanError('nesting too deep')
  i = skipWs(s, i)
  const c = s[i]
  if (c === '"') return scanString(s, i)
  if (c === '{' || c === '[') {
    const close = c === '{' ? '}' : ']'
    i = skipWs(s, i + 1)
    if (s[i] === close) return i + 1
    for (;;) {
      if (c === '{') {
        i = skipWs(s, i)
        if (s[i] !== '"') throw new ScanError('expected key')
        i = skipWs(s, scanString(s, i))
        if (s[i] !== ':') throw new ScanError('expected colon')
        i++
      }
      i = skipWs(s, scanValue(s, i, depth + 1))
      if (s[i] === ',') {
        i++
        continue
      }
      if (s[i] === close) return i + 1
      throw new ScanError('expected comma')
    }
  }
  const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(s.slice(i, i + 400))
  if (!m) throw new ScanError('unexpected token')
  return i + m[0].length
}

/** A raw `[start, end)` character range of a JSON value inside a text. */
export interface Span {
  start: number
  end: number
}

/** Top-level members of a JSON object text: key → raw span (last duplicate wins). */
export function objectMembers(s: string): Map<string, Span> {
  const out = new Map<string, Span>()
  let i = skipWs(s, 0)
  if (s[i] !== '{') throw new ScanError('not an object')
  i = skipWs(s, i + 1)
  if (s[i] === '}') return out
  for (;;) {
    i = skipWs(s, i)
    if (s[i] !== '"') throw new ScanError('expected key')
    const keyEnd = scanString(s, i)
    const key = JSON.parse(s.slice(i, keyEnd)) as string
    i = skipWs(s, keyEnd)
    if (s[i] !== ':') throw new ScanError('expected colon')
    const start = skipWs(s, i + 1)
    const end = scanValue(s, start)
    out.set(key, { start, end })
    i = skipWs(s, end)
    if (s[i] === ',') {
      i++
      continue
    }
    if (s[i] === '}') return out
    throw new ScanError('expected comma')
  }
}

/** Elements of a JSON array text: raw spans. */
export function arrayElements(s: string): Span[] {
  const out: Span[] = []
  let i = skipWs(s, 0)
  if (s[i] !== '[') throw new ScanError('not an array')
  i = skipWs(s, i + 1)
  if (s[i] === ']') return out
  for (;;) {
    const start = skipWs(s, i)
    const end = scanValue(s, start)
    out.push({ start, end })
    i = skipWs(s, end)
    if (s[i] === ',') {
      i++
      continue
    }
    if (s[i] === ']') return out
    throw new ScanError('expected comma')
  }
}
