import { plainError } from '../copy/errors.js'

/** Props of {@link PlainErrorNote}. */
export interface PlainErrorNoteProps {
  error: unknown
  me: string
  names: Record<string, string>
  asset?: string
}

/** An error in plain words (an alert), with the exact technical text behind "Details". */
export function PlainErrorNote({ error, me, names, asset }: PlainErrorNoteProps) {
  const plain = plainError(error, { me, names, ...(asset ? { asset } : {}) })
  return (
    <div role="alert" className="error">
      <p className="flush">{plain.text}</p>
      <details className="dev">
        <summary>Details</summary>
        <code>{plain.technical}</code>
      </details>
    </div>
  )
}
