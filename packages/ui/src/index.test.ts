import { expect, it } from 'vitest'
import * as ui from './index.js'

it('exports exactly the public API', () => {
  expect(Object.keys(ui).sort()).toMatchInlineSnapshot(`
    [
      "AllocationEditor",
      "BalanceList",
      "ConnectionStatus",
      "DEFAULT_CHALLENGE",
      "MessageComposer",
      "MessageLog",
      "NitroliteThemeProvider",
      "SessionCard",
      "SessionEditor",
      "SessionList",
      "SignatureRequestReview",
      "addParticipantToDraft",
      "analyzeAllocations",
      "analyzeSessionDraft",
      "applyQuorumPreset",
      "createSessionDraft",
      "darkTheme",
      "describeRequiredSigners",
      "detectQuorumPreset",
      "draftFromDefinition",
      "generateNonce",
      "lightTheme",
      "removeParticipantFromDraft",
      "themeToStyle",
      "themeVarNames",
      "useAllocationEditor",
      "useSessionEditor",
    ]
  `)
})
