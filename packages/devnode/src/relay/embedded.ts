// The durable relay the devnode embeds: `@nitrolite-kit/relay` served at `/relay` on the node's
// own port, its membership read from the node's store, its sequenced log in the node's database
// (its own `relay_` tables; a separate `:memory:` database for `:memory:`). The legacy `message`
// relay on `/ws` (relay.ts) is independent of it.
import { createRelay, type RelayEndpoint } from '@nitrolite-kit/relay'
import type { DevnodeLogger } from '../config.js'
import type { Store } from '../db/store.js'
import type { SignatureEngine } from '../util/secp256k1.js'

/** The WebSocket path of the embedded relay. */
export const RELAY_PATH = '/relay'

/** Prefix of the embedded relay's tables in the devnode database (`relay_sessions`, …). */
export const RELAY_TABLE_PREFIX = 'relay_'

/**
 * The embedded relay over `store`: a session's participants are the node's (a create not yet
 * sent is proven by a definition hashing to the sid, as with a standalone relay), and pre-creation
 * sends are limited per wallet to `preCreationRatePerMinute`, like the legacy relay's invitations.
 * Signatures are hashed and recovered on `signatures`, the engine the node's own `/ws` path uses
 * (libsecp256k1 when it loads), with the same checks (the relay package's `recoverRaw`).
 */
export function embedRelay(
  store: Store,
  options: {
    dbPath: string
    preCreationRatePerMinute: number
    logger: DevnodeLogger
    signatures: SignatureEngine
  },
): RelayEndpoint {
  const { logger, signatures } = options
  return createRelay({
    membership: (sid) => store.participantsOf(sid),
    db: options.dbPath,
    tablePrefix: RELAY_TABLE_PREFIX,
    preCreationRatePerMinute: options.preCreationRatePerMinute,
    signatures,
    logger: {
      debug: (m, meta) => logger.debug(`relay: ${m}`, meta),
      info: (m, meta) => logger.info(`relay: ${m}`, meta),
      warn: (m, meta) => logger.warn(`relay: ${m}`, meta),
      error: (m, meta) => logger.error(`relay: ${m}`, meta),
    },
  })
}
