import { useSessionHistory } from '@nitrolite-kit/react'
import { SessionList } from '@nitrolite-kit/ui'

/** Closed sessions and their final allocations. */
export function History({ names, me }: { names: Record<string, string>; me: string }) {
  const sessions = useSessionHistory()
  return (
    <section className="panel" aria-labelledby="history-h">
      <h2 id="history-h">Closed sessions</h2>
      <SessionList
        sessions={sessions}
        you={me}
        names={names}
        heading=""
        emptyText="No closed sessions yet."
      />
    </section>
  )
}
