'use client'
import { type ComponentPropsWithoutRef, forwardRef, type ReactNode, useId, useState } from 'react'
import { type Allocation, requiredSigners } from '../internal/core.js'
import { cx } from '../internal/cx.js'
import { shortAddress } from '../internal/format.js'
import {
  type AllocationEditorResult,
  type AllocationMode,
  type UseAllocationEditorParameters,
  type UseAllocationEditorReturnType,
  useAllocationEditor,
} from './use-allocation-editor.js'

/** Props of {@link AllocationEditor}. */
export interface AllocationEditorProps
  extends Omit<ComponentPropsWithoutRef<'div'>, 'onChange' | 'defaultValue' | 'children'>,
    Omit<UseAllocationEditorParameters, 'onChange' | 'value' | 'defaultValue'> {
  /** Controlled allocations (amounts as typed). */
  value?: Allocation[]
  /** Initial allocations when uncontrolled. */
  defaultValue?: Allocation[]
  /**
   * Called on every edit with the allocations and their analysis; also on load and whenever the
   * analysis changes without an edit, so what you hold matches the status shown.
   */
  onChange?: (allocations: Allocation[], result: AllocationEditorResult) => void
  /**
   * Shows a "What to do" switch between `modes` (pressed state with `aria-pressed`) and calls
   * this with the chosen mode. Leave undefined for no switch.
   */
  onModeChange?: (mode: AllocationMode) => void
  /** The modes the switch offers. Defaults to `['close', 'redistribute']`. */
  modes?: readonly AllocationMode[]
  /** Heading. Defaults per mode (`Funding`, `Final allocations`, `New allocations`); `null` for none. */
  heading?: ReactNode
  /** Display names for participants, keyed by address. */
  names?: Record<string, string>
  /** Disables every control. */
  disabled?: boolean
  /** Rendered at the bottom (e.g. your submit button); receives the editor state. */
  footer?: (editor: UseAllocationEditorReturnType) => ReactNode
}

const DEFAULT_HEADINGS = {
  create: 'Funding',
  close: 'Final allocations',
  redistribute: 'New allocations',
} as const

const MODE_LABELS: Record<AllocationMode, string> = {
  create: 'Fund a new session',
  close: 'Close the session',
  redistribute: 'Update, keep it open',
}

const DEFAULT_MODES: readonly AllocationMode[] = ['close', 'redistribute']

/**
 * Edits allocations per participant and asset. `create`: what each participant commits, checked
 * against balances and your session-key allowance. `close` / `redistribute`: final amounts
 * checked against the session's current totals, with what is left to assign or over-assigned per
 * asset and presets (even split, winner takes all, back to funders, percentage split for two).
 * Amounts are exact decimal strings; no floating point.
 */
export const AllocationEditor = forwardRef<HTMLDivElement, AllocationEditorProps>(
  function AllocationEditor(props, ref) {
    const {
      mode,
      participants: given,
      assets,
      value,
      defaultValue,
      onChange,
      current,
      funded,
      balances,
      allowances,
      you,
      definition,
      onModeChange,
      modes = DEFAULT_MODES,
      heading = DEFAULT_HEADINGS[mode],
      names,
      disabled,
      footer,
      className,
      ...rest
    } = props
    const editor = useAllocationEditor({
      mode,
      participants: given,
      assets,
      value,
      defaultValue,
      onChange,
      current,
      funded,
      balances,
      allowances,
      you,
      definition,
    })
    // One row per participant: repeats are dropped here and reported as an issue by the editor.
    const participants = editor.participants
    const base = useId()
    const headingId = `${base}-heading`
    const [winner, setWinner] = useState(participants[0] ?? '')
    const [percent, setPercent] = useState('50')
    const percentValid = /^\d{1,3}(\.\d{1,2})?$/.test(percent) && Number(percent) <= 100
    const nameOf = (p: string, i: number) => {
      const given = names?.[p]
      const label = given ?? `Participant ${i + 1}`
      return label
    }
    const isYou = (p: string) => !!you && p.toLowerCase() === you.toLowerCase()
    const state = editor.status
    const emptyIssue = editor.generalIssues.find((i) => i.code === 'nothing_entered')

    return (
      // biome-ignore lint/a11y/useSemanticElements: a labelled group around a table and presets; a fieldset would not fit the layout
      <div
        ref={ref}
        {...rest}
        className={cx('nk nk-card nk-allocation-editor', className)}
        data-mode={mode}
        data-state={state}
        role="group"
        aria-labelledby={heading != null ? headingId : undefined}
        aria-label={heading == null ? DEFAULT_HEADINGS[mode] : undefined}
      >
        {heading != null && (
          <h2 className="nk-title" id={headingId}>
            {heading}
          </h2>
        )}
        {onModeChange && (
          // biome-ignore lint/a11y/useSemanticElements: toggle buttons (aria-pressed) for the mode
          <div className="nk-presets" role="group" aria-label="What to do" data-part="modes">
            {modes.map((m) => (
              <button
                key={m}
                type="button"
                className="nk-button"
                aria-pressed={m === mode}
                data-state={m === mode ? 'on' : 'off'}
                disabled={disabled}
                onClick={() => onModeChange(m)}
              >
                {MODE_LABELS[m]}
              </button>
            ))}
          </div>
        )}
        {participants.length === 0 || assets.length === 0 ? (
          <p className="nk-empty">
            {participants.length === 0 ? 'No participants yet.' : 'No assets to allocate.'}
          </p>
        ) : (
          <table className="nk-table nk-alloc-table">
            <thead>
              <tr>
                <th scope="col">Participant</th>
                {assets.map((a) => (
                  <th scope="col" key={a.symbol} className="nk-num">
                    {a.symbol}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {participants.map((p, i) => (
                <tr key={p.trim().toLowerCase()} data-you={isYou(p) || undefined}>
                  <th scope="row">
                    <div>
                      {nameOf(p, i)}
                      {isYou(p) && <span className="nk-you"> (you)</span>}
                    </div>
                    <div className="nk-mono nk-muted" title={p}>
                      {shortAddress(p)}
                    </div>
                  </th>
                  {assets.map((a) => {
                    const cellId = `${base}-${i}-${a.symbol}`
                    const issues = editor.cellIssues(p, a.symbol)
                    const available =
                      mode === 'create' ? editor.availableOf(p, a.symbol) : undefined
                    const errorId = issues.length ? `${cellId}-error` : undefined
                    const hintId = available !== undefined ? `${cellId}-hint` : undefined
                    return (
                      <td key={a.symbol} data-state={issues.length ? 'invalid' : 'valid'}>
                        <label htmlFor={cellId} className="nk-visually-hidden">
                          {`${a.symbol} for ${nameOf(p, i)}${isYou(p) ? ' (you)' : ''}`}
                        </label>
                        <input
                          id={cellId}
                          className="nk-input"
                          inputMode="decimal"
                          autoComplete="off"
                          placeholder="0"
                          value={editor.amountOf(p, a.symbol)}
                          disabled={disabled}
                          aria-invalid={issues.length > 0}
                          aria-describedby={
                            [errorId, hintId].filter(Boolean).join(' ') || undefined
                          }
                          onChange={(e) => editor.setAmount(p, a.symbol, e.target.value)}
                        />
                        {issues.length > 0 && (
                          <p className="nk-error" id={errorId}>
                            {issues.map((x) => x.message).join(' ')}
                          </p>
                        )}
                        {available !== undefined && (
                          <p className="nk-hint" id={hintId}>
                            Available: {available}
                          </p>
                        )}
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
            {editor.conservation !== 'none' && (
              <tfoot>
                <tr>
                  <th scope="row">Session total</th>
                  {editor.totals.map((t) => (
                    <td key={t.asset} className="nk-num">
                      {t.target}
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Assigned</th>
                  {editor.totals.map((t) => (
                    <td key={t.asset} className="nk-num">
                      {t.assigned}
                    </td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Difference</th>
                  {editor.totals.map((t) => (
                    <td key={t.asset} className="nk-num nk-total" data-state={t.state}>
                      {t.state === 'conserved'
                        ? 'Conserved'
                        : t.state === 'under'
                          ? `${t.remaining} left to assign`
                          : `${t.over} over-assigned`}
                    </td>
                  ))}
                </tr>
              </tfoot>
            )}
          </table>
        )}

        {editor.presetsAvailable && participants.length > 0 && (
          <fieldset className="nk-fieldset">
            <legend className="nk-legend">Presets</legend>
            <div className="nk-presets">
              <button
                type="button"
                className="nk-button"
                disabled={disabled}
                onClick={editor.evenSplit}
              >
                Even split
              </button>
              <button
                type="button"
                className="nk-button"
                disabled={disabled}
                onClick={editor.backToFunders}
              >
                Back to funders
              </button>
            </div>
            <div className="nk-row" style={{ alignItems: 'flex-end' }}>
              <div className="nk-field">
                <label className="nk-label" htmlFor={`${base}-winner`}>
                  Winner
                </label>
                <select
                  id={`${base}-winner`}
                  className="nk-select"
                  value={winner}
                  disabled={disabled}
                  onChange={(e) => setWinner(e.target.value)}
                >
                  {participants.map((p, i) => (
                    <option key={p.trim().toLowerCase()} value={p}>
                      {`${nameOf(p, i)}${isYou(p) ? ' (you)' : ''} ${shortAddress(p)}`}
                    </option>
                  ))}
                </select>
              </div>
              <button
                type="button"
                className="nk-button"
                disabled={disabled}
                onClick={() => editor.winnerTakesAll(winner)}
              >
                Winner takes all
              </button>
            </div>
            {participants.length === 2 && (
              <div className="nk-row" style={{ alignItems: 'flex-end' }}>
                <div className="nk-field">
                  <label className="nk-label" htmlFor={`${base}-percent`}>
                    {`% to ${nameOf(participants[0] ?? '', 0)}`}
                  </label>
                  <input
                    id={`${base}-percent`}
                    className="nk-input nk-mono"
                    inputMode="decimal"
                    value={percent}
                    disabled={disabled}
                    aria-invalid={!percentValid}
                    aria-describedby={percentValid ? undefined : `${base}-percent-error`}
                    onChange={(e) => setPercent(e.target.value)}
                  />
                  {!percentValid && (
                    <p className="nk-error" id={`${base}-percent-error`}>
                      Enter a percentage from 0 to 100 (at most 2 decimals).
                    </p>
                  )}
                </div>
                <button
                  type="button"
                  className="nk-button"
                  disabled={disabled || !percentValid}
                  onClick={() => editor.percentageSplit(Number(percent))}
                >
                  Split by percentage
                </button>
              </div>
            )}
          </fieldset>
        )}

        {editor.generalIssues.some((i) => i !== emptyIssue) && (
          <ul className="nk-list" data-part="issues">
            {editor.generalIssues
              .filter((i) => i !== emptyIssue)
              .map((issue) => (
                <li key={`${issue.path}:${issue.code}:${issue.message}`} className="nk-error">
                  {issue.message}
                </li>
              ))}
          </ul>
        )}
        {mode === 'create' && editor.allocations && (
          <p className="nk-hint" data-part="required-signers">
            {(() => {
              const decimals = Object.fromEntries(assets.map((a) => [a.symbol, a.decimals]))
              const { signers } = requiredSigners(
                { participants: [...participants] as `0x${string}`[], weights: [], quorum: 0 },
                editor.allocations,
                'create',
                decimals,
              )
              if (signers.length === 0)
                return 'Nobody commits funds: no signature is needed to create.'
              const who = signers.map((s) => {
                const i = participants.findIndex((p) => p.toLowerCase() === s.wallet.toLowerCase())
                return `${nameOf(s.wallet, i)}${isYou(s.wallet) ? ' (you)' : ''}`
              })
              return `Creating needs a signature from every funder: ${who.join(', ')}.`
            })()}
          </p>
        )}
        <p className="nk-summary" role="status" data-state={state}>
          {state === 'empty'
            ? (emptyIssue?.message ?? 'Nothing entered yet.')
            : state === 'conserved'
              ? 'Conserved: every asset is fully assigned.'
              : state === 'not-conserved'
                ? `Not conserved: ${
                    editor.totals
                      .filter((t) => t.state !== 'conserved')
                      .map((t) =>
                        t.state === 'under'
                          ? `${t.remaining} ${t.asset} left to assign`
                          : `${t.over} ${t.asset} over-assigned`,
                      )
                      .join(', ') || 'fix the amounts'
                  }.`
                : state === 'valid'
                  ? 'Allocations are valid.'
                  : `${editor.issues.length} problem${editor.issues.length === 1 ? '' : 's'} to fix.`}
        </p>
        {footer?.(editor)}
      </div>
    )
  },
)
