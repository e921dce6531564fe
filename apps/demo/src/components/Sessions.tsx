import { useActiveSessions } from '@nitrolite-kit/react'
import { STATUS_WORDS, sessionName } from '../copy/sessions.js'
import { money, when } from '../copy/words.js'
import { PeerPresence } from './PeerPresence.js'
import { SessionDetails } from './SessionDetails.js'
import { go } from './Shell.js'

/** Open sessions I take part in, by name, each with a way into its room. */
export function Sessions({ names, me }: { names: Record<string, string>; me: `0x${string}` }) {
  const sessions = useActiveSessions()
  return (
    <section className="panel" aria-labelledby="sessions-h">
      <h2 id="sessions-h">Your games in progress</h2>
      {sessions.length === 0 ? (
        <p className="muted">No games in progress. Start one from “New session”.</p>
      ) : (
        <ul className="entries">
          {sessions.map((s) => {
            const mine = (s.allocations ?? []).filter(
              (a) => a.participant.toLowerCase() === me.toLowerCase(),
            )
            return (
              <li key={s.appSessionId} className="entry">
                <h3>{sessionName(s, { me, names })}</h3>
                <p className="muted flush">
                  {STATUS_WORDS[s.status]} · started {when(s.createdAt)}
                  {mine.length > 0 &&
                    ` · you put in ${mine.map((a) => money(a.amount, a.asset)).join(' + ')}`}
                </p>
                <PeerPresence participants={s.participants} me={me} names={names} />
                <div className="row">
                  <button
                    type="button"
                    className="primary"
                    onClick={() => go(`#/session/${s.appSessionId}`)}
                  >
                    Open room
                  </button>
                </div>
                <SessionDetails session={s} names={names} />
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
