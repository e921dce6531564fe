import type { Allocation, SessionMessage } from '@nitrolite-kit/core'
import {
  useAppSession,
  useAssets,
  useCloseAppSession,
  useConnectionStatus,
  useSessionMessages,
  useSubmitAppState,
} from '@nitrolite-kit/react'
import { AllocationEditor, MessageComposer, MessageLog, SessionCard } from '@nitrolite-kit/ui'
import { useEffect, useState } from 'react'
import { REQUEST_TIMEOUT_MS } from '../config.js'
import { STATUS_WORDS, sessionName } from '../copy/sessions.js'
import type { GameSessionData } from '../game/rps.js'
import { Game } from './Game.js'
import { PeerPresence } from './PeerPresence.js'
import { PendingRequests } from './PendingRequests.js'

function errorText(e: unknown) {
  return (e as { shortMessage?: string })?.shortMessage ?? (e as Error)?.message ?? String(e)
}

function describe(payload: unknown): string {
  const p = payload as { t?: string; text?: string; kind?: string; round?: number; move?: string }
  if (p?.t === 'chat') return String(p.text)
  if (p?.t === 'rps' && p.kind === 'commit') return `committed a move for round ${p.round}`
  if (p?.t === 'rps' && p.kind === 'reveal') return `revealed ${p.move} (round ${p.round})`
  return JSON.stringify(payload)
}

interface RoomProps {
  id: `0x${string}`
  me: `0x${string}`
  names: Record<string, string>
}

/** One session: participants, allocations, version, messages, game, intermediate state and close. */
export function SessionRoom({ id, me, names }: RoomProps) {
  const session = useAppSession({ appSessionId: id })
  const { status } = useConnectionStatus()
  const { messages, send } = useSessionMessages({ appSessionId: id })
  const [sendError, setSendError] = useState<string>()
  if (!session)
    return (
      <section className="panel" aria-busy="true">
        <p role="status">
          {status === 'connected' ? 'Loading the session from the node…' : 'Connecting…'}
        </p>
      </section>
    )
  let game: GameSessionData | undefined
  try {
    const d = session.sessionData ? (JSON.parse(session.sessionData) as GameSessionData) : undefined
    if (d?.game === 'rps') game = d
  } catch {
    game = undefined
  }
  const open = session.status === 'open'
  // Game moves are shown by the game, not in the chat.
  const chat = game
    ? (messages as SessionMessage[]).filter((m) => (m.payload as { t?: string })?.t !== 'rps')
    : messages
  return (
    <div className="grid">
      <div>
        <PendingRequests appSessionId={id} names={names} />
        <SessionCard
          session={session}
          you={me}
          names={names}
          heading={sessionName(session, { me, names })}
          statusLabels={STATUS_WORDS}
          headingLevel={2}
        />
        {open && <PeerPresence participants={session.participants} me={me} names={names} />}
        {!open && (
          <p className="ok" role="status">
            This session is closed. What each player held at the end went back to their balance.
          </p>
        )}
        {game && (
          <Game
            session={session}
            me={me}
            names={names}
            data={game}
            messages={messages as SessionMessage[]}
            send={send}
          />
        )}
      </div>
      <section className="panel" aria-labelledby="chat-h">
        <h2 id="chat-h">Messages</h2>
        <MessageLog
          messages={chat}
          names={names}
          formatPayload={(payload) => describe(payload)}
          height={260}
          label="Session messages"
        />
        <MessageComposer
          disabled={!open || status !== 'connected'}
          disabledReason={!open ? 'The session is closed.' : 'Not connected.'}
          error={sendError}
          onSend={async (text) => {
            setSendError(undefined)
            try {
              await send({ t: 'chat', text })
            } catch (e) {
              setSendError(errorText(e))
              throw e
            }
          }}
        />
      </section>
      {open && !game && <StateEditors id={id} me={me} names={names} />}
      {open && game && (
        <details className="panel">
          <summary>Advanced: propose a different split</summary>
          <StateEditors id={id} me={me} names={names} />
        </details>
      )}
    </div>
  )
}

function StateEditors({ id, me, names }: RoomProps) {
  const session = useAppSession({ appSessionId: id })!
  const assets = useAssets()
  const current = session.allocations ?? []
  const [mode, setMode] = useState<'redistribute' | 'close'>('close')
  const [value, setValue] = useState<Allocation[]>(current)
  const [ready, setReady] = useState<Allocation[] | undefined>(current.length ? current : undefined)
  // The allocations may load after the room opens: start from them until the user edits.
  useEffect(() => {
    if (value.length === 0 && current.length > 0) {
      setValue(current)
      setReady(current)
    }
  }, [value.length, current])
  const submit = useSubmitAppState()
  const close = useCloseAppSession()
  const pending = submit.isPending || close.isPending
  const progress = submit.isPending ? submit.progress : close.progress
  const assetList = (assets.data ?? [{ symbol: 'usdc', decimals: 6 }])
    .filter((a) => current.some((c) => c.asset === a.symbol))
    .map((a) => ({ symbol: a.symbol, decimals: a.decimals }))
  return (
    <section className="panel" aria-labelledby="state-h">
      <h2 id="state-h">Change the allocations</h2>
      <AllocationEditor
        key={`${mode}-${session.version}-${current.length}`}
        mode={mode}
        onModeChange={(m) => setMode(m === 'close' ? 'close' : 'redistribute')}
        participants={session.participants}
        assets={assetList.length ? assetList : [{ symbol: 'usdc', decimals: 6 }]}
        current={current}
        defaultValue={current}
        you={me}
        names={names}
        onChange={(next, result) => {
          setValue(next)
          setReady(
            result.isValid && result.conservation !== 'not-conserved'
              ? result.allocations
              : undefined,
          )
        }}
      />
      <p className="muted">
        {session.quorum > Math.max(...session.weights)
          ? 'Every player must agree.'
          : 'Enough players must agree for it to count.'}
      </p>
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={!ready || pending}
          onClick={() => {
            if (!ready) return
            const timeoutMs = REQUEST_TIMEOUT_MS
            if (mode === 'close') close.mutate({ appSessionId: id, allocations: ready, timeoutMs })
            else submit.mutate({ appSessionId: id, allocations: ready, timeoutMs })
          }}
        >
          {mode === 'close' ? 'Sign and close' : 'Sign the new split'}
        </button>
        {!ready && value.length > 0 && (
          <span className="muted">Fix the allocations above first.</span>
        )}
      </div>
      {pending && (
        <p role="status" className="notice">
          Waiting for the others to sign
          {progress?.pending.length ? ` (${progress.pending.length} to go)` : '…'}
        </p>
      )}
      {submit.isSuccess && (
        <p role="status" className="ok">
          The new split is agreed and recorded.
        </p>
      )}
      {(submit.isError || close.isError) && (
        <p role="alert" className="error">
          {errorText(submit.error ?? close.error)}
        </p>
      )}
    </section>
  )
}
