// Unsigned garbage for the fuzzer: random text and JSON, wrong types, deep nesting, oversized
// frames, bad amounts in every request shape, and valid SDK frames with a few bytes mutated.
import fc from 'fast-check'

/**
 * Garbage frames stamped around `ts`: `valid` are real frames to mutate, `wallets` the
 * addresses to name in requests (the first one is also tried in lower case).
 */
export function garbageFrame(ts: number, valid: string[], wallets: string[]): fc.Arbitrary<string> {
  const amount = fc.oneof(
    fc.constantFrom(
      '-1',
      '1e400',
      '0.0000000000000000001',
      '1'.repeat(80),
      'NaN',
      '',
      '0x10',
      '1.2.3',
      '١٢٣',
    ),
    fc.double().map(String),
    fc.bigInt().map(String),
    fc.string(),
  )
  const method = fc.constantFrom(
    'transfer',
    'create_app_session',
    'submit_app_state',
    'close_app_session',
    'auth_request',
    'auth_verify',
    'message',
    'get_app_sessions',
    'get_ledger_entries',
    'revoke_session_key',
    'ping',
    'x'.repeat(300),
  )
  const who = fc.constantFrom(...wallets, wallets[0]!.toLowerCase(), 'nobody')
  const deep = fc.integer({ min: 1, max: 3000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`)
  return fc.oneof(
    fc.string({ minLength: 1 }),
    fc.string({ unit: 'grapheme', minLength: 1 }),
    fc.json(),
    deep.map((d) => `{"req":[1,"ping",${d},${ts}]}`),
    fc
      .record({
        m: method,
        p: fc.anything(),
        id: fc.oneof(fc.nat(), fc.double(), fc.string()),
        t: fc.oneof(fc.constant(ts), fc.nat()),
      })
      .map((r) => JSON.stringify({ req: [r.id, r.m, r.p, r.t], sig: [] })),
    fc.record({ m: method, a: amount, who }).map((r) =>
      JSON.stringify({
        req: [
          ts,
          r.m,
          {
            destination: r.who,
            allocations: [{ participant: r.who, asset: 'usdc', amount: r.a }],
            app_session_id: `0x${'1'.repeat(64)}`,
          },
          ts,
        ],
        sig: [],
      }),
    ),
    fc.tuple(fc.constantFrom(...valid), fc.nat(), fc.string({ maxLength: 3 })).map(([v, i, s]) => {
      const at = i % v.length
      return v.slice(0, at) + s + v.slice(at + 1)
    }),
    fc
      .integer({ min: 64 * 1024 + 1, max: 200 * 1024 })
      .map((n) => `{"req":[1,"ping",{"pad":"${'x'.repeat(n)}"},${ts}]}`),
  )
}
