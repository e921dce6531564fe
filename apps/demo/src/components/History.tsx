import { useNitroliteClient, useSessionHistory } from '@nitrolite-kit/react'
import { useEffect, useRef } from 'react'
import { sessionName, sessionOutcome } from '../copy/sessions.js'
import { when } from '../copy/words.js'
import { SessionDetails } from './SessionDetails.js'

/**
 * Finished sessions, newest first: name (a link to its room), when it ended and how it ended
 * for you (won, lost, draw or what came back).
 */
export function History({ names, me }: { names: Record<string, string>; me: string }) {
  const sessions = useSessionHistory()
  const client = useNitroliteClient()
  // Sessions that closed before this tab saw them come without their payouts: read them once.
  const asked = useRef(new Set<string>())
  useEffect(() => {
    if (!client) return
    for (const s of sessions) {
      if (s.allocations || asked.current.has(s.appSessionId)) continue
      asked.current.add(s.appSessionId)
      client.refreshAppSession(s.appSessionId).catch(() => asked.current.delete(s.appSessionId))
    }
  }, [client, sessions])
  return (
    <section className="panel" aria-labelledby="history-h">
      <h2 id="history-h">Finished games</h2>
      {sessions.length === 0 ? (
        <p className="muted">Nothing finished yet. Games you settle show up here.</p>
      ) : (
        <ul className="entries">
          {sessions.map((s) => {
            const outcome = sessionOutcome(s, me)
            return (
              <li key={s.appSessionId} className="entry" data-outcome={outcome.kind}>
                <h3>
                  <a href={`#/session/${s.appSessionId}`}>{sessionName(s, { me, names })}</a>
                </h3>
                <p className="flush">
                  <span className="outcome" data-outcome={outcome.kind}>
                    {outcome.text}
                  </span>{' '}
                  <span className="muted">
                    · <span>closed</span> <time dateTime={s.updatedAt}>{when(s.updatedAt)}</time>
                  </span>
                </p>
                <SessionDetails session={s} names={names} />
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
