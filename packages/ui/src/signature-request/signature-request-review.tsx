import { type ComponentPropsWithoutRef, forwardRef, type ReactNode, useId } from 'react'
import type { Allocation, Intent, ParticipantEffect, PreparedRequest } from '../internal/core.js'
import { cx } from '../internal/cx.js'
import { sameAddress, shortAddress } from '../internal/format.js'
import { ACTIONS, effectSummary, type Row, rowsAsSent, whatItDoes } from './review-text.js'

/** Where a signature request stands. */
export type SignatureRequestState = 'pending' | 'approving' | 'approved' | 'rejected' | 'error'

/** Props of {@link SignatureRequestReview}. */
export interface SignatureRequestReviewProps
  extends Omit<ComponentPropsWithoutRef<'section'>, 'children'> {
  /** The prepared request you are asked to sign. */
  request: PreparedRequest
  /** The session's allocations before this request (to show changes); none for create. */
  current?: readonly Allocation[]
  /**
   * The exact effect per participant and asset, as core's guard computed it
   * (`SignatureRequest.effects`). When given, the table shows exactly these rows; otherwise it
   * lists every proposed row as sent (duplicates flagged, never merged).
   */
  effects?: readonly ParticipantEffect[]
  /** The intent of a state update (`SignatureRequest.intent`). */
  intent?: Intent
  /** The connected wallet. */
  you?: string
  /** Display names, keyed by address. */
  names?: Record<string, string>
  /** Approve (sign). */
  onApprove?: () => void
  /** Reject. */
  onReject?: () => void
  /** Defaults to `pending`. */
  state?: SignatureRequestState
  /** Error detail for `state="error"`. */
  error?: Error | string | null
  /** Who asks you to sign (the initiator). */
  from?: string
  /**
   * Who has signed, from the request's own signer info (`SignatureRequest.signers`, whose
   * signatures core verified). When given it decides who shows as signed; otherwise only the
   * wallets in `request.signatures` do.
   */
  signers?: readonly {
    wallet: string
    /** Their weight against the quorum (shown under "Details" only). */
    weight?: number
    /** A verified signature by `wallet` has been seen. */
    signed: boolean
  }[]
  /**
   * What the request asks, in a few words, for the summary ("settle the match"). Defaults by
   * method: `join a new session`, `change the session`, `close the session`.
   */
  action?: string
  /** The heading. Defaults to a plain title by method ("Invitation from Bob: a new session"). */
  heading?: ReactNode
  /** Plain words shown right after the summary (e.g. what the game is and what is at stake). */
  description?: ReactNode
  /** Extra content after the "Details" disclosure (e.g. session data preview). */
  children?: ReactNode
}

/**
 * Exactly what you are asked to sign, plain words first: who asks you to do what and what each
 * player gets or puts in ("Alice asks you to close the session: you get 0 usdc, Alice gets 20
 * usdc"), each player's change per asset, and who has signed. The protocol facts (method,
 * session id, intent, weights against the quorum, the raw request) sit under "Details". The
 * component never takes focus itself; a dialog should move focus to its heading (marked
 * `data-initial-focus`), not to Approve.
 */
export const SignatureRequestReview = forwardRef<HTMLElement, SignatureRequestReviewProps>(
  function SignatureRequestReview(
    {
      request,
      current = [],
      effects,
      intent,
      you,
      names,
      onApprove,
      onReject,
      state = 'pending',
      error,
      from,
      signers,
      action,
      heading,
      description,
      children,
      className,
      ...rest
    },
    ref,
  ) {
    const headingId = useId()
    const rows: Row[] = effects
      ? effects.map((e) => ({
          ...e,
          change: e.change.replace(/^-/, '−'),
          duplicate: false,
        }))
      : rowsAsSent(request, current)
    const signedWallets = request.signatures.map((s) => s.wallet)
    const hasSigned = (wallet: string) =>
      signedWallets.some((w) => sameAddress(w, wallet)) ||
      (signers?.some((s) => s.signed && sameAddress(s.wallet, wallet)) ?? false)
    const signedWeight = request.requiredSigners
      .filter((s) => hasSigned(s.wallet))
      .reduce((a, s) => a + s.weight, 0)
    const totalWeight = request.requiredSigners.reduce((a, s) => a + s.weight, 0)
    const youSigned = !!you && hasSigned(you)
    const isYou = (a: string) => sameAddress(a, you)
    const nameOf = (a: string) => names?.[a] ?? shortAddress(a)
    /** In a sentence: "you", "Alice", or a short address. */
    const spoken = (a: string) => (isYou(a) ? 'you' : nameOf(a))
    /** In a list: "Bob (you)". */
    const label = (a: string) => `${nameOf(a)}${isYou(a) ? ' (you)' : ''}`
    const isCreate = request.method === 'create_app_session'
    const asker = from ? nameOf(from) : 'You are asked'
    const what = action ?? ACTIONS[request.method] ?? 'sign a change to the session'
    const duplicates = rows.some((r) => r.duplicate)
    const effect = duplicates ? '' : effectSummary(request.method, rows, spoken, isYou)
    const summary = duplicates
      ? `${from ? `${asker} asks you to ${what}` : `You are asked to ${what}`}, but the request lists a player twice: read the rows below before signing.`
      : `${from ? `${asker} asks you to ${what}` : `You are asked to ${what}`}${effect ? `: ${effect}` : ''}.`
    const title =
      heading ??
      (isCreate
        ? `Invitation${from ? ` from ${nameOf(from)}` : ''}: a new session`
        : `Request${from ? ` from ${nameOf(from)}` : ''}: ${what}`)
    return (
      <section
        ref={ref}
        {...rest}
        className={cx('nk nk-card nk-signature-request', className)}
        data-state={state}
        aria-labelledby={headingId}
      >
        <h2 className="nk-title" id={headingId} tabIndex={-1} data-initial-focus="">
          {title}
        </h2>
        <p data-part="summary" style={{ margin: 0, fontWeight: 600 }}>
          {summary}
        </p>
        {description && <div data-part="description">{description}</div>}
        <p data-part="what-it-does" className="nk-muted" style={{ margin: 0 }}>
          {whatItDoes(request.method, intent)}
        </p>
        {rows.length === 0 ? (
          <p className="nk-muted">No change to anyone’s money.</p>
        ) : (
          <table className="nk-table">
            <caption className="nk-visually-hidden">What changes for each player</caption>
            <thead>
              <tr>
                <th scope="col">Player</th>
                <th scope="col">Asset</th>
                <th scope="col" className="nk-num">
                  {isCreate ? 'Puts in' : 'Before'}
                </th>
                {!isCreate && (
                  <th scope="col" className="nk-num">
                    After
                  </th>
                )}
                {!isCreate && (
                  <th scope="col" className="nk-num">
                    Change
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows are shown as sent, duplicates included.
                  key={i}
                  data-you={isYou(r.participant) || undefined}
                  data-duplicate={r.duplicate || undefined}
                >
                  <th scope="row" style={{ fontWeight: 'normal' }} title={r.participant}>
                    <span className={names?.[r.participant] ? undefined : 'nk-mono'}>
                      {label(r.participant)}
                    </span>
                    {r.duplicate && (
                      <>
                        {' '}
                        <span className="nk-badge" data-tone="danger">
                          listed twice
                        </span>
                      </>
                    )}
                  </th>
                  <td>{r.asset}</td>
                  <td className="nk-num">{isCreate ? r.after : r.before}</td>
                  {!isCreate && <td className="nk-num">{r.after}</td>}
                  {!isCreate && <td className="nk-num">{r.change}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div>
          <h3 className="nk-legend" style={{ fontSize: '1em', margin: 0 }}>
            Who has signed
          </h3>
          <p className="nk-muted" style={{ margin: 0 }}>
            {isCreate
              ? 'Everyone who puts money in must sign.'
              : request.quorum >= totalWeight
                ? 'Everyone below must sign.'
                : 'Enough of the players below must sign, not necessarily all.'}
          </p>
          <ul className="nk-list" style={{ gap: 4 }}>
            {request.requiredSigners.map((s) => {
              const signed = hasSigned(s.wallet)
              return (
                <li key={s.wallet} data-state={signed ? 'signed' : 'waiting'}>
                  <span className="nk-badge" data-tone={signed ? 'success' : 'muted'}>
                    {signed ? 'Signed' : 'Not yet'}
                  </span>{' '}
                  <span className={names?.[s.wallet] ? undefined : 'nk-mono'} title={s.wallet}>
                    {label(s.wallet)}
                  </span>
                </li>
              )
            })}
          </ul>
        </div>
        <details data-part="details">
          <summary>Details</summary>
          <dl className="nk-muted" style={{ margin: 0, display: 'grid', gap: 2 }}>
            <div>
              <dt style={{ display: 'inline' }}>Method: </dt>
              <dd style={{ display: 'inline', margin: 0 }} className="nk-mono">
                {request.method}
              </dd>
            </div>
            <div>
              <dt style={{ display: 'inline' }}>Session: </dt>
              <dd
                style={{ display: 'inline', margin: 0, wordBreak: 'break-all' }}
                className="nk-mono"
              >
                {request.appSessionId}
              </dd>
            </div>
            {intent && (
              <div>
                <dt style={{ display: 'inline' }}>Intent: </dt>
                <dd style={{ display: 'inline', margin: 0 }} className="nk-mono">
                  {intent}
                </dd>
              </div>
            )}
            {from && (
              <div>
                <dt style={{ display: 'inline' }}>Requested by: </dt>
                <dd
                  style={{ display: 'inline', margin: 0, wordBreak: 'break-all' }}
                  className="nk-mono"
                >
                  {label(from)} {from}
                </dd>
              </div>
            )}
            <div>
              <dt style={{ display: 'inline' }}>Signatures: </dt>
              <dd style={{ display: 'inline', margin: 0 }}>
                {isCreate
                  ? `every funder (${signedWeight} of ${request.quorum} signed)`
                  : `weight ${signedWeight} of quorum ${request.quorum}`}
              </dd>
            </div>
            {!isCreate && (
              <div>
                <dt>Weights</dt>
                <dd style={{ margin: 0 }}>
                  <ul className="nk-list" style={{ gap: 2 }}>
                    {request.requiredSigners.map((s) => (
                      <li key={s.wallet}>
                        <span className="nk-mono" style={{ wordBreak: 'break-all' }}>
                          {label(s.wallet)} {s.wallet}
                        </span>
                        : weight {s.weight}
                      </li>
                    ))}
                  </ul>
                </dd>
              </div>
            )}
          </dl>
          <pre className="nk-mono" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {request.payload}
          </pre>
        </details>
        {children}
        {state === 'error' && error && (
          <p className="nk-error" role="alert">
            {typeof error === 'string' ? error : error.message}
          </p>
        )}
        <p className="nk-summary" role="status" data-state={state}>
          {state === 'approved' || youSigned
            ? 'You signed this request.'
            : state === 'rejected'
              ? 'You rejected this request.'
              : state === 'approving'
                ? 'Signing…'
                : 'Waiting for your decision.'}
        </p>
        {state !== 'approved' && state !== 'rejected' && !youSigned && (
          <div className="nk-row">
            <button
              type="button"
              className="nk-button"
              data-variant="primary"
              disabled={state === 'approving' || !onApprove}
              onClick={onApprove}
            >
              {state === 'approving' ? 'Signing…' : 'Approve and sign'}
            </button>
            <button
              type="button"
              className="nk-button"
              data-variant="danger"
              disabled={state === 'approving' || !onReject}
              onClick={onReject}
            >
              Reject
            </button>
          </div>
        )}
      </section>
    )
  },
)
