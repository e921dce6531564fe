import type { Allocation, AppDefinition } from '@nitrolite-kit/core'
import { useAssets, useCreateAppSession, useLedgerBalances } from '@nitrolite-kit/react'
import {
  AllocationEditor,
  createSessionDraft,
  type SessionDraft,
  SessionEditor,
} from '@nitrolite-kit/ui'
import { useState } from 'react'
import { privateKeyToAccount } from 'viem/accounts'
import { DEV_ACCOUNTS } from '../accounts.js'
import { ALLOWANCES, APPLICATION } from '../config.js'
import type { GameSessionData } from '../game/rps.js'
import { go } from './Shell.js'

type Progress = ReturnType<typeof useCreateAppSession>['progress']

function CreateStatus({ create }: { create: ReturnType<typeof useCreateAppSession> }) {
  const p: Progress = create.progress
  if (create.isPending)
    return (
      <p role="status" className="notice">
        Waiting for signatures{p ? `: ${p.collected} of ${p.required} collected` : '…'} The other
        participants see a review dialog.
      </p>
    )
  if (create.isError)
    return (
      <p role="alert" className="error">
        {(create.error as { shortMessage?: string }).shortMessage ?? create.error.message}
      </p>
    )
  return null
}

/** Start an RPS match, or any session with the editors. */
export function CreateSession({ me, names }: { me: `0x${string}`; names: Record<string, string> }) {
  return (
    <div className="grid">
      <QuickMatch me={me} names={names} />
      <CustomSession me={me} names={names} />
    </div>
  )
}

function QuickMatch({ me, names }: { me: `0x${string}`; names: Record<string, string> }) {
  const others = DEV_ACCOUNTS.map((a) => privateKeyToAccount(a.privateKey).address).filter(
    (a) => a !== me,
  )
  const [opponent, setOpponent] = useState<string>(others[0] ?? '')
  const [stake, setStake] = useState('10')
  const create = useCreateAppSession({
    mutation: { onSuccess: (s) => go(`#/session/${s.appSessionId}`) },
  })
  const valid =
    /^0x[0-9a-fA-F]{40}$/.test(opponent) && /^\d+(\.\d{1,6})?$/.test(stake) && Number(stake) > 0
  const start = () => {
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
    const data: GameSessionData = { game: 'rps', stake, asset: 'usdc' }
    create.mutate({
      definition,
      allocations: [
        { participant: me, asset: 'usdc', amount: stake },
        { participant: o, asset: 'usdc', amount: stake },
      ],
      sessionData: JSON.stringify(data),
    })
  }
  return (
    <section className="panel" aria-labelledby="rps-h">
      <h2 id="rps-h">Rock–paper–scissors, best of three</h2>
      <p className="muted">
        Both players stake the same amount; the winner takes both stakes. Moves use commit–reveal.
      </p>
      <div className="row">
        <label className="inline">
          Opponent
          <select value={opponent} onChange={(e) => setOpponent(e.target.value)}>
            {others.map((a) => (
              <option key={a} value={a}>
                {names[a] ?? a}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          Stake (usdc)
          <input
            inputMode="decimal"
            value={stake}
            onChange={(e) => setStake(e.target.value.trim())}
            aria-invalid={!valid}
          />
        </label>
        <button
          type="button"
          className="primary"
          disabled={!valid || create.isPending}
          onClick={start}
        >
          Challenge {names[opponent] ?? 'opponent'}
        </button>
      </div>
      <CreateStatus create={create} />
    </section>
  )
}

function CustomSession({ me, names }: { me: `0x${string}`; names: Record<string, string> }) {
  const bob =
    DEV_ACCOUNTS.map((a) => privateKeyToAccount(a.privateKey).address).find((a) => a !== me) ?? ''
  const [draft, setDraft] = useState<SessionDraft>(() =>
    createSessionDraft({
      application: APPLICATION,
      participants: [me, bob],
      weights: ['50', '50'],
      quorum: '100',
    }),
  )
  const [definition, setDefinition] = useState<AppDefinition>()
  const [allocations, setAllocations] = useState<Allocation[]>([])
  const [ready, setReady] = useState<Allocation[]>()
  const assets = useAssets()
  const balances = useLedgerBalances()
  const create = useCreateAppSession({
    mutation: { onSuccess: (s) => go(`#/session/${s.appSessionId}`) },
  })
  const participants = (definition?.participants ??
    draft.participants.filter((p) => /^0x[0-9a-fA-F]{40}$/.test(p))) as `0x${string}`[]
  return (
    <section className="panel" aria-labelledby="custom-h">
      <h2 id="custom-h">Custom session</h2>
      <SessionEditor
        value={draft}
        you={me}
        onChange={(next, result) => {
          setDraft({ ...next, application: APPLICATION })
          setDefinition(result.definition)
        }}
      />
      <AllocationEditor
        mode="create"
        participants={participants}
        assets={(assets.data ?? [{ symbol: 'usdc', decimals: 6 }]).map((a) => ({
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
      <div className="row" style={{ marginTop: 12 }}>
        <button
          type="button"
          className="primary"
          disabled={!definition || !ready || create.isPending}
          onClick={() => definition && ready && create.mutate({ definition, allocations: ready })}
        >
          Create session
        </button>
      </div>
      <CreateStatus create={create} />
    </section>
  )
}
