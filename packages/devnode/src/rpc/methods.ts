import { closeAppSession } from '../app-sessions/close.js'
import { createAppSession } from '../app-sessions/create.js'
import { getAppDefinition, getAppSessions } from '../app-sessions/reads.js'
import { submitAppState } from '../app-sessions/submit.js'
import { authRequest, authVerify } from '../auth/challenge.js'
import { cleanupSessionKeyCache, getSessionKeys, revokeSessionKey } from '../auth/session-keys.js'
import {
  getLedgerBalances,
  getLedgerEntries,
  getLedgerTransactions,
  getUserTag,
} from '../ledger/reads.js'
import { transfer } from '../ledger/transfer.js'
import { relayMessage } from '../relay/relay.js'
import type { Handler } from './context.js'
import { getAssets, getConfig, noChannels } from './info.js'

/** How one RPC method is served. */
export interface MethodSpec {
  /** Computes the response params (or throws an `RpcError`). */
  readonly handler: Handler
  /**
   * `private` methods need an authenticated connection whose wallet was active within 24 h
   * and a fresh (60 s) 13-digit millisecond timestamp; `public` ones need neither.
   */
  readonly access: 'public' | 'private'
  /** Method name of the success response, or `null` for none (the relay echo acknowledges). */
  readonly reply: string | null
  /** Whether the caller's `bu` is pushed after the request, success or not (Go's middleware). */
  readonly pushesBalances: boolean
  /** Served only with relay on; otherwise the method is unknown, as on the 0.5.3 node. */
  readonly relayOnly: boolean
}

interface Options {
  reply?: string | null
  pushesBalances?: boolean
  relayOnly?: boolean
}

function method(
  name: string,
  handler: Handler,
  access: MethodSpec['access'],
  options: Options = {},
): [string, MethodSpec] {
  return [
    name,
    {
      handler,
      access,
      reply: options.reply === undefined ? name : options.reply,
      pushesBalances: options.pushesBalances ?? false,
      relayOnly: options.relayOnly ?? false,
    },
  ]
}

const pushes = { pushesBalances: true }

/** Every RPC method the devnode knows, in one table. */
export const METHODS: ReadonlyMap<string, MethodSpec> = new Map([
  method('ping', () => null, 'public', { reply: 'pong' }),
  method('get_config', getConfig, 'public'),
  method('get_assets', getAssets, 'public'),
  method('get_channels', () => ({ channels: [] }), 'public'),
  method('auth_request', authRequest, 'public', { reply: 'auth_challenge' }),
  method('auth_verify', authVerify, 'public'),
  method('get_user_tag', getUserTag, 'private'),
  method('get_ledger_balances', getLedgerBalances, 'private'),
  method('get_ledger_entries', getLedgerEntries, 'public'),
  method('get_ledger_transactions', getLedgerTransactions, 'public'),
  method('get_rpc_history', () => ({ rpc_entries: [] }), 'private'),
  method('get_session_keys', getSessionKeys, 'private'),
  method('revoke_session_key', revokeSessionKey, 'private'),
  method('transfer', transfer, 'private', pushes),
  method('get_app_definition', getAppDefinition, 'public'),
  method('get_app_sessions', getAppSessions, 'public'),
  method('create_app_session', createAppSession, 'private', pushes),
  method('submit_app_state', submitAppState, 'private', pushes),
  method('close_app_session', closeAppSession, 'private', pushes),
  method('create_channel', noChannels, 'private'),
  method('resize_channel', noChannels, 'private'),
  method('close_channel', noChannels, 'private'),
  method('cleanup_session_key_cache', cleanupSessionKeyCache, 'public'),
  // Authentication is checked by the relay itself (its error order differs from `private`).
  method('message', relayMessage, 'public', { reply: null, relayOnly: true }),
])

/** The methods served by a node with relay on or off. */
export function methodsFor(relay: boolean): ReadonlyMap<string, MethodSpec> {
  return new Map([...METHODS].filter(([, spec]) => relay || !spec.relayOnly))
}
