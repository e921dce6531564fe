// Correctly signed hostile requests for the fuzzer: each one is well formed and carries real
// signatures (so it passes the envelope and signature checks and reaches the quorum, intent,
// withdraw and close rules), but its content is chosen at random: intents, rows (non-
// participants, duplicates, over-precise, negative and huge amounts), versions around the
// current one, stale and future timestamps, and any subset of signers.
import fc from 'fast-check'
import { type Hex, keccak256, toBytes } from 'viem'
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts'

/** A session the fuzzer created, with the version the node last acknowledged. */
export interface KnownSession {
  id: string
  participants: string[]
  version: number
  closed: boolean
  /** The allocations of its last applied state. */
  allocations: { participant: string; asset: string; amount: string }[]
}

/** A wallet of the fuzz: its address and the session key that signs for it. */
export interface FuzzParty {
  wallet: string
  sessionKey: Hex
}

const accounts = new Map<Hex, PrivateKeyAccount>()
const account = (key: Hex) => {
  const known = accounts.get(key)
  if (known) return known
  const created = privateKeyToAccount(key)
  accounts.set(key, created)
  return created
}

/** Signs the exact `req` bytes with each key (raw keccak, as the node verifies). */
export async function signedFrame(req: unknown[], keys: Hex[]): Promise<string> {
  const reqJson = JSON.stringify(req)
  const hash = keccak256(toBytes(reqJson))
  const sig: string[] = []
  for (const k of keys) sig.push(await account(k).sign({ hash }))
  return `{"req":${reqJson},"sig":${JSON.stringify(sig)}}`
}

/** A request the fuzzer will sign: its method, params, timestamp and who signs it. */
export interface HostileRequest {
  method: 'create_app_session' | 'submit_app_state' | 'close_app_session' | 'transfer'
  params: Record<string, unknown>
  ts: number
  signers: Hex[]
  /** The session it targets, when it targets a known one. */
  session?: KnownSession
}

const amount = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 60 }).map(String) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 60_000 }).map((n) => (n / 1000).toString()) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('-1', '-0.5', '1e3', '0.0000001', '1'.repeat(40), '', 'x', '0x10'),
  },
)

/** A request made when it is sent: from the sessions open then, stamped then. */
export type Recipe = (sessions: KnownSession[], now: number) => HostileRequest

type Row = { participant: string; asset: string; amount: string }

/**
 * Hostile requests by `parties` (wallets with their session keys). A third of the requests on
 * a session are plausible (its last allocations, one amount moved by a little, mostly signed
 * by all its participants) so that some pass and the rules past them are reached; the rest
 * are random.
 */
export function hostileRequest(parties: FuzzParty[]): fc.Arbitrary<Recipe> {
  const wallets = parties.map((p) => p.wallet)
  const keyOf = new Map(parties.map((p) => [p.wallet, p.sessionKey]))
  const who = fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...wallets) },
    { weight: 1, arbitrary: fc.constantFrom(wallets[0]!.toLowerCase(), `0x${'0'.repeat(40)}`) },
  )
  const rows = fc.array(
    fc.record({ participant: who, asset: fc.constantFrom('usdc', 'usdc', 'eth', 'btc'), amount }),
    { minLength: 0, maxLength: 5 },
  )
  const signers = fc.subarray(
    parties.flatMap((p) => [p.sessionKey, p.sessionKey]),
    { minLength: 0, maxLength: 4 },
  )
  const ts = fc.oneof(
    { weight: 8, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.constantFrom(-120_000, -61_000, 11_000, 3_600_000) },
    { weight: 1, arbitrary: fc.integer({ min: -70_000, max: 15_000 }) },
  )
  const intent = fc.constantFrom('operate', 'deposit', 'withdraw', 'operate', '', 'steal')
  const versionDelta = fc.constantFrom(1, 1, 1, 1, 0, 2, -1)

  const create = fc
    .record({
      participants: fc.subarray(wallets, { minLength: 1, maxLength: wallets.length }),
      weights: fc.array(fc.integer({ min: -1, max: 100 }), { minLength: 0, maxLength: 4 }),
      quorum: fc.integer({ min: -1, max: 200 }),
      rows,
      signers,
      ts,
      nonce: fc.nat(),
    })
    .map(
      (r): Recipe =>
        (_, now) => ({
          method: 'create_app_session',
          params: {
            definition: {
              application: 'fuzz',
              protocol: 'NitroRPC/0.4',
              participants: r.participants,
              weights: r.weights.length ? r.weights : r.participants.map(() => 50),
              quorum: r.quorum,
              challenge: 0,
              nonce: r.nonce + 1,
            },
            allocations: r.rows,
          },
          ts: now + r.ts,
          signers: r.signers,
        }),
    )

  const onSession = fc
    .record({
      pick: fc.nat(),
      close: fc.integer({ min: 0, max: 5 }),
      plausible: fc.integer({ min: 0, max: 2 }),
      intent,
      versionDelta,
      rows,
      signers,
      allSign: fc.integer({ min: 0, max: 9 }),
      from: fc.nat(),
      to: fc.nat(),
      delta: fc.constantFrom('0', '1', '1', '2.5', '0.000001', '10', '1000'),
      duplicate: fc.integer({ min: 0, max: 9 }),
      ts,
    })
    .map(
      (r): Recipe =>
        (sessions, now) => {
          const session = sessions.length ? sessions[r.pick % sessions.length] : undefined
          const id = session?.id ?? `0x${'ab'.repeat(32)}`
          const method = r.close === 0 ? 'close_app_session' : 'submit_app_state'
          let allocations: Row[] = r.rows
          let intentNow = r.intent
          let keys = r.signers
          if (session && r.plausible === 0 && session.allocations.length) {
            const next = session.allocations.map((a) => ({ ...a }))
            const i = r.from % next.length
            const j = r.to % next.length
            const plus = (x: string, d: string, sign: 1 | -1) =>
              String(Math.round((Number(x) + sign * Number(d)) * 1e6) / 1e6)
            if (intentNow === 'deposit') next[i]!.amount = plus(next[i]!.amount, r.delta, 1)
            else if (intentNow === 'withdraw') next[i]!.amount = plus(next[i]!.amount, r.delta, -1)
            else {
              next[i]!.amount = plus(next[i]!.amount, r.delta, -1)
              next[j]!.amount = plus(next[j]!.amount, r.delta, 1)
            }
            if (r.duplicate === 0) next.push({ ...next[0]! })
            allocations = next
            if (r.allSign < 8)
              keys = session.participants.map((p) => keyOf.get(p)).filter((k): k is Hex => !!k)
            if (method === 'close_app_session') intentNow = ''
          }
          const version = (session?.version ?? 1) + r.versionDelta
          const params: Record<string, unknown> =
            method === 'close_app_session'
              ? { app_session_id: id, allocations }
              : { app_session_id: id, intent: intentNow, version, allocations }
          return { method, params, ts: now + r.ts, signers: keys, ...(session ? { session } : {}) }
        },
    )

  const transfer = fc.record({ to: who, rows, signers, ts }).map(
    (r): Recipe =>
      (_, now) => ({
        method: 'transfer',
        params: {
          destination: r.to,
          allocations: r.rows.map(({ asset, amount }) => ({ asset, amount })),
        },
        ts: now + r.ts,
        signers: r.signers,
      }),
  )

  return fc.oneof(
    { weight: 2, arbitrary: create },
    { weight: 6, arbitrary: onSession },
    { weight: 1, arbitrary: transfer },
  )
}
