import {
  type AppSession,
  formatAmount,
  parseAmount,
  type SessionMessage,
} from '@nitrolite-kit/core'
import { useCloseAppSession, usePresence, useSubmitAppState } from '@nitrolite-kit/react'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { Address, Hex } from 'viem'
import { MOVE_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../config.js'
import {
  commitment,
  finalAllocations,
  type GameSessionData,
  MOVES,
  type Move,
  nextStep,
  reduceGame,
} from '../game/rps.js'

const saltKey = (id: string, me: string, round: number) => `nk-demo:salt:${id}:${me}:${round}`

function randomSalt(): Hex {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return `0x${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`
}

const ICON: Record<Move, string> = { rock: 'Rock', paper: 'Paper', scissors: 'Scissors' }

/** The rock–paper–scissors match inside a session. */
export function Game({
  session,
  me,
  names,
  data,
  messages,
  send,
}: {
  session: AppSession
  me: Address
  names: Record<string, string>
  data: GameSessionData
  messages: SessionMessage[]
  send: (payload: unknown) => Promise<void>
}) {
  const players = session.participants as [Address, Address]
  const state = useMemo(() => reduceGame(players, messages), [players, messages])
  const step = nextStep(state, me)
  const other = players[0] === me ? players[1] : players[0]
  const [error, setError] = useState<string>()
  const [now, setNow] = useState(Date.now())
  const submit = useSubmitAppState()
  const close = useCloseAppSession()
  const presence = usePresence({ address: other })
  const open = session.status === 'open'

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [])

  // Reveal automatically once both players committed.
  const revealed = useRef(new Set<number>())
  useEffect(() => {
    if (!open || step !== 'reveal' || revealed.current.has(state.round)) return
    const saved = localStorage.getItem(saltKey(session.appSessionId, me, state.round))
    if (!saved)
      return setError(
        'Your move for this round was made in another browser; it cannot be revealed here.',
      )
    const { move, salt } = JSON.parse(saved) as { move: Move; salt: Hex }
    revealed.current.add(state.round)
    send({ t: 'rps', kind: 'reveal', round: state.round, move, salt }).catch((e) => {
      revealed.current.delete(state.round)
      setError((e as Error).message)
    })
  }, [open, step, state.round, session.appSessionId, me, send])

  // Record each decided round with an intermediate state both sign (the first player proposes).
  const decidedRounds = state.rounds.filter((r) => r.outcome).length
  let recorded = 0
  try {
    recorded = session.sessionData
      ? ((JSON.parse(session.sessionData) as GameSessionData).round ?? 0)
      : 0
  } catch {
    recorded = 0
  }
  const proposing = useRef(0)
  useEffect(() => {
    if (
      !open ||
      me !== players[0] ||
      decidedRounds <= recorded ||
      proposing.current >= decidedRounds ||
      submit.isPending
    )
      return
    proposing.current = decidedRounds
    const next: GameSessionData = { ...data, score: state.score, round: decidedRounds }
    submit.mutate(
      {
        appSessionId: session.appSessionId,
        allocations: session.allocations ?? [],
        sessionData: JSON.stringify(next),
        timeoutMs: REQUEST_TIMEOUT_MS,
      },
      { onError: () => (proposing.current = recorded) },
    )
  }, [
    open,
    me,
    players,
    decidedRounds,
    recorded,
    data,
    state.score,
    session.appSessionId,
    session.allocations,
    submit,
  ])

  const play = async (move: Move) => {
    setError(undefined)
    const salt = randomSalt()
    localStorage.setItem(
      saltKey(session.appSessionId, me, state.round),
      JSON.stringify({ move, salt }),
    )
    try {
      await send({
        t: 'rps',
        kind: 'commit',
        round: state.round,
        hash: commitment(move, salt, me, state.round),
      })
    } catch (e) {
      setError((e as Error).message)
    }
  }

  // The move this player chose this round (kept with its salt, so it survives a reload).
  let chosen: Move | undefined
  try {
    const saved = localStorage.getItem(saltKey(session.appSessionId, me, state.round))
    chosen = saved ? (JSON.parse(saved) as { move: Move }).move : undefined
  } catch {
    chosen = undefined
  }
  const waiting = step === 'wait-commit' || step === 'wait-reveal'
  const since = state.lastActivity || Date.parse(session.updatedAt)
  const timedOut = open && waiting && now - since > MOVE_TIMEOUT_MS
  const name = (a: string) => names[a] ?? `${a.slice(0, 8)}…`
  const lastRound = [...state.rounds].reverse().find((r) => r.outcome)
  const quorumNeedsAll = session.quorum > Math.max(...session.weights)
  return (
    <section className="panel" aria-labelledby="game-h" style={{ marginTop: 16 }}>
      <h2 id="game-h">
        Rock–paper–scissors · stake {data.stake} {data.asset} each
      </h2>
      <p className="score" aria-live="polite">
        {name(players[0])} {state.score[players[0]] ?? 0} – {state.score[players[1]] ?? 0}{' '}
        {name(players[1])}
      </p>
      {lastRound && (
        <p className="round-result" role="status">
          Round {lastRound.round}: {name(players[0])} {lastRound.reveals[players[0]]},{' '}
          {name(players[1])} {lastRound.reveals[players[1]]} →{' '}
          {lastRound.outcome === 'draw' ? 'draw' : `${name(lastRound.outcome as string)} wins`}
        </p>
      )}
      {open && !state.winner && (
        <>
          <p role="status">
            Round {state.round}:{' '}
            {step === 'commit'
              ? `choose your move (${name(other)} sees it only once you have both chosen).`
              : step === 'wait-commit'
                ? `waiting for ${name(other)} to choose…`
                : step === 'reveal'
                  ? 'revealing your move…'
                  : `waiting for ${name(other)} to reveal…`}
          </p>
          <fieldset className="moves">
            <legend className="muted">Your move</legend>
            {MOVES.map((m) => (
              <button
                key={m}
                type="button"
                className={chosen === m ? 'chosen' : undefined}
                aria-pressed={chosen === m}
                disabled={step !== 'commit'}
                onClick={() => play(m)}
              >
                {ICON[m]}
                {chosen === m ? ' (your move)' : ''}
              </button>
            ))}
          </fieldset>
        </>
      )}
      {submit.isPending && (
        <p className="muted" role="status">
          Recording the round with a state both players sign…
        </p>
      )}
      {submit.isError && (
        <p className="error" role="alert">
          Could not record the round: {submit.error.message}
        </p>
      )}
      {timedOut && (
        <div className="notice" role="alert">
          <strong>
            {name(other)} {presence.status === 'away' ? 'is away and ' : ''}has not answered for{' '}
            {Math.round((now - since) / 1000)} s.
          </strong>{' '}
          The last result you both signed:{' '}
          {(session.allocations ?? [])
            .map(
              (a) => `${a.participant === me ? 'you' : name(a.participant)} ${a.amount} ${a.asset}`,
            )
            .join(', ')}
          .
          {quorumNeedsAll &&
            ' Ending the match needs both signatures, so the stakes stay in the match until your opponent signs.'}
          <div className="row" style={{ marginTop: 8 }}>
            <button
              type="button"
              disabled={close.isPending}
              onClick={() =>
                close.mutate({
                  appSessionId: session.appSessionId,
                  allocations: session.allocations ?? [],
                  timeoutMs: REQUEST_TIMEOUT_MS,
                })
              }
            >
              Offer to end here with the last agreed result
            </button>
            <span className="muted">
              {presence.status === 'online'
                ? `${name(other)} is here and sees the offer at once.`
                : `${name(other)} sees the offer as soon as they come back.`}
            </span>
          </div>
        </div>
      )}
      {state.winner && (
        <div className={state.winner === me ? 'ok' : 'notice'} role="status">
          {state.cheater
            ? `${name(state.cheater)} revealed a move that does not match its commitment and forfeits. `
            : ''}
          {state.winner === me ? 'You win the match!' : `${name(state.winner)} wins the match.`}
          {open && state.winner === me && (
            <div className="row" style={{ marginTop: 8 }}>
              <button
                type="button"
                className="primary"
                disabled={close.isPending}
                onClick={() =>
                  close.mutate({
                    appSessionId: session.appSessionId,
                    allocations: finalAllocations(
                      players,
                      state.winner as Address,
                      data.stake,
                      data.asset,
                      6,
                    ),
                    sessionData: JSON.stringify({
                      ...data,
                      score: state.score,
                      round: decidedRounds,
                      winner: state.winner,
                    }),
                    timeoutMs: REQUEST_TIMEOUT_MS,
                  })
                }
              >
                Settle: take {formatAmount(parseAmount(data.stake, 6) * 2n, 6)} {data.asset}
              </button>
              {close.isPending && (
                <span role="status">Waiting for {name(other)} to sign the close…</span>
              )}
            </div>
          )}
          {open && state.winner !== me && (
            <p>Approve the settlement when {name(state.winner)} sends it.</p>
          )}
        </div>
      )}
      {close.isError && (
        <p className="error" role="alert">
          {close.error.message}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
