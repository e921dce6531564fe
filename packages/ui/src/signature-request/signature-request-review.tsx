import { type ComponentPropsWithoutRef, forwardRef, type ReactNode, useId } from 'react'
import type { Allocation, PreparedRequest } from '../internal/core.js'
import { formatAmount, parseAmount } from '../internal/core.js'
import { cx } from '../internal/cx.js'
import { sameAddress, shortAddress } from '../internal/format.js'

const METHOD_LABELS: Record<string, string> = {
  create_app_session: 'Create app session',
  submit_app_state: 'Update app session state',
  close_app_session: 'Close app session',
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

/**
 * Exactly what you are asked to sign: the method, the allocation change per participant and
 * asset, who has signed (with weights against the quorum), and approve/reject buttons.
 */
export const SignatureRequestReview = forwardRef<HTMLElement, SignatureRequestReviewProps>(
  function SignatureRequestReview(
    {
      request,
      current = [],
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
    const proposed = allocationsOf(request.params)
    const rows = new Map<
      string,
      { participant: string; asset: string; before: string; after: string }
    >()
    for (const c of current)
      rows.set(`${c.participant.toLowerCase()}|${c.asset}`, {
        participant: c.participant,
        asset: c.asset,
        before: c.amount,
        after: request.method === 'submit_app_state' ? c.amount : '0',
      })
    for (const p of proposed) {
      const key = `${p.participant.toLowerCase()}|${p.asset}`
      const prev = rows.get(key)
      rows.set(key, {
        participant: p.participant,
        asset: p.asset,
        before: prev?.before ?? '0',
        after: p.amount,
      })
    }
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
        <h2 className="nk-title" id={headingId}>
          Signature request: {METHOD_LABELS[request.method] ?? request.method}
        </h2>
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
          {from && (
            <div>
              <dt style={{ display: 'inline' }}>Requested by: </dt>
              <dd style={{ display: 'inline', margin: 0 }} className="nk-mono">
                {name(from)}
              </dd>
            </div>
          )}
        </dl>
        {rows.size === 0 ? (
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
              {[...rows.values()].map((r) => (
                <tr
                  key={`${r.participant}|${r.asset}`}
                  data-you={sameAddress(r.participant, you) || undefined}
                >
                  <th scope="row" className="nk-mono" style={{ fontWeight: 'normal' }}>
                    {name(r.participant)}
                  </th>
                  <td>{r.asset}</td>
                  <td className="nk-num">{isCreate ? r.after : r.before}</td>
                  {!isCreate && <td className="nk-num">{r.after}</td>}
                  {!isCreate && <td className="nk-num">{decimalDelta(r.before, r.after)}</td>}
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
                  <span className="nk-mono">{name(s.wallet)}</span>{' '}
                  <span className="nk-muted">weight {s.weight}</span>
                </li>
              )
            })}
          </ul>
        </div>
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
