'use client'
import {
  type ComponentPropsWithoutRef,
  forwardRef,
  type ReactNode,
  useCallback,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react'
import { composeEventHandlers } from '../internal/compose-event-handlers.js'
import type { SessionMessage } from '../internal/core.js'
import { cx } from '../internal/cx.js'
import { shortAddress } from '../internal/format.js'

/** Props of {@link MessageLog}. */
export interface MessageLogProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  /** Messages, oldest first. Thousands are fine: only the visible rows are rendered. */
  messages: readonly SessionMessage[]
  /** Row height in px (rows are fixed-height for virtualization). Defaults to `56`. */
  rowHeight?: number
  /** Viewport height in px. Defaults to `320`. */
  height?: number
  /** Extra rows rendered above and below the viewport. Defaults to `8`. */
  overscan?: number
  /** Display names for senders, keyed by address. */
  names?: Record<string, string>
  /** Turns a payload into one line of text. Defaults to `JSON.stringify` for non-strings. */
  formatPayload?: (payload: unknown, message: SessionMessage) => ReactNode
  /** Accessible name of the log. Defaults to `Session messages`. */
  label?: string
  /** Text when there are no messages. */
  emptyText?: ReactNode
  /** Keep scrolled to the newest message while the user is at the bottom. Defaults to `true`. */
  follow?: boolean
}

function defaultFormat(payload: unknown): string {
  if (typeof payload === 'string') return payload
  try {
    return JSON.stringify(payload) ?? String(payload)
  } catch {
    return String(payload)
  }
}

function time(ts: number): string {
  const d = new Date(ts)
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(11, 19)
}

/**
 * A virtualized log of session messages (fixed row height: only visible rows are in the DOM), that
 * follows new messages while scrolled to the bottom and marks your own echoes.
 */
export const MessageLog = forwardRef<HTMLDivElement, MessageLogProps>(function MessageLog(
  {
    messages,
    rowHeight = 56,
    height = 320,
    overscan = 8,
    names,
    formatPayload,
    label = 'Session messages',
    emptyText = 'No messages yet.',
    follow = true,
    className,
    onScroll,
    ...rest
  },
  ref,
) {
  const viewportRef = useRef<HTMLDivElement | null>(null)
  const [scrollTop, setScrollTop] = useState(() =>
    follow ? Math.max(0, messages.length * rowHeight - height) : 0,
  )
  const atBottomRef = useRef(true)
  const total = messages.length * rowHeight

  const setRefs = useCallback(
    (el: HTMLDivElement | null) => {
      viewportRef.current = el
      if (typeof ref === 'function') ref(el)
      else if (ref) ref.current = el
    },
    [ref],
  )

  // Follow the newest message when the user was at the bottom.
  useLayoutEffect(() => {
    const el = viewportRef.current
    if (!el || !follow || !atBottomRef.current) return
    const top = Math.max(0, messages.length * rowHeight - height)
    el.scrollTop = top
    setScrollTop(top)
  }, [messages.length, rowHeight, height, follow])

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan)
  const last = Math.min(messages.length, Math.ceil((scrollTop + height) / rowHeight) + overscan)
  const visible: ReactNode[] = []
  for (let i = first; i < last; i++) {
    const m = messages[i]
    if (!m) continue
    const sender = names?.[m.sender] ?? shortAddress(m.sender)
    visible.push(
      <li
        key={`${i}-${m.id}`}
        className="nk-log-item"
        data-own={m.own}
        aria-posinset={i + 1}
        aria-setsize={messages.length}
        style={{ top: i * rowHeight, height: rowHeight }}
      >
        <div className="nk-log-meta">
          <span className={m.own ? 'nk-you' : undefined}>
            {sender}
            {m.own ? ' (you)' : ''}
          </span>
          <time dateTime={new Date(m.timestamp).toISOString?.()}>{time(m.timestamp)}</time>
        </div>
        <div className="nk-log-body">
          {formatPayload ? formatPayload(m.payload, m) : defaultFormat(m.payload)}
        </div>
      </li>,
    )
  }

  return (
    <div
      {...rest}
      className={cx('nk nk-message-log', className)}
      data-state={messages.length ? 'ready' : 'empty'}
    >
      {messages.length === 0 ? (
        <p className="nk-empty">{emptyText}</p>
      ) : (
        <div
          ref={setRefs}
          className="nk-log-viewport"
          role="log"
          aria-label={label}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable log must be keyboard-focusable (axe scrollable-region-focusable)
          tabIndex={0}
          style={{ height }}
          onScroll={composeEventHandlers(onScroll, (e) => {
            const el = e.currentTarget
            atBottomRef.current = el.scrollTop + height >= total - rowHeight / 2
            setScrollTop(el.scrollTop)
          })}
        >
          <ol className="nk-list" style={{ height: total, position: 'relative', display: 'block' }}>
            {visible}
          </ol>
        </div>
      )}
    </div>
  )
})

/** Props of {@link MessageComposer}. */
export interface MessageComposerProps
  extends Omit<ComponentPropsWithoutRef<'form'>, 'onSubmit' | 'children'> {
  /** Sends the text; may return a promise (the composer shows "Sending…" until it settles). */
  onSend: (text: string) => void | Promise<void>
  /** Disables the composer, e.g. while disconnected. */
  disabled?: boolean
  /** Why it is disabled, shown as a hint. */
  disabledReason?: ReactNode
  /** Label of the text field. Defaults to `Message`. */
  label?: string
  /** Placeholder text. */
  placeholder?: string
  /** Error from the last send (controlled); otherwise errors thrown by `onSend` are shown. */
  error?: Error | string | null
}

/** A text field and send button for session messages. Enter sends; Shift+Enter adds a line. */
export const MessageComposer = forwardRef<HTMLFormElement, MessageComposerProps>(
  function MessageComposer(
    { onSend, disabled, disabledReason, label = 'Message', placeholder, error, className, ...rest },
    ref,
  ) {
    const [text, setText] = useState('')
    const [sending, setSending] = useState(false)
    const [ownError, setOwnError] = useState<string | null>(null)
    const id = `nk-composer-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`
    const shownError = error ? (typeof error === 'string' ? error : error.message) : ownError
    const send = async () => {
      const value = text.trim()
      if (!value || disabled || sending) return
      setSending(true)
      setOwnError(null)
      try {
        await onSend(value)
        setText('')
      } catch (e) {
        setOwnError((e as Error).message || 'Sending failed.')
      } finally {
        setSending(false)
      }
    }
    const describedBy =
      [shownError ? `${id}-error` : null, disabled && disabledReason ? `${id}-hint` : null]
        .filter(Boolean)
        .join(' ') || undefined
    return (
      <form
        ref={ref}
        {...rest}
        className={cx('nk nk-message-composer', className)}
        data-state={sending ? 'sending' : disabled ? 'disabled' : 'idle'}
        onSubmit={(e) => {
          e.preventDefault()
          void send()
        }}
      >
        <label htmlFor={id} className="nk-label nk-visually-hidden">
          {label}
        </label>
        <div className="nk-composer">
          <textarea
            id={id}
            className="nk-textarea"
            rows={1}
            value={text}
            placeholder={placeholder}
            disabled={disabled}
            aria-invalid={!!shownError}
            aria-describedby={describedBy}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault()
                void send()
              }
            }}
          />
          <button
            type="submit"
            className="nk-button"
            data-variant="primary"
            disabled={disabled || sending || text.trim() === ''}
          >
            {sending ? 'Sending…' : 'Send'}
          </button>
        </div>
        {shownError && (
          <p className="nk-error" id={`${id}-error`} role="alert">
            {shownError}
          </p>
        )}
        {disabled && disabledReason && (
          <p className="nk-hint" id={`${id}-hint`}>
            {disabledReason}
          </p>
        )}
      </form>
    )
  },
)
