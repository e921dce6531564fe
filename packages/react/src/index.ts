// @nitrolite-kit/react: React hooks over @nitrolite-kit/core.
//
// The one rule for what a hook returns:
// - Reads of node data that a hook FETCHES (ledger balances, assets, a participant's app
//   sessions) return a TanStack `UseQueryResult`; their keys and options come from core's
//   query factories (`ledgerBalancesQueryOptions`, …), imported from `@nitrolite-kit/core`.
// - LIVE state that the connection PUSHES into the provider's store (connection status, the
//   client, active sessions, one session, session history, messages, signature requests)
//   returns plain store values through selectors.
// - Writes return a TanStack `UseMutationResult` (app-session writes add signing `progress`).
//
// Every hook takes one parameters object (default `{}`) and exports its `UseXParameters` and
// `UseXReturnType`.

export { type BurnerConnectorParameters, burnerConnector } from './burner-connector.js'
export { NitroliteProviderNotFoundError } from './errors.js'
export {
  type UseActiveSessionsParameters,
  type UseActiveSessionsReturnType,
  useActiveSessions,
} from './hooks/use-active-sessions.js'
export {
  type UseAppSessionParameters,
  type UseAppSessionReturnType,
  useAppSession,
} from './hooks/use-app-session.js'
export {
  type UseAppSessionsParameters,
  type UseAppSessionsReturnType,
  useAppSessions,
} from './hooks/use-app-sessions.js'
export {
  type UseAssetsParameters,
  type UseAssetsReturnType,
  useAssets,
} from './hooks/use-assets.js'
export {
  type CloseAppSessionVariables,
  type UseCloseAppSessionParameters,
  type UseCloseAppSessionReturnType,
  useCloseAppSession,
} from './hooks/use-close-app-session.js'
export {
  type UseConnectionStatusParameters,
  type UseConnectionStatusReturnType,
  useConnectionStatus,
} from './hooks/use-connection-status.js'
export {
  type CreateAppSessionVariables,
  type UseCreateAppSessionParameters,
  type UseCreateAppSessionReturnType,
  useCreateAppSession,
} from './hooks/use-create-app-session.js'
export {
  type UseLedgerBalancesParameters,
  type UseLedgerBalancesReturnType,
  useLedgerBalances,
} from './hooks/use-ledger-balances.js'
export {
  type UseNitroliteClientParameters,
  type UseNitroliteClientReturnType,
  useNitroliteClient,
} from './hooks/use-nitrolite-client.js'
export {
  type UseNitroliteStoreParameters,
  type UseNitroliteStoreReturnType,
  useNitroliteStore,
} from './hooks/use-nitrolite-store.js'
export {
  type SendMessageVariables,
  type UseSendMessageParameters,
  type UseSendMessageReturnType,
  useSendMessage,
} from './hooks/use-send-message.js'
export {
  type UseSessionHistoryParameters,
  type UseSessionHistoryReturnType,
  useSessionHistory,
} from './hooks/use-session-history.js'
export {
  type UseSessionMessagesParameters,
  type UseSessionMessagesReturnType,
  useSessionMessages,
} from './hooks/use-session-messages.js'
export {
  type UseSignatureRequestsParameters,
  type UseSignatureRequestsReturnType,
  useSignatureRequests,
} from './hooks/use-signature-requests.js'
export {
  type UseOutgoingSignatureRequestsParameters,
  type UseOutgoingSignatureRequestsReturnType,
  useOutgoingSignatureRequests,
} from './hooks/use-outgoing-signature-requests.js'
export {
  type UsePresenceParameters,
  type UsePresenceReturnType,
  usePresence,
} from './hooks/use-presence.js'
export {
  type SubmitAppStateVariables,
  type UseSubmitAppStateParameters,
  type UseSubmitAppStateReturnType,
  useSubmitAppState,
} from './hooks/use-submit-app-state.js'
export { NitroliteProvider, type NitroliteProviderProps } from './provider.js'
export {
  type CreateNitroliteStoreParameters,
  createNitroliteStore,
  type NitroliteState,
  type NitroliteStore,
  type StateStorage,
} from './store.js'
export type {
  SigningProgress,
  UseAppSessionMutationReturnType,
} from './utils/app-session-mutation.js'
