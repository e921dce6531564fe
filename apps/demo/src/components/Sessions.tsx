import { useActiveSessions } from '@nitrolite-kit/react'
import { SessionList } from '@nitrolite-kit/ui'
import { go } from './Shell.js'

/** Open sessions I take part in. */
export function Sessions({ names, me }: { names: Record<string, string>; me: string }) {
  const sessions = useActiveSessions()
  return (
    <section className="panel" aria-labelledby="sessions-h">
      <h2 id="sessions-h">Your open sessions</h2>
      <SessionList
        sessions={sessions}
        you={me}
        names={names}
        heading=""
        emptyText="No open sessions. Start one from “New session”."
        renderActions={(s) => (
          <button
            type="button"
            className="primary"
            onClick={() => go(`#/session/${s.appSessionId}`)}
          >
            Open room
          </button>
        )}
      />
    </section>
  )
}
