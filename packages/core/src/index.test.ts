import { expect, it } from 'vitest'
import * as exports from './index.js'

it('exports', () => {
  expect(Object.keys(exports).sort()).toMatchInlineSnapshot(`
    [
      "AllowanceExceededError",
      "AmountError",
      "AppSessionClosedError",
      "BaseError",
      "ClientNotConnectedError",
      "ConnectionLostError",
      "NodeRejectedError",
      "RelayUnsupportedError",
      "SignatureCollectionError",
      "TimeoutError",
      "ValidationError",
      "appSessionsQueryKey",
      "appSessionsQueryOptions",
      "assetsQueryKey",
      "assetsQueryOptions",
      "broadcastChannelTransport",
      "clearNodeRelay",
      "computeAppSessionId",
      "createClearNodeClient",
      "formatAmount",
      "ledgerBalancesQueryKey",
      "ledgerBalancesQueryOptions",
      "localStorageSessionKeyStore",
      "memorySessionKeyStore",
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
