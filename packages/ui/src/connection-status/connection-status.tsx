import { type ComponentPropsWithoutRef, forwardRef } from 'react'
import type { ConnectionStatus as Status } from '../internal/core.js'
import { cx } from '../internal/cx.js'

const LABELS: Record<Status, string> = {
  disconnected: 'Disconnected',
  connecting: 'Connecting…',
  authenticating: 'Authenticating…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  error: 'Connection error',
}
const TONES: Record<Status, string> = {
  disconnected: 'muted',
  connecting: 'warning',
  authenticating: 'warning',
  connected: 'success',
  reconnecting: 'warning',
  error: 'danger',
}

/** Props of {@link ConnectionStatus}. */
export interface ConnectionStatusProps extends Omit<ComponentPropsWithoutRef<'div'>, 'children'> {
  /** The connection status. */
  status: Status
  /** Node URL shown next to the status. */
  url?: string
  /** Error detail shown when `status` is `error`. */
  error?: Error | string | null
  /** Renders a retry button when given (shown for `error` and `disconnected`). */
  onRetry?: () => void
}

/** The ClearNode connection status as a badge, announced politely to screen readers. */
export const ConnectionStatus = forwardRef<HTMLDivElement, ConnectionStatusProps>(
  function ConnectionStatus({ status, url, error, onRetry, className, ...rest }, ref) {
    return (
      <div ref={ref} {...rest} className={cx('nk nk-connection', className)} data-state={status}>
        <span className="nk-badge" data-tone={TONES[status]} role="status">
          <span className="nk-dot" aria-hidden="true" />
          {LABELS[status]}
        </span>
        {url && <span className="nk-mono nk-muted">{url}</span>}
        {status === 'error' && error && (
          <span className="nk-error">{typeof error === 'string' ? error : error.message}</span>
        )}
        {onRetry && (status === 'error' || status === 'disconnected') && (
          <button type="button" className="nk-button" onClick={onRetry}>
            {status === 'error' ? 'Retry' : 'Connect'}
          </button>
        )}
      </div>
    )
  },
)
