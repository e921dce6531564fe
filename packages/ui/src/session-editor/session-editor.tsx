'use client'
import { forwardRef, useId, useLayoutEffect, useRef, useState } from 'react'
import { cx } from '../internal/cx.js'
import { Field } from '../internal/field.js'
import { QUORUM_PRESET_LABELS, type SessionDraft } from './session-draft.js'
import {
  PRESET_HINTS,
  PRESETS,
  type SessionEditorProps,
  STATUS_TEXT,
} from './session-editor-props.js'
import { useSessionEditor } from './use-session-editor.js'

export type { SessionEditorProps } from './session-editor-props.js'

/**
 * Edits an app-session definition: application, participants (add, remove, reorder), their votes
 * (weights) and the votes needed (quorum, with presets), and under "Details" the protocol,
 * challenge period and nonce, with the node's rules shown per field in plain language while
 * typing. Addresses are accepted in any casing and shown in checksum casing on blur.
 * Controlled (`value` + `onChange`) or uncontrolled (`defaultValue`).
 */
export const SessionEditor = forwardRef<HTMLDivElement, SessionEditorProps>(function SessionEditor(
  {
    value,
    defaultValue,
    onChange,
    you,
    application,
    heading = 'Session',
    disabled,
    footer,
    className,
    ...rest
  },
  ref,
) {
  const editor = useSessionEditor({ value, defaultValue, onChange, you, application })
  const base = useId()
  const id = (s: string) => `${base}-${s}`
  const listRef = useRef<HTMLOListElement>(null)
  const { draft } = editor
  const messages = (path: string) => editor.issuesAt(path).map((i) => i.message)
  const headingId = id('heading')

  // After add/remove/move, focus follows the row (applied once the new rows are rendered).
  const pendingFocus = useRef<{ index: number; control: string } | null>(null)
  const focusRowControl = (index: number, control: string) => {
    pendingFocus.current = { index, control }
  }
  useLayoutEffect(() => {
    const target = pendingFocus.current
    if (!target) return
    pendingFocus.current = null
    listRef.current
      ?.querySelector<HTMLElement>(
        `[data-row="${target.index}"] [data-control="${target.control}"]`,
      )
      ?.focus()
  })

  const listErrors = [...messages('participants'), ...messages('weights')]
  const detailErrors =
    messages('protocol').length + messages('challenge').length + messages('nonce').length > 0
  const [detailsOpen, setDetailsOpen] = useState(false)

  return (
    // biome-ignore lint/a11y/useSemanticElements: the root holds nested fieldsets; a labelled group keeps one heading
    <div
      ref={ref}
      {...rest}
      className={cx('nk nk-card nk-session-editor', className)}
      data-state={editor.status}
      role="group"
      aria-labelledby={heading != null ? headingId : undefined}
      aria-label={heading == null ? 'Session' : undefined}
    >
      {heading != null && (
        <h2 className="nk-title" id={headingId}>
          {heading}
        </h2>
      )}
      <Field
        id={id('application')}
        label="Application"
        hint={editor.applicationReadOnly ? 'Set by this app.' : undefined}
        errors={messages('application')}
      >
        {(a) => (
          <input
            {...a}
            className="nk-input"
            value={draft.application}
            disabled={disabled}
            readOnly={editor.applicationReadOnly}
            data-readonly={editor.applicationReadOnly || undefined}
            style={
              editor.applicationReadOnly
                ? {
                    background: 'var(--nk-color-surface-muted)',
                    color: 'var(--nk-color-text-muted)',
                  }
                : undefined
            }
            autoComplete="off"
            onChange={(e) => editor.setField('application', e.target.value)}
          />
        )}
      </Field>

      <fieldset
        className="nk-fieldset"
        aria-describedby={listErrors.length ? id('participants-error') : undefined}
      >
        <legend className="nk-legend">Participants</legend>
        <ol className="nk-list" ref={listRef}>
          {draft.participants.map((address, index) => {
            const n = index + 1
            const isYou = index === editor.youIndex
            const addrErrors = messages(`participants.${index}`)
            const weightErrors = messages(`weights.${index}`)
            const invalid = addrErrors.length + weightErrors.length > 0
            return (
              <li
                key={editor.rowKeys[index]}
                className="nk-participant"
                data-row={index}
                data-state={invalid ? 'invalid' : 'valid'}
                data-you={isYou || undefined}
              >
                <Field
                  id={id(`p${index}`)}
                  label={
                    <>
                      Participant {n}
                      {isYou && <span className="nk-you"> (you)</span>}
                    </>
                  }
                  errors={addrErrors}
                >
                  {(a) => (
                    <input
                      {...a}
                      data-control="address"
                      className="nk-input nk-mono"
                      value={address}
                      placeholder="0x…"
                      spellCheck={false}
                      autoComplete="off"
                      disabled={disabled}
                      onChange={(e) => editor.setParticipant(index, e.target.value)}
                      onBlur={() => editor.normalizeParticipant(index)}
                    />
                  )}
                </Field>
                <Field
                  id={id(`w${index}`)}
                  label={`Votes for participant ${n}`}
                  errors={weightErrors}
                  externalErrors
                >
                  {(a) => (
                    <input
                      {...a}
                      data-control="weight"
                      className="nk-input nk-mono"
                      inputMode="numeric"
                      value={draft.weights[index] ?? ''}
                      disabled={disabled}
                      onChange={(e) => editor.setWeight(index, e.target.value)}
                    />
                  )}
                </Field>
                <div className="nk-participant-actions">
                  <button
                    type="button"
                    className="nk-button"
                    data-size="icon"
                    data-control="up"
                    aria-label={`Move participant ${n} up`}
                    disabled={disabled || index === 0}
                    onClick={() => {
                      editor.moveParticipant(index, index - 1)
                      focusRowControl(index - 1, index - 1 === 0 ? 'down' : 'up')
                    }}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="nk-button"
                    data-size="icon"
                    data-control="down"
                    aria-label={`Move participant ${n} down`}
                    disabled={disabled || index === draft.participants.length - 1}
                    onClick={() => {
                      editor.moveParticipant(index, index + 1)
                      focusRowControl(
                        index + 1,
                        index + 1 === draft.participants.length - 1 ? 'up' : 'down',
                      )
                    }}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="nk-button"
                    data-size="icon"
                    data-variant="danger"
                    data-control="remove"
                    aria-label={`Remove participant ${n}`}
                    disabled={disabled}
                    onClick={() => {
                      editor.removeParticipant(index)
                      focusRowControl(Math.max(0, index - 1), 'address')
                    }}
                  >
                    ✕
                  </button>
                </div>
                {weightErrors.length > 0 && (
                  <p className="nk-error nk-participant-error" id={`${id(`w${index}`)}-error`}>
                    {weightErrors.join(' ')}
                  </p>
                )}
              </li>
            )
          })}
        </ol>
        {listErrors.length > 0 && (
          <p className="nk-error" id={id('participants-error')}>
            {listErrors.join(' ')}
          </p>
        )}
        <div>
          <button
            type="button"
            className="nk-button"
            disabled={disabled}
            onClick={() => {
              editor.addParticipant()
              focusRowControl(draft.participants.length, 'address')
            }}
          >
            Add participant
          </button>
        </div>
        <p className="nk-hint" aria-live="polite" data-part="last-change">
          {editor.lastChange}
        </p>
      </fieldset>

      <fieldset className="nk-fieldset">
        <legend className="nk-legend">Who approves changes</legend>
        {/* biome-ignore lint/a11y/useSemanticElements: a group of toggle buttons inside the fieldset */}
        <div className="nk-presets" role="group" aria-label="Approval rule">
          {PRESETS.map((p) => (
            <button
              key={p}
              type="button"
              className="nk-button"
              aria-pressed={editor.preset === p}
              data-state={editor.preset === p ? 'on' : 'off'}
              title={PRESET_HINTS[p]}
              disabled={disabled}
              onClick={() => editor.applyPreset(p)}
            >
              {QUORUM_PRESET_LABELS[p]}
            </button>
          ))}
        </div>
        <Field
          id={id('quorum')}
          label="Votes needed to approve a change"
          hint={`All participants together have ${editor.totalWeight} vote${
            editor.totalWeight === 1 ? '' : 's'
          }. ${PRESET_HINTS[editor.preset]}`}
          errors={messages('quorum')}
        >
          {(a) => (
            <input
              {...a}
              className="nk-input nk-mono"
              inputMode="numeric"
              value={draft.quorum}
              disabled={disabled}
              onChange={(e) => editor.setField('quorum', e.target.value)}
            />
          )}
        </Field>
      </fieldset>

      <details
        className="nk-details"
        open={detailsOpen || detailErrors}
        onToggle={(e) => setDetailsOpen(e.currentTarget.open)}
      >
        <summary>Details (for developers)</summary>
        <p className="nk-hint">
          In the protocol, a participant's votes are its <em>weight</em> and the votes needed are
          the <em>quorum</em>. The <em>challenge period</em> is how long a dispute on chain can
          take; the <em>nonce</em> makes the session id unique.
        </p>
        <div className="nk-row">
          <Field id={id('protocol')} label="Protocol" errors={messages('protocol')}>
            {(a) => (
              <select
                {...a}
                className="nk-select"
                value={draft.protocol}
                disabled={disabled}
                onChange={(e) =>
                  editor.setField('protocol', e.target.value as SessionDraft['protocol'])
                }
              >
                <option value="NitroRPC/0.4">NitroRPC/0.4</option>
                <option value="NitroRPC/0.2">NitroRPC/0.2</option>
              </select>
            )}
          </Field>
          <Field
            id={id('challenge')}
            label="Challenge period (seconds)"
            errors={messages('challenge')}
          >
            {(a) => (
              <input
                {...a}
                className="nk-input nk-mono"
                inputMode="numeric"
                value={draft.challenge}
                disabled={disabled}
                onChange={(e) => editor.setField('challenge', e.target.value)}
              />
            )}
          </Field>
          <Field
            id={id('nonce')}
            label="Nonce"
            hint="Makes the session id unique; generated for you."
            errors={messages('nonce')}
          >
            {(a) => (
              <div className="nk-row" style={{ flexWrap: 'nowrap' }}>
                <input
                  {...a}
                  className="nk-input nk-mono"
                  inputMode="numeric"
                  value={draft.nonce}
                  disabled={disabled}
                  onChange={(e) => editor.setField('nonce', e.target.value)}
                />
                <button
                  type="button"
                  className="nk-button"
                  disabled={disabled}
                  onClick={() => editor.regenerateNonce()}
                >
                  New nonce
                </button>
              </div>
            )}
          </Field>
        </div>
      </details>

      <p className="nk-hint" aria-live="polite" data-part="required-signers">
        {editor.requiredSignersText}
      </p>
      <p className="nk-summary" role="status" data-state={editor.status}>
        {editor.status === 'invalid'
          ? `${editor.issues.length} problem${editor.issues.length === 1 ? '' : 's'} to fix.`
          : STATUS_TEXT[editor.status]}
      </p>
      {footer?.(editor)}
    </div>
  )
})
