import type { AppSession } from '@nitrolite-kit/core'
import { personName } from '../copy/words.js'

/** Props of {@link SessionDetails}. */
export interface SessionDetailsProps {
  session: AppSession
  names: Record<string, string>
}

/**
 * The protocol facts of a session for developers, behind a "Details" disclosure: id,
 * application, protocol, version, signing weights and quorum, challenge period, nonce and the
 * raw allocations and session data.
 */
export function SessionDetails({ session, names }: SessionDetailsProps) {
  return (
    <details className="dev">
      <summary>Details</summary>
      <dl className="facts">
        <dt>App session id</dt>
        <dd>
          <code>{session.appSessionId}</code>
        </dd>
        <dt>Application</dt>
        <dd>{session.application}</dd>
        <dt>Protocol</dt>
        <dd>{session.protocol}</dd>
        <dt>Version</dt>
        <dd>{session.version}</dd>
        <dt>Weights / quorum</dt>
        <dd>
          {session.participants
            .map((p, i) => `${personName(p, names)} ${session.weights[i] ?? 0}`)
            .join(', ')}{' '}
          / quorum {session.quorum}
        </dd>
        <dt>Challenge</dt>
        <dd>{session.challenge} s</dd>
        <dt>Nonce</dt>
        <dd>{session.nonce}</dd>
        {session.allocations && (
          <>
            <dt>Allocations</dt>
            <dd>
              {session.allocations
                .map((a) => `${personName(a.participant, names)}: ${a.amount} ${a.asset}`)
                .join(', ')}
            </dd>
          </>
        )}
        {session.sessionData && (
          <>
            <dt>Session data</dt>
            <dd>
              <code>{session.sessionData}</code>
            </dd>
          </>
        )}
      </dl>
    </details>
  )
}
