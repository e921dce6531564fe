import { expect, it } from 'vitest'
import * as exports from './index.js'

it('exports', () => {
  expect(Object.keys(exports).sort()).toMatchInlineSnapshot(`
    [
      "AllowanceExceededError",
      "AmountError",
      "AppSessionClosedError",
      "BaseError",
      "ConnectionLostError",
      "NodeRejectedError",
      "RelayUnsupportedError",
      "SignatureCollectionError",
      "TimeoutError",
      "ValidationError",
      "broadcastChannelTransport",
      "clearNodeRelay",
      "computeAppSessionId",
      "createClearNodeClient",
      "createSessionCache",
      "formatAmount",
      "localStorageSessionKeyStore",
      "memorySessionKeyStore",
      "mergeSession",
      "normalizeAmount",
      "parseAmount",
      "requiredSigners",
      "silentLogger",
      "splitByBasisPoints",
      "splitEvenly",
      "sumByAsset",
      "validateAllocations",
      "validateDefinition",
    ]
  `)
})
