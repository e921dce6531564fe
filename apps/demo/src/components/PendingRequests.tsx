import type { OutgoingSignatureRequest } from '@nitrolite-kit/core'
import { useOutgoingSignatureRequests } from '@nitrolite-kit/react'
import { useEffect, useState } from 'react'

const WHAT: Record<OutgoingSignatureRequest['method'], string> = {
  create_app_session: 'starting the match',
  submit_app_state: 'recording the score',
  close_app_session: 'settling the match',
}

/** `m:ss` left until `at`. */
function left(at: number, now: number) {
  const s = Math.max(0, Math.round((at - now) / 1000))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/**
 * What this player asked the others to sign in one session, while it waits: who has not signed
 * yet, how long it still waits, and Cancel. It survives a reload (the request is durable), and
 * says how the latest one ended when it did not go through.
 */
export function PendingRequests({
  appSessionId,
  names,
}: {
  appSessionId: `0x${string}`
  names: Record<string, string>
}) {
  const all = useOutgoingSignatureRequests({ appSessionId, status: 'all' })
  const [now, setNow] = useState(Date.now())
  const pending = all.filter((r) => r.status === 'pending')
  useEffect(() => {
    if (!pending.length) return
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [pending.length])
  const name = (a: string) => names[a] ?? `${a.slice(0, 8)}…`
  const latest = all[0]
  const failed =
    latest && latest.status !== 'pending' && latest.status !== 'sent' ? latest : undefined
  if (!pending.length && !failed) return null
  return (
    <section className="panel" aria-labelledby="pending-h">
      <h2 id="pending-h">Your requests</h2>
      {pending.map((r) => {
        const missing = r.signers.filter((s) => !s.signed).map((s) => name(s.wallet))
        return (
          <div key={r.intentId} className="notice" role="status">
            <p>
              Waiting for {missing.join(' and ') || 'the others'} to sign {WHAT[r.method]} ·{' '}
              <span>{left(r.expiresAt, now)} left</span>
            </p>
            <p className="muted">
              They will see it as soon as they come back, even if their page is closed now.
            </p>
            <button type="button" onClick={() => void r.cancel('cancelled by the proposer')}>
              Cancel request
            </button>
          </div>
        )
      })}
      {failed && !pending.length && (
        <p role="status" className="muted">
          Your last request ({WHAT[failed.method]}){' '}
          {failed.status === 'rejected'
            ? `was declined${failed.outcome?.by ? ` by ${name(failed.outcome.by)}` : ''}${failed.outcome?.reason ? `: ${failed.outcome.reason}` : ''}.`
            : failed.status === 'cancelled'
              ? 'was cancelled.'
              : failed.status === 'expired'
                ? 'expired before everyone signed.'
                : 'was overtaken by a newer state of the session.'}
        </p>
      )}
    </section>
  )
}
