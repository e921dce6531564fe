import type { SignatureRequest } from '@nitrolite-kit/core'
import { useSignatureRequests } from '@nitrolite-kit/react'
import { SignatureRequestReview, type SignatureRequestState } from '@nitrolite-kit/ui'
import { useEffect, useRef, useState } from 'react'
import { gameLine, requestAction, resultLine, stakeLine } from '../copy/requests.js'
import { readSessionData } from '../copy/sessions.js'

/** Plain words for how a request someone else decided ended. */
function ended(r: SignatureRequest, name: (a: string) => string): string {
  const from = name(r.from)
  switch (r.status) {
    case 'sent':
      return `${from}'s request went through: the others signed it.`
    case 'cancelled':
      return `${from} cancelled the request.`
    case 'expired':
      return `${from}'s request expired.`
    case 'superseded':
      return `${from}'s request is no longer needed: the session moved on.`
    case 'rejected':
      return r.outcome?.by && r.outcome.by !== r.from
        ? `${name(r.outcome.by)} declined ${from}'s request.`
        : `${from}'s request was declined.`
    default:
      return ''
  }
}

/**
 * Co-signing requests from other participants, one at a time, in a modal dialog. Requests are
 * durable: one sent while this page was closed is shown when it opens. The dialog closes itself
 * when its request is decided elsewhere (sent, cancelled, expired, overtaken) and says how.
 */
export function SignatureRequests({ names, me }: { names: Record<string, string>; me: string }) {
  const requests = useSignatureRequests()
  const all = useSignatureRequests({ status: 'all' })
  const request = requests[0]
  const ref = useRef<HTMLDialogElement>(null)
  const shown = useRef<string | undefined>(undefined)
  // The request whose ending is told: its words follow its latest state (a `superseded` learned
  // from the session becomes `sent` when the proposer's outcome arrives).
  const [endedId, setEndedId] = useState<string>()
  const name = (a: string) => names[a] ?? `${a.slice(0, 8)}…`
  useEffect(() => {
    const d = ref.current
    if (!d) return
    if (request && !d.open) {
      d.showModal?.()
      // Start on the request's heading, never on Approve: nobody signs by pressing Enter.
      d.querySelector<HTMLElement>('[data-initial-focus]')?.focus()
    }
    if (!request && d.open) d.close()
    // The request shown before left the list: say how it ended, unless this user decided it.
    const before = shown.current
    if (before && before !== request?.intentId) {
      const r = all.find((x) => x.intentId === before)
      if (r && !r.decision && r.status !== 'pending') setEndedId(before)
    }
    shown.current = request?.intentId
  })
  const endedRequest = endedId ? all.find((x) => x.intentId === endedId) : undefined
  const notice = endedRequest ? ended(endedRequest, name) : undefined
  // An invitation this player accepted: once the session exists, go to its room.
  const joined = useRef(new Set<string>())
  useEffect(() => {
    for (const r of all) {
      if (!r.invitation || r.decision !== 'approved' || joined.current.has(r.intentId)) continue
      if (r.status !== 'sent' && r.status !== 'superseded') continue
      joined.current.add(r.intentId)
      // Only for an answer given in this page (not for old invitations replayed from storage).
      if (Date.now() - (r.outcome?.at ?? 0) < 60_000) location.hash = `#/session/${r.appSessionId}`
    }
  }, [all])
  return (
    <>
      <dialog ref={ref} aria-label="Signature request" onCancel={(e) => e.preventDefault()}>
        {request && <Review key={request.intentId} request={request} names={names} me={me} />}
      </dialog>
      {notice && (
        <p className="notice" role="status">
          {notice}{' '}
          <button type="button" onClick={() => setEndedId(undefined)}>
            Dismiss
          </button>
        </p>
      )}
    </>
  )
}

function Countdown({ until }: { until: number }) {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [])
  const s = Math.max(0, Math.round((until - now) / 1000))
  return (
    <span>
      {Math.floor(s / 60)}:{String(s % 60).padStart(2, '0')}
    </span>
  )
}

function Review({
  request,
  names,
  me,
}: {
  request: SignatureRequest
  names: Record<string, string>
  me: string
}) {
  const [state, setState] = useState<SignatureRequestState>('pending')
  const [error, setError] = useState<Error>()
  const act = async (fn: () => Promise<void>, next: SignatureRequestState) => {
    setState(next === 'approved' ? 'approving' : next)
    try {
      await fn()
      setState(next)
    } catch (e) {
      setError(e as Error)
      setState('error')
    }
  }
  // What the game is and what is at stake, from the session_data the request carries.
  const sessionData = request.prepared.params.session_data
  const data = readSessionData({
    sessionData: typeof sessionData === 'string' ? sessionData : undefined,
  })
  const method = request.prepared.method
  const players =
    request.prepared.definition?.participants ?? request.effects.map((e) => e.participant)
  const lines = [
    gameLine(data),
    method === 'create_app_session' ? stakeLine(data) : undefined,
    method === 'close_app_session' ? resultLine(data, players, names, me) : undefined,
  ].filter((l): l is string => !!l)
  return (
    <>
      <SignatureRequestReview
        request={request.prepared}
        current={request.current}
        effects={request.effects}
        intent={request.intent}
        signers={request.signers}
        action={requestAction(method, data)}
        description={
          lines.length > 0 && (
            <ul className="request-game">
              {lines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          )
        }
        you={me}
        from={request.from}
        names={names}
        state={state}
        error={error}
        onApprove={() => act(() => request.approve(), 'approved')}
        onReject={() => act(() => request.reject('declined in the demo'), 'rejected')}
      />
      <p className="muted request-waiting" data-testid="request-waiting">
        This request stays open for <Countdown until={request.expiresAt} /> more.
      </p>
    </>
  )
}
