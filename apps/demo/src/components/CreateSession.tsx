import { type Allocation, type AppDefinition, parseAmount } from '@nitrolite-kit/core'
import { useAssets, useCreateAppSession, useLedgerBalances } from '@nitrolite-kit/react'
import {
  AllocationEditor,
  createSessionDraft,
  type SessionDraft,
  SessionEditor,
} from '@nitrolite-kit/ui'
import { useId, useState } from 'react'
import { listAccounts } from '../accounts.js'
import { ALLOWANCES, APPLICATION } from '../config.js'
import { checkCover, type Funder } from '../copy/funds.js'
import { type DemoSessionData, storedGameName } from '../copy/sessions.js'
import { personName } from '../copy/words.js'
import type { GameSessionData } from '../game/rps.js'
import { useKnownBalances } from './known-balances.js'
import { PlainErrorNote } from './PlainErrorNote.js'
import { go } from './Shell.js'

type Create = ReturnType<typeof useCreateAppSession>
type Props = { me: `0x${string}`; names: Record<string, string> }

const ASSET = 'usdc'
const ADDRESS = /^0x[0-9a-fA-F]{40}$/

/** The session-key limit of this sign-in for `asset`, if any. */
const capOf = (asset: string) => ALLOWANCES.find((a) => a.asset === asset)?.amount

/**
 * `balance(address, asset)`: the ledger balance this tab knows for `address` — live for the
 * viewer, else the last one another tab of this browser profile reported.
 */
function useBalanceOf(me: string) {
  const mine = useLedgerBalances()
  const known = useKnownBalances()
  return (address: string, asset: string): string | undefined => {
    if (address.toLowerCase() === me.toLowerCase())
      return mine.data ? (mine.data.find((b) => b.asset === asset)?.amount ?? '0') : undefined
    const entry = Object.entries(known).find(([a]) => a.toLowerCase() === address.toLowerCase())
    return entry ? (entry[1].balances.find((b) => b.asset === asset)?.amount ?? '0') : undefined
  }
}

function CreateStatus({
  create,
  me,
  names,
  waitingFor,
}: Props & { create: Create; waitingFor: string }) {
  const p = create.progress
  if (create.isPending)
    return (
      <p role="status" className="notice">
        Waiting for signatures: {waitingFor} can now accept in their own window
        {p ? ` (${p.collected} of ${p.required} so far)` : ''}. Nothing moves until everyone agrees.
      </p>
    )
  if (create.isError) return <PlainErrorNote error={create.error} me={me} names={names} />
  return null
}

/** Plain problems and notes about who can cover what, shown before anything is signed. */
function CoverNotes({
  problems,
  unknown,
  id,
}: {
  problems: string[]
  unknown: string[]
  id: string
}) {
  return (
    <div id={id} aria-live="polite">
      {problems.length > 0 && (
        <ul className="error plain-list">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {problems.length === 0 &&
        unknown.map((u) => (
          <p key={u} className="muted">
            {u}
          </p>
        ))}
    </div>
  )
}

/** Start a game (the default path), or — under "Advanced" — any session with the editors. */
export function CreateSession({ me, names }: Props) {
  return (
    <div className="stack">
      <QuickMatch me={me} names={names} />
      <details className="panel advanced">
        <summary>Advanced: build any kind of session</summary>
        <p className="muted">
          For developers: every setting of a session, checked as you type. The game above needs none
          of this.
        </p>
        <CustomSession me={me} names={names} />
      </details>
    </div>
  )
}

function QuickMatch({ me, names }: Props) {
  const others = listAccounts()
    .map((a) => a.address)
    .filter((a) => a.toLowerCase() !== me.toLowerCase())
  const [opponent, setOpponent] = useState<string>(others[0] ?? '')
  const [stake, setStake] = useState('10')
  const assets = useAssets()
  const decimals = assets.data?.find((a) => a.symbol === ASSET)?.decimals ?? 6
  const balanceOf = useBalanceOf(me)
  const create = useCreateAppSession({
    mutation: { onSuccess: (s) => go(`#/session/${s.appSessionId}`) },
  })
  const ids = { stake: useId(), stakeHelp: useId(), cover: useId() }
  const them = opponent ? personName(opponent, names) : 'the other player'

  let stakeError: string | undefined
  try {
    if (parseAmount(stake, decimals) <= 0n) stakeError = 'Enter a stake above 0.'
  } catch {
    stakeError = `Enter an amount like 10 or 2.5 (at most ${decimals} decimals).`
  }
  const funders: Funder[] = ADDRESS.test(opponent)
    ? [
        { address: me, amount: stake, balance: balanceOf(me, ASSET) },
        { address: opponent, amount: stake, balance: balanceOf(opponent, ASSET) },
      ]
    : []
  const cover = stakeError
    ? { problems: [], unknown: [] }
    : checkCover({ funders, asset: ASSET, cap: capOf(ASSET) }, { me, names })
  const ready = !stakeError && funders.length === 2 && cover.problems.length === 0

  const start = () => {
    if (!ready) return
    const o = opponent as `0x${string}`
    const definition: AppDefinition = {
      application: APPLICATION,
      protocol: 'NitroRPC/0.4',
      participants: [me, o],
      weights: [50, 50],
      quorum: 100,
      challenge: 86400,
      nonce: Date.now(),
    }
    const data: GameSessionData & DemoSessionData = {
      game: 'rps',
      stake,
      asset: ASSET,
      name: storedGameName({
        game: 'rps',
        players: [personName(me, names), personName(o, names)],
        stake,
        asset: ASSET,
      }),
    }
    create.mutate({
      definition,
      allocations: [
        { participant: me, asset: ASSET, amount: stake },
        { participant: o, asset: ASSET, amount: stake },
      ],
      sessionData: JSON.stringify(data),
    })
  }
  return (
    <section className="panel" aria-labelledby="rps-h">
      <h2 id="rps-h">Play rock–paper–scissors</h2>
      <p className="muted">
        You and your opponent each put in the same stake. Best of three rounds: the winner takes
        both stakes. Your move stays hidden until both of you have chosen.
      </p>
      <div className="form">
        <label className="field">
          Opponent
          <select value={opponent} onChange={(e) => setOpponent(e.target.value)}>
            {others.map((a) => (
              <option key={a} value={a}>
                {personName(a, names)}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <label htmlFor={ids.stake}>Stake each ({ASSET})</label>
          <input
            id={ids.stake}
            inputMode="decimal"
            autoComplete="off"
            value={stake}
            onChange={(e) => setStake(e.target.value.trim())}
            aria-invalid={Boolean(stakeError) || cover.problems.length > 0}
            aria-describedby={`${ids.stakeHelp} ${ids.cover}`}
          />
          <span id={ids.stakeHelp} className={stakeError ? 'field-error' : 'muted'}>
            {stakeError ?? 'Each of you puts in this amount.'}
          </span>
        </div>
      </div>
      <CoverNotes id={ids.cover} problems={cover.problems} unknown={cover.unknown} />
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={!ready || create.isPending}
          onClick={start}
        >
          Invite {them} to play
        </button>
      </div>
      <CreateStatus create={create} me={me} names={names} waitingFor={them} />
      <details className="dev">
        <summary>Details</summary>
        <p>
          Sends <code>create_app_session</code> (NitroRPC/0.4) for you and {them}: weights 50/50,
          quorum 100, challenge 86400 s, nonce = current time, application{' '}
          <code>{APPLICATION}</code>. Both stakes move from the players' unified balances into the
          session; both session keys sign. The session data records the game, the stake and a name.
        </p>
      </details>
    </section>
  )
}

function CustomSession({ me, names }: Props) {
  const bob = listAccounts()
    .map((a) => a.address)
    .find((a) => a.toLowerCase() !== me.toLowerCase())
  const [draft, setDraft] = useState<SessionDraft>(() =>
    createSessionDraft({
      application: APPLICATION,
      participants: [me, bob ?? ''],
      weights: ['50', '50'],
      quorum: '100',
    }),
  )
  const [definition, setDefinition] = useState<AppDefinition>()
  const [allocations, setAllocations] = useState<Allocation[]>([])
  const [ready, setReady] = useState<Allocation[]>()
  const [name, setName] = useState('')
  const assets = useAssets()
  const balances = useLedgerBalances()
  const balanceOf = useBalanceOf(me)
  const nameId = useId()
  const create = useCreateAppSession({
    mutation: { onSuccess: (s) => go(`#/session/${s.appSessionId}`) },
  })
  const participants = (definition?.participants ??
    draft.participants.filter((p) => ADDRESS.test(p))) as `0x${string}`[]
  // Every funder's part against what this browser knows of their balance, per asset.
  const cover = { problems: [] as string[], unknown: [] as string[] }
  for (const asset of new Set((ready ?? []).map((a) => a.asset))) {
    const rows = (ready ?? []).filter((a) => a.asset === asset)
    const c = checkCover(
      {
        asset,
        cap: capOf(asset),
        funders: rows.map((a) => ({
          address: a.participant,
          amount: a.amount,
          balance: balanceOf(a.participant, asset),
        })),
      },
      { me, names },
    )
    cover.problems.push(...c.problems)
    cover.unknown.push(...c.unknown)
  }
  const sessionData: DemoSessionData | undefined = name.trim() ? { name: name.trim() } : undefined
  return (
    <section aria-labelledby="custom-h">
      <h2 id="custom-h">Custom session</h2>
      <div className="field">
        <label htmlFor={nameId}>Name (optional)</label>
        <input
          id={nameId}
          value={name}
          placeholder="e.g. Team lunch"
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <SessionEditor
        value={draft}
        you={me}
        application={APPLICATION}
        onChange={(next, result) => {
          setDraft(next)
          setDefinition(result.definition)
        }}
      />
      <AllocationEditor
        mode="create"
        participants={participants}
        assets={(assets.data ?? [{ symbol: ASSET, decimals: 6 }]).map((a) => ({
          symbol: a.symbol,
          decimals: a.decimals,
        }))}
        value={allocations}
        you={me}
        names={names}
        balances={balances.data ? { [me]: balances.data } : undefined}
        allowances={ALLOWANCES}
        onChange={(next, result) => {
          setAllocations(next)
          setReady(result.isValid ? result.allocations : undefined)
        }}
      />
      <CoverNotes id={`${nameId}-cover`} problems={cover.problems} unknown={cover.unknown} />
      <div className="row" style={{ marginTop: 12 }}>
        <button
          type="button"
          className="primary"
          disabled={!definition || !ready || cover.problems.length > 0 || create.isPending}
          onClick={() =>
            definition &&
            ready &&
            create.mutate({
              definition,
              allocations: ready,
              ...(sessionData ? { sessionData: JSON.stringify(sessionData) } : {}),
            })
          }
        >
          Create session
        </button>
      </div>
      <CreateStatus create={create} me={me} names={names} waitingFor="the other participants" />
    </section>
  )
}
