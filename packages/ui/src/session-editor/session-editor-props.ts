import type { ComponentPropsWithoutRef, ReactNode } from 'react'
import type { QuorumPreset, SessionDraft } from './session-draft.js'
import type { SessionEditorResult, UseSessionEditorReturnType } from './use-session-editor.js'

// The SessionEditor's props and fixed wording.

/** Props of {@link SessionEditor}. */
export interface SessionEditorProps
  extends Omit<ComponentPropsWithoutRef<'div'>, 'onChange' | 'defaultValue' | 'children'> {
  /** Controlled draft (see `createSessionDraft`). */
  value?: SessionDraft
  /** Initial draft when uncontrolled. Defaults to `createSessionDraft()`. */
  defaultValue?: SessionDraft
  /**
   * Called on every edit with the new draft, the definition once valid, and every issue; also
   * once with the initial draft, so what you hold matches the status shown.
   */
  onChange?: (draft: SessionDraft, result: SessionEditorResult) => void
  /**
   * The application name when your dapp fixes it: the field is shown read-only and every draft
   * carries this name. Leave undefined to let the user type it.
   */
  application?: string
  /** The connected wallet; its row is marked "you". */
  you?: string
  /** Heading text. Defaults to `Session`. Pass `null` for none. */
  heading?: ReactNode
  /** Disables every control (e.g. while the request is being signed). */
  disabled?: boolean
  /** Rendered at the bottom (e.g. your submit button); receives the editor state. */
  footer?: (editor: UseSessionEditorReturnType) => ReactNode
}

/** The presets the editor offers, in order. */
export const PRESETS: QuorumPreset[] = ['server-controlled', 'equal-peers', 'majority']

/** One line per preset, in plain words. */
export const PRESET_HINTS: Record<QuorumPreset, string> = {
  'server-controlled': 'The first participant (e.g. a game server) approves changes alone.',
  'equal-peers': 'Everyone has the same vote; everyone must approve.',
  majority: 'Everyone has the same vote; more than half must approve.',
  custom: 'Your own numbers.',
}

/** The status line for a ready and an empty draft. */
export const STATUS_TEXT = {
  valid: 'Ready: the session details are complete.',
  empty: "Enter the participants' addresses to start.",
} as const
