// @nitrolite-kit/test-utils — the helpers every package's tests share (private, unpublished).
// The devnode fixture, tracked processes and Chromium have their own subpaths (`/devnode`,
// `/processes`, `/chromium`) so that a test importing keys loads neither the devnode nor
// Playwright.

// Keys and wallets
export { ALICE, address, BOB, CAROL, KEYS } from './keys.js'
export { localWallet } from './wallet.js'

// Session definitions
export { nextNonce, peersDefinition, type TestDefinition } from './definitions.js'

// Waits
export { until } from './wait.js'

// Loggers
export { recordingLogger, type TestLogger } from './logger.js'
