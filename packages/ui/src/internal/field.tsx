import type { ReactNode } from 'react'
import { cx } from './cx.js'

/** Accessibility attributes a {@link Field} hands to its control. @internal */
export interface FieldControlProps {
  id: string
  'aria-invalid': boolean
  'aria-describedby': string | undefined
}

/** Props of {@link Field}. @internal */
export interface FieldProps {
  id: string
  label: ReactNode
  hint?: ReactNode
  errors?: string[]
  className?: string
  /** Hide the label visually (still read by screen readers). */
  hideLabel?: boolean
  /** The caller renders the errors itself, in an element with id `${id}-error`. */
  externalErrors?: boolean
  children: (control: FieldControlProps) => ReactNode
}

/**
 * Label + control + hint + errors, wired with `aria-invalid` and `aria-describedby`.
 * @internal
 */
export function Field({
  id,
  label,
  hint,
  errors = [],
  className,
  hideLabel,
  externalErrors,
  children,
}: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = errors.length > 0 ? `${id}-error` : undefined
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined
  return (
    <div className={cx('nk-field', className)} data-state={errors.length > 0 ? 'invalid' : 'valid'}>
      <label htmlFor={id} className={cx('nk-label', hideLabel && 'nk-visually-hidden')}>
        {label}
      </label>
      {children({ id, 'aria-invalid': errors.length > 0, 'aria-describedby': describedBy })}
      {errors.length > 0 && !externalErrors && (
        <p id={errorId} className="nk-error">
          {errors.join(' ')}
        </p>
      )}
      {hint && (
        <p id={hintId} className="nk-hint">
          {hint}
        </p>
      )}
    </div>
  )
}
