import type { SignatureCollector } from './collector.js'
import type { IncomingRequests } from './incoming-requests.js'
import type {
  OutgoingSignatureRequest,
  RequestBook,
  RequestEntry,
  SignatureRequestList,
} from './request-book.js'

/** The proposer's view of an outgoing entry, with `cancel()`. */
function toOutgoing(e: RequestEntry, collector: SignatureCollector): OutgoingSignatureRequest {
  return {
    id: e.id,
    intentId: e.intentId,
    appSessionId: e.appSessionId,
    method: e.method,
    status: e.status,
    outcome: e.outcome,
    createdAt: e.createdAt,
    expiresAt: e.expiresAt,
    signers: e.signers,
    quorum: e.quorum,
    collected: e.signers.reduce((n, s) => n + (s.signed ? s.weight : 0), 0),
    async cancel(reason) {
      collector.cancel(e.intentId, reason)
    },
  }
}

/** Every request the book holds, in and out, newest first, as the public types show them. */
export function requestList(
  book: RequestBook,
  incoming: IncomingRequests,
  collector: SignatureCollector,
): SignatureRequestList {
  const all = book.list().sort((a, b) => b.createdAt - a.createdAt)
  return {
    incoming: all.flatMap((e) => incoming.toRequest(e) ?? []),
    outgoing: all.filter((e) => e.role === 'outgoing').map((e) => toOutgoing(e, collector)),
  }
}
