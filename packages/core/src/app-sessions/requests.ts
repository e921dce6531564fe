import type { Address, Hex } from 'viem'
import type { KeyCertificate } from '../auth/key-certificate.js'
import type { Emitter } from '../connection/events.js'
import type { ClearNodeClientEvents } from '../connection/types.js'
import type { Logger } from '../logger.js'
import type { MessageTransport } from '../transports/types.js'
import type { Allowance, AppSession, PreparedRequest } from '../types.js'
import { createSignatureCollector } from './collector.js'
import type { AutoSignPolicy, SignatureRequest } from './incoming.js'
import { createIncomingRequests } from './incoming-requests.js'
import { restampSigned } from './intents.js'
import type { Reads } from './reads.js'
import { createRequestBook, type KeyValueStorage } from './request-book.js'
import { requestList } from './request-list.js'

/**
 * The client's durable signature requests: the book (persisted per wallet), the collector of
 * this user's own requests and the table of the ones others send, wired to the client's events.
 */
export function createSignatureRequests(deps: {
  storage: KeyValueStorage | undefined
  restampAfterMs: number | undefined
  autoSign: AutoSignPolicy | undefined
  allowances: Allowance[]
  transport: MessageTransport
  /** The authenticated wallet, if any. */
  me(): Address | undefined
  /** The authenticated wallet (throws when not connected). */
  wallet(): Address
  certificate(): KeyCertificate | undefined
  sign(payload: string): Promise<Hex>
  nextId(): number
  session(appSessionId: Hex, fresh: boolean): Promise<AppSession | undefined>
  reads: Reads
  /** Sends a restored request whose co-signatures completed after a reload. */
  complete(prepared: PreparedRequest): Promise<unknown>
  events: Emitter<ClearNodeClientEvents>
  logger: Logger
}) {
  const { events, logger, transport } = deps
  const book = createRequestBook({
    storage: deps.storage,
    onChange: () => events.emit('signatureRequests', list()),
  })
  const collector = createSignatureCollector({
    transport: () => transport,
    book,
    me: deps.me,
    restamp: (p) => restampSigned(p, deps.nextId(), deps.wallet(), deps.sign),
    sign: deps.sign,
    complete: deps.complete,
    onInvalid: (wallet) =>
      logger.warn(`dropped a signature in ${wallet}'s name that does not verify`),
    onError: (error) => logger.warn('signature request traffic failed', error),
    restampAfterMs: deps.restampAfterMs,
  })
  const incoming = createIncomingRequests({
    book,
    me: deps.me,
    session: deps.session,
    decimals: deps.reads.decimals,
    balances: () => deps.reads.getLedgerBalances(),
    allowances: deps.allowances,
    sign: deps.sign,
    certificate: deps.certificate,
    reply: (m, kind, data, definition) =>
      transport.send({ appSessionId: m.appSessionId, kind, data, definition }),
    settled: (id, outcome) => events.emit('signatureRequestSettled', { id, outcome }),
    refused: (info) => {
      logger.warn(`refused a sign request from ${info.from}: ${info.reason}`)
      events.emit('signatureRequestRefused', info)
    },
  })
  const list = () => requestList(book, incoming, collector)
  /** A request that passed the guard: signed by the auto-sign policy, or offered to the user. */
  const offer = (request: SignatureRequest) => {
    if (deps.autoSign?.(request)) void request.approve().catch(() => {})
    else events.emit('signatureRequest', request)
  }
  return { book, collector, incoming, list, offer }
}
