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
}

/** One app session: status, participants with weights, quorum, allocations and version. */
export const SessionCard = forwardRef<HTMLElement, SessionCardProps>(function SessionCard(
  { session, you, names, actions, className, ...rest },
  ref,
) {
  const headingId = useId()
  const total = session.weights.reduce((a, b) => a + b, 0)
  const allocations = session.allocations ?? []
  const assets = [...new Set(allocations.map((a) => a.asset))]
  return (
    <article
      ref={ref}
      {...rest}
      className={cx('nk nk-card nk-session-card', className)}
      data-state={session.status}
      aria-labelledby={headingId}
    >
      <div className="nk-row" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <h3 className="nk-title" id={headingId}>
          {session.application || 'Untitled application'}
        </h3>
        <span className="nk-badge" data-tone={STATUS_TONE[session.status]}>
          <span className="nk-dot" aria-hidden="true" />
          {session.status}
        </span>
      </div>
      <dl className="nk-row nk-muted" style={{ margin: 0, gap: '4px 16px' }}>
        <div>
          <dt className="nk-visually-hidden">Session id</dt>
          <dd className="nk-mono" style={{ margin: 0 }} title={session.appSessionId}>
            {shortAddress(session.appSessionId)}
          </dd>
        </div>
        <div>
          <dt style={{ display: 'inline' }}>Version </dt>
          <dd style={{ display: 'inline', margin: 0 }}>{session.version}</dd>
        </div>
        <div>
          <dt style={{ display: 'inline' }}>Quorum </dt>
          <dd style={{ display: 'inline', margin: 0 }}>
            {session.quorum} of {total}
          </dd>
        </div>
        <div>
          <dt className="nk-visually-hidden">Protocol</dt>
          <dd style={{ margin: 0 }}>{session.protocol}</dd>
        </div>
      </dl>
      <table className="nk-table">
        <caption className="nk-visually-hidden">Participants, weights and allocations</caption>
        <thead>
          <tr>
            <th scope="col">Participant</th>
            <th scope="col" className="nk-num">
              Weight
            </th>
            {assets.map((a) => (
              <th scope="col" className="nk-num" key={a}>
                {a}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {session.participants.map((p, i) => (
            <tr key={p} data-you={sameAddress(p, you) || undefined}>
              <th scope="row" style={{ fontWeight: 'normal' }}>
                {names?.[p] && <span>{names[p]} </span>}
                <span className="nk-mono" title={p}>
                  {shortAddress(p)}
                </span>
                {sameAddress(p, you) && <span className="nk-you"> (you)</span>}
              </th>
              <td className="nk-num">{session.weights[i] ?? 0}</td>
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
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
})
