/** ClearNode WebSocket URL: `VITE_CLEARNODE_URL`, else the local devnode. */
export const CLEARNODE_URL: string = import.meta.env.VITE_CLEARNODE_URL || 'ws://127.0.0.1:8000/ws'

/**
 * The durable relay for session messages and signature requests (`VITE_RELAY_URL`, else the
 * devnode's embedded relay at `/relay` on the node's port): what a user missed while away is
 * delivered when they return.
 */
export const RELAY_URL: string =
  import.meta.env.VITE_RELAY_URL || CLEARNODE_URL.replace(/\/ws\/?$/, '/relay')

/** HTTP base of the node (devnode endpoints: /info, /faucet). */
export const NODE_HTTP_URL = CLEARNODE_URL.replace(/^ws/, 'http').replace(/\/ws\/?$/, '')

/** The application name every demo session uses (the session key is scoped to it). */
export const APPLICATION = 'nitrolite-kit-demo'

/** Session-key allowance: the most this tab's key may commit. */
export const ALLOWANCES = [{ asset: 'usdc', amount: '1000' }]

/** How long a signature request waits for the other players (durable: they see it when back). */
export const REQUEST_TIMEOUT_MS = Number(import.meta.env.VITE_REQUEST_TIMEOUT_MS || 10 * 60_000)

/** How long a game waits for the opponent before showing the timeout notice. */
export const MOVE_TIMEOUT_MS = Number(import.meta.env.VITE_MOVE_TIMEOUT_MS || 45_000)
