import { type ComponentPropsWithoutRef, forwardRef, type ReactNode, useId } from 'react'
import type { AppSession } from '../internal/core.js'
import { cx } from '../internal/cx.js'
import { sameAddress, shortAddress } from '../internal/format.js'

const STATUS_TONE: Record<AppSession['status'], string> = {
  open: 'success',
  closed: 'muted',
  resizing: 'warning',
  challenged: 'danger',
}

/** The badge's words for each status, unless the caller gives its own. */
const STATUS_LABELS: Record<AppSession['status'], string> = {
  open: 'Open',
  closed: 'Closed',
  resizing: 'Updating funds',
  challenged: 'Disputed',
}

/** Props of {@link SessionCard}. */
export interface SessionCardProps extends Omit<ComponentPropsWithoutRef<'article'>, 'children'> {
  /** The session to show. */
  session: AppSession
  /** The connected wallet; its row is marked "you". */
  you?: string
  /** Display names for participants, keyed by address. */
  names?: Record<string, string>
  /** Actions rendered in the card footer (e.g. "Close session"). */
  actions?: ReactNode
  /**
   * The card's heading: a name people read ("Rock–paper–scissors vs Bob"). Defaults to the
   * session's `application`. (Named `heading` because `title` is the HTML tooltip attribute.)
   */
  heading?: ReactNode
  /**
   * Words for the status badge, per status. Defaults to `Open`, `Closed`, `Updating funds` and
   * `Disputed`.
   */
  statusLabels?: Partial<Record<AppSession['status'], string>>
  /** Extra content inside the card's "Details" disclosure, after the protocol facts. */
  details?: ReactNode
  /**
   * The heading's level, to fit the page's outline (a room's main card is an `h2`). Defaults to
   * `3`.
   */
  headingLevel?: 2 | 3 | 4 | 5 | 6
}

/** Who has to sign a change, in plain words, from the weights and the quorum. */
function whoSigns(session: AppSession, name: (a: string) => string): string {
  const weight = (i: number) => session.weights[i] ?? 0
  const total = session.weights.reduce((a, b) => a + b, 0)
  const alone = session.participants.filter((_, i) => weight(i) >= session.quorum)
  if (alone.length) return `${alone.map(name).join(' or ')} can sign a change alone.`
  const counted = session.participants.filter((_, i) => weight(i) > 0)
  if (session.quorum >= total)
    return counted.length === session.participants.length
      ? 'Every change needs everyone’s signature.'
      : `Every change needs the signatures of ${counted.map(name).join(' and ')}.`
  return 'A change needs signatures from enough players, not from everyone.'
}

/**
 * One app session in plain words: its name, status, who holds what and (while it is not closed)
 * who has to sign a change. The protocol facts (session id, version, quorum, protocol, weights) sit under a
 * "Details" disclosure, closed by default.
 */
export const SessionCard = forwardRef<HTMLElement, SessionCardProps>(function SessionCard(
  {
    session,
    you,
    names,
    actions,
    heading,
    statusLabels,
    details,
    headingLevel = 3,
    className,
    ...rest
  },
  ref,
) {
  const headingId = useId()
  const Heading = `h${headingLevel}` as const
  const total = session.weights.reduce((a, b) => a + b, 0)
  const allocations = session.allocations ?? []
  const assets = [...new Set(allocations.map((a) => a.asset))]
  const nameOf = (p: string) => names?.[p] ?? shortAddress(p)
  const spoken = (p: string) => (sameAddress(p, you) ? 'you' : nameOf(p))
  return (
    <article
      ref={ref}
      {...rest}
      className={cx('nk nk-card nk-session-card', className)}
      data-state={session.status}
      aria-labelledby={headingId}
    >
      <div
        className="nk-row"
        style={{ justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap' }}
      >
        <Heading className="nk-title" id={headingId} style={{ overflowWrap: 'anywhere' }}>
          {heading ?? (session.application || 'Untitled application')}
        </Heading>
        <span className="nk-badge" data-tone={STATUS_TONE[session.status]}>
          <span className="nk-dot" aria-hidden="true" />
          {statusLabels?.[session.status] ?? STATUS_LABELS[session.status]}
        </span>
      </div>
      <table className="nk-table">
        <caption className="nk-visually-hidden">Who holds what in this session</caption>
        <thead>
          <tr>
            <th scope="col">Player</th>
            {assets.map((a) => (
              <th scope="col" className="nk-num" key={a}>
                {a}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {session.participants.map((p) => (
            <tr key={p} data-you={sameAddress(p, you) || undefined}>
              <th scope="row" style={{ fontWeight: 'normal' }} title={p}>
                <span className={names?.[p] ? undefined : 'nk-mono'}>{nameOf(p)}</span>
                {sameAddress(p, you) && <span className="nk-you"> (you)</span>}
              </th>
              {assets.map((a) => {
                const amount = allocations
                  .filter((x) => x.asset === a && sameAddress(x.participant, p))
                  .map((x) => x.amount)[0]
                return (
                  <td className="nk-num" key={a}>
                    {amount ?? '0'}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {session.status !== 'closed' && (
        <p className="nk-muted" data-part="who-signs" style={{ margin: 0 }}>
          {whoSigns(session, spoken)}
        </p>
      )}
      <details data-part="details">
        <summary>Details</summary>
        <dl className="nk-muted" style={{ margin: 0, display: 'grid', gap: 2 }}>
          <div>
            <dt style={{ display: 'inline' }}>Session id: </dt>
            <dd
              className="nk-mono"
              style={{ display: 'inline', margin: 0, wordBreak: 'break-all' }}
            >
              {session.appSessionId}
            </dd>
          </div>
          <div>
            <dt style={{ display: 'inline' }}>Application: </dt>
            <dd className="nk-mono" style={{ display: 'inline', margin: 0 }}>
              {session.application}
            </dd>
          </div>
          <div>
            <dt style={{ display: 'inline' }}>Protocol: </dt>
            <dd style={{ display: 'inline', margin: 0 }}>{session.protocol}</dd>
          </div>
          <div>
            <dt style={{ display: 'inline' }}>Version: </dt>
            <dd style={{ display: 'inline', margin: 0 }}>{session.version}</dd>
          </div>
          <div>
            <dt style={{ display: 'inline' }}>Quorum: </dt>
            <dd style={{ display: 'inline', margin: 0 }}>
              {session.quorum} of {total}
            </dd>
          </div>
          <div>
            <dt>Weights</dt>
            <dd style={{ margin: 0 }}>
              <ul className="nk-list" style={{ gap: 2 }}>
                {session.participants.map((p, i) => (
                  <li key={p}>
                    {names?.[p] && <span>{names[p]} </span>}
                    <span className="nk-mono" style={{ wordBreak: 'break-all' }}>
                      {p}
                    </span>
                    : {session.weights[i] ?? 0}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        </dl>
        {details}
      </details>
      {actions && <div className="nk-row">{actions}</div>}
    </article>
  )
})

/** Props of {@link SessionList}. */
export interface SessionListProps extends Omit<ComponentPropsWithoutRef<'section'>, 'children'> {
  /** Sessions to list; `undefined` while loading. */
  sessions: AppSession[] | undefined
  /** The connected wallet. */
  you?: string
  /** Display names for participants. */
  names?: Record<string, string>
  /** Shown instead of the list when loading failed. */
  error?: Error | string | null
  /** Heading. Defaults to `Sessions`. */
  heading?: ReactNode
  /** Per-session actions. */
  renderActions?: (session: AppSession) => ReactNode
  /** Text when there are no sessions. Defaults to `No sessions yet.` */
  emptyText?: ReactNode
  /** Each card's heading (see {@link SessionCardProps.heading}). Defaults to the application. */
  renderHeading?: (session: AppSession) => ReactNode
}

/** A list of {@link SessionCard}s with loading, empty and error states. */
export const SessionList = forwardRef<HTMLElement, SessionListProps>(function SessionList(
  {
    sessions,
    you,
    names,
    error,
    heading = 'Sessions',
    renderActions,
    emptyText,
    renderHeading,
    className,
    ...rest
  },
  ref,
) {
  const headingId = useId()
  const state = error
    ? 'error'
    : sessions === undefined
      ? 'loading'
      : sessions.length
        ? 'ready'
        : 'empty'
  return (
    <section
      ref={ref}
      {...rest}
      className={cx('nk nk-session-list', className)}
      data-state={state}
      aria-labelledby={headingId}
      aria-busy={state === 'loading'}
      style={{ display: 'flex', flexDirection: 'column', gap: 8, ...rest.style }}
    >
      <h2 className="nk-title" id={headingId}>
        {heading}
      </h2>
      {state === 'error' ? (
        <p className="nk-error" role="alert">
          {typeof error === 'string' ? error : error?.message}
        </p>
      ) : state === 'loading' ? (
        <p className="nk-empty" role="status">
          Loading sessions…
        </p>
      ) : state === 'empty' ? (
        <p className="nk-empty">{emptyText ?? 'No sessions yet.'}</p>
      ) : (
        <ul className="nk-list">
          {sessions?.map((s) => (
            <li key={s.appSessionId}>
              <SessionCard
                session={s}
                {...(you ? { you } : {})}
                {...(names ? { names } : {})}
                actions={renderActions?.(s)}
                heading={renderHeading?.(s)}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
})
