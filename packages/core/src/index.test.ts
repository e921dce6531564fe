import { expect, it } from 'vitest'
import * as exports from './index.js'

it('exports', () => {
  expect(Object.keys(exports).sort()).toMatchInlineSnapshot(`
    [
      "AllowanceExceededError",
      "AmountError",
      "AppSessionClosedError",
      "BaseError",
      "ClientDisconnectedError",
      "ClientNotConnectedError",
      "ConnectionLostError",
      "MAX_REQUEST_TTL_MS",
      "NO_PRESENCE",
      "NodeRejectedError",
      "RESTAMP_AFTER_MS",
      "RelayUnsupportedError",
      "SIGN_REQUEST_MAX_AGE_MS",
      "SIGN_REQUEST_MAX_SKEW_MS",
      "SignatureCollectionError",
      "SignatureRequestSettledError",
      "TimeoutError",
      "ValidationError",
      "appSessionsQueryKey",
      "appSessionsQueryOptions",
      "assetsQueryKey",
      "assetsQueryOptions",
      "broadcastChannelTransport",
      "clearNodeRelay",
      "computeAppSessionId",
      "computeEffects",
      "createClearNodeClient",
      "createPresenceTracker",
      "createSessionCache",
      "equalPeers",
      "formatAmount",
      "guardSignRequest",
      "intentIdOf",
      "ledgerBalancesQueryKey",
      "ledgerBalancesQueryOptions",
      "localStorageSessionKeyStore",
      "majority",
      "memorySessionKeyStore",
      "mergeSession",
      "normalizeAmount",
      "parseAmount",
      "presenceOf",
      "requiredSigners",
      "serverControlled",
      "silentLogger",
      "splitByBasisPoints",
      "splitEvenly",
      "sumByAsset",
      "validateAllocations",
      "validateDefinition",
      "verifyKeyCertificate",
      "verifyParticipantSignature",
    ]
  `)
})

it('exports of @nitrolite-kit/core/relay', async () => {
  const relay = await import('./relay.js')
  expect(Object.keys(relay).sort()).toEqual(['standaloneRelay'])
})
