import { type ComponentPropsWithoutRef, forwardRef, type ReactNode, useId } from 'react'
import type { Allocation, Intent, ParticipantEffect, PreparedRequest } from '../internal/core.js'
import { formatAmount, parseAmount } from '../internal/core.js'
import { cx } from '../internal/cx.js'
import { sameAddress, shortAddress } from '../internal/format.js'

const METHOD_LABELS: Record<string, string> = {
  create_app_session: 'Create app session',
  submit_app_state: 'Update app session state',
  close_app_session: 'Close app session',
}

/** One sentence on what signing does, by method and intent. */
function whatItDoes(method: string, intent: Intent | undefined): string {
  if (method === 'create_app_session')
    return 'Opens the session: each participant below commits the amount shown from their balance.'
  if (method === 'close_app_session')
    return 'Closes the session: each participant below receives the final amount shown into their balance.'
  if (intent === 'deposit')
    return 'Deposit: adds funds from the balances of the participants whose holding rises.'
  if (intent === 'withdraw')
    return 'Withdrawal: takes funds out of the session into the balances of the participants whose holding falls.'
  return 'Moves funds between participants inside the session; the total stays the same.'
}

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
  /** Extra content (e.g. session data preview). */
  children?: ReactNode
}

function fracDigits(x: string): number {
  const i = x.indexOf('.')
  return i < 0 ? 0 : x.length - i - 1
}

/** Exact `b − a` of two decimal strings (signed). */
function decimalDelta(a: string, b: string): string {
  const d = Math.max(fracDigits(a), fracDigits(b))
  try {
    const diff = parseAmount(b || '0', d) - parseAmount(a || '0', d)
    const s = formatAmount(diff < 0n ? -diff : diff, d)
    return diff === 0n ? '0' : `${diff < 0n ? '−' : '+'}${s}`
  } catch {
    return ''
  }
}

function allocationsOf(params: unknown): Allocation[] {
  if (params && typeof params === 'object' && 'allocations' in params) {
    const a = (params as { allocations?: unknown }).allocations
    if (Array.isArray(a)) return a as Allocation[]
  }
  return []
}

interface Row {
  participant: string
  asset: string
  before: string
  after: string
  change: string
  duplicate: boolean
}

/** Rows as sent: one per proposed allocation, with the holding it replaces. */
function rowsAsSent(request: PreparedRequest, current: readonly Allocation[]): Row[] {
  const seen = new Set<string>()
  return allocationsOf(request.params).map((p) => {
    const key = `${String(p.participant).toLowerCase()}|${p.asset}`
    const duplicate = seen.has(key)
    seen.add(key)
    const before =
      request.method === 'create_app_session'
        ? '0'
        : (current.find((c) => `${c.participant.toLowerCase()}|${c.asset}` === key)?.amount ?? '0')
    return {
      participant: p.participant,
      asset: p.asset,
      before,
      after: p.amount,
      change: decimalDelta(before, p.amount),
      duplicate,
    }
  })
}

/**
 * Exactly what you are asked to sign: what the request does (method and intent), each
 * participant's change per asset, who has signed (with weights against the quorum), the raw
 * request under "Details", and approve/reject buttons. The component never takes focus itself;
 * a dialog should move focus to its heading (marked `data-initial-focus`), not to Approve.
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
    const signedWeight = request.requiredSigners
      .filter((s) => signedWallets.some((w) => sameAddress(w, s.wallet)))
      .reduce((a, s) => a + s.weight, 0)
    const youSigned = signedWallets.some((w) => sameAddress(w, you))
    const name = (a: string) =>
      `${names?.[a] ? `${names[a]} ` : ''}${shortAddress(a)}${sameAddress(a, you) ? ' (you)' : ''}`
    const isCreate = request.method === 'create_app_session'
    return (
      <section
        ref={ref}
        {...rest}
        className={cx('nk nk-card nk-signature-request', className)}
        data-state={state}
        aria-labelledby={headingId}
      >
        <h2 className="nk-title" id={headingId} tabIndex={-1} data-initial-focus="">
          {request.method === 'create_app_session'
            ? `Invitation${from ? ` from ${names?.[from] ?? shortAddress(from)}` : ''}: a new session`
            : `Signature request: ${METHOD_LABELS[request.method] ?? request.method}`}
        </h2>
        <p data-part="what-it-does">{whatItDoes(request.method, intent)}</p>
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
              style={{ display: 'inline', margin: 0 }}
              className="nk-mono"
              title={request.appSessionId}
            >
              {shortAddress(request.appSessionId)}
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
              <dd style={{ display: 'inline', margin: 0 }} className="nk-mono">
                {name(from)}
              </dd>
            </div>
          )}
        </dl>
        {rows.length === 0 ? (
          <p className="nk-muted">No allocation changes.</p>
        ) : (
          <table className="nk-table">
            <caption className="nk-visually-hidden">Allocation changes</caption>
            <thead>
              <tr>
                <th scope="col">Participant</th>
                <th scope="col">Asset</th>
                <th scope="col" className="nk-num">
                  {isCreate ? 'Commits' : 'Before'}
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
                  data-you={sameAddress(r.participant, you) || undefined}
                  data-duplicate={r.duplicate || undefined}
                >
                  <th scope="row" className="nk-mono" style={{ fontWeight: 'normal' }}>
                    {name(r.participant)}
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
            Signatures{' '}
            {isCreate ? '(every funder)' : `(weight ${signedWeight} of quorum ${request.quorum})`}
          </h3>
          <ul className="nk-list" style={{ gap: 4 }}>
            {request.requiredSigners.map((s) => {
              const signed = signedWallets.some((w) => sameAddress(w, s.wallet))
              return (
                <li key={s.wallet} data-state={signed ? 'signed' : 'waiting'}>
                  <span className="nk-badge" data-tone={signed ? 'success' : 'muted'}>
                    {signed ? 'Signed' : 'Waiting'}
                  </span>{' '}
                  <span className="nk-mono">{name(s.wallet)}</span>
                  {/* A create needs every funder; weights count only against a quorum. */}
                  {isCreate ? null : <span className="nk-muted"> weight {s.weight}</span>}
                </li>
              )
            })}
          </ul>
        </div>
        <details>
          <summary>Details</summary>
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
