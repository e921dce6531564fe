// ---------- theming ----------

// ---------- allocation editor ----------
export {
  AllocationEditor,
  type AllocationEditorProps,
} from './allocation-editor/allocation-editor.js'
export type { AllocationAsset } from './allocation-editor/allocation-math.js'
export {
  type AllocationEditorResult,
  type AllocationMode,
  type AssetTotal,
  analyzeAllocations,
  type UseAllocationEditorParameters,
  type UseAllocationEditorReturnType,
  useAllocationEditor,
} from './allocation-editor/use-allocation-editor.js'
export { BalanceList, type BalanceListProps } from './balance-list/balance-list.js'
export {
  ConnectionStatus,
  type ConnectionStatusProps,
} from './connection-status/connection-status.js'
// ---------- messages ----------
export {
  MessageComposer,
  type MessageComposerProps,
  MessageLog,
  type MessageLogProps,
} from './message-log/message-log.js'
// ---------- sessions, balances, connection ----------
export {
  SessionCard,
  type SessionCardProps,
  SessionList,
  type SessionListProps,
} from './session-card/session-card.js'
export {
  analyzeSessionDraft,
  applyQuorumPreset,
  createSessionDraft,
  DEFAULT_CHALLENGE,
  describeRequiredSigners,
  detectQuorumPreset,
  draftFromDefinition,
  generateNonce,
  type QuorumPreset,
  type SessionDraft,
  type SessionDraftAnalysis,
} from './session-editor/session-draft.js'
// ---------- session editor ----------
export {
  SessionEditor,
  type SessionEditorProps,
} from './session-editor/session-editor.js'
export {
  type SessionEditorResult,
  type UseSessionEditorParameters,
  type UseSessionEditorReturnType,
  useSessionEditor,
} from './session-editor/use-session-editor.js'
// ---------- signing ----------
export {
  SignatureRequestReview,
  type SignatureRequestReviewProps,
  type SignatureRequestState,
} from './signature-request/signature-request-review.js'
export {
  darkTheme,
  lightTheme,
  NitroliteThemeProvider,
  type NitroliteThemeProviderProps,
  type Theme,
  type ThemeVars,
  themeToStyle,
  themeVarNames,
} from './theme.js'
