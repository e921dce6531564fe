// The public surface of @nitrolite-kit/ui, grouped by component. Export order is curated by
// hand (biome's import sorting is off for entry files), so each banner heads its own group.

// ---------- theming ----------
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

// ---------- session editor ----------
export {
  SessionEditor,
  type SessionEditorProps,
} from './session-editor/session-editor.js'
export {
  type SessionEditorResult,
  type SessionEditorStatus,
  type UseSessionEditorParameters,
  type UseSessionEditorReturnType,
  useSessionEditor,
} from './session-editor/use-session-editor.js'
export {
  analyzeSessionDraft,
  applyQuorumPreset,
  createSessionDraft,
  DEFAULT_CHALLENGE,
  describeRequiredSigners,
  detectQuorumPreset,
  draftFromDefinition,
  generateNonce,
  addParticipantToDraft,
  type QuorumPreset,
  removeParticipantFromDraft,
  type SessionDraft,
  type SessionDraftAnalysis,
} from './session-editor/session-draft.js'

// ---------- allocation editor ----------
export {
  AllocationEditor,
  type AllocationEditorProps,
} from './allocation-editor/allocation-editor.js'
export {
  type AllocationEditorResult,
  type AllocationEditorStatus,
  type AllocationMode,
  type AssetTotal,
  analyzeAllocations,
  type UseAllocationEditorParameters,
  type UseAllocationEditorReturnType,
  useAllocationEditor,
} from './allocation-editor/use-allocation-editor.js'
export type { AllocationAsset } from './allocation-editor/allocation-math.js'

// ---------- sessions, balances, connection ----------
export {
  SessionCard,
  type SessionCardProps,
  SessionList,
  type SessionListProps,
} from './session-card/session-card.js'
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

// ---------- signing ----------
export {
  SignatureRequestReview,
  type SignatureRequestReviewProps,
  type SignatureRequestState,
} from './signature-request/signature-request-review.js'
