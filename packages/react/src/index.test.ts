import { expect, it } from 'vitest'
import * as exports from './index.js'

it('exports', () => {
  expect(Object.keys(exports).sort()).toMatchInlineSnapshot(`
    [
      "NitroliteProvider",
      "NitroliteProviderNotFoundError",
      "burnerConnector",
      "createNitroliteStore",
      "useActiveSessions",
      "useAppSession",
      "useAppSessions",
      "useAssets",
      "useCloseAppSession",
      "useConnectionStatus",
      "useCreateAppSession",
      "useLedgerBalances",
      "useNitroliteClient",
      "useNitroliteStore",
      "useOutgoingSignatureRequests",
      "usePresence",
      "useSendMessage",
      "useSessionHistory",
      "useSessionMessages",
      "useSignatureRequests",
      "useSubmitAppState",
    ]
  `)
})
