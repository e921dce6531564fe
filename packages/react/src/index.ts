// ---------------------------------------------------------------- provider & store

// ---------------------------------------------------------------- connectors
export { type BurnerConnectorParameters, burnerConnector } from './burner-connector.js'
// ---------------------------------------------------------------- errors
export { ClientNotConnectedError, NitroliteProviderNotFoundError } from './errors.js'
export {
  type CloseAppSessionVariables,
  type CreateAppSessionVariables,
  type SendMessageVariables,
  type SigningProgress,
  type SubmitAppStateVariables,
  type UseAppSessionMutationReturnType,
  type UseCloseAppSessionParameters,
  type UseCreateAppSessionParameters,
  type UseSendMessageParameters,
  type UseSubmitAppStateParameters,
  useCloseAppSession,
  useCreateAppSession,
  useSendMessage,
  useSubmitAppState,
} from './hooks/use-mutations.js'

// ---------------------------------------------------------------- hooks
export {
  type UseConnectionStatusReturnType,
  useConnectionStatus,
  useNitroliteClient,
  useNitroliteStore,
} from './hooks/use-nitrolite.js'
export {
  type UseAppSessionsParameters,
  type UseAssetsParameters,
  type UseLedgerBalancesParameters,
  type UseLedgerBalancesReturnType,
  useActiveSessions,
  useAppSession,
  useAppSessions,
  useAssets,
  useLedgerBalances,
  useSessionHistory,
} from './hooks/use-queries.js'
export {
  type UseSessionMessagesParameters,
  type UseSessionMessagesReturnType,
  useSessionMessages,
  useSignatureRequests,
} from './hooks/use-session-messages.js'
export { NitroliteProvider, type NitroliteProviderProps } from './provider.js'

// ---------------------------------------------------------------- query options
export {
  appSessionsQueryKey,
  appSessionsQueryOptions,
  assetsQueryKey,
  assetsQueryOptions,
  type BalancesQueryKey,
  balancesQueryKey,
  balancesQueryOptions,
} from './queries.js'
export {
  type CreateNitroliteStoreParameters,
  createNitroliteStore,
  type NitroliteState,
  type NitroliteStore,
  type StateStorage,
} from './store.js'
