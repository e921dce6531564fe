import type { Address, Hex } from 'viem'
import type { TransportMessage } from '../transports/types.js'
import type { AppSession, SessionMessage } from '../types.js'
import type { SignatureCollector } from './collector.js'
import type { SignatureRequest } from './incoming.js'
import type { IncomingRequests } from './incoming-requests.js'

/**
 * Routes what the transport delivers: app messages to listeners, sign requests through the
 * incoming checks to `onSignatureRequest` (the auto-sign policy, else the user), co-signers'
 * answers to the collector, and state hints to a re-read of the session. Returns the listener.
 */
export function createInbox(ctx: {
  me(): Address | undefined
  known(appSessionId: Hex): AppSession | undefined
  incoming: IncomingRequests
  collector: SignatureCollector
  /** Re-reads a session from the node (errors are the callee's to log). */
  refresh(appSessionId: Hex): void
  onMessage(message: SessionMessage): void
  onSignatureRequest(request: SignatureRequest): void
  onError(error: Error): void
}): (message: TransportMessage) => void {
  // Requests and what follows them (signatures, outcomes) are handled in delivery order: a
  // resume that replays a request and its outcome settles it, never offers it.
  let queue: Promise<unknown> = Promise.resolve()
  const inOrder = (f: () => unknown) => {
    queue = queue.then(f).catch(ctx.onError)
  }
  return (m) => {
    const me = ctx.me()
    switch (m.kind) {
      case 'app':
        ctx.onMessage({
          appSessionId: m.appSessionId,
          id: m.id,
          sender: m.sender,
          payload: m.data,
          timestamp: m.timestamp,
          own: m.sender === me,
        })
        // A message from a session this client does not know yet: read it.
        if (me && !ctx.known(m.appSessionId)) ctx.refresh(m.appSessionId)
        break
      case 'sign_request': {
        if (!me || m.sender === me) break
        // The guard runs first: only a request that passed reaches the policy or the user.
        inOrder(async () => {
          const request = await ctx.incoming.receive(m, me)
          if (!request) return
          ctx.onSignatureRequest(request)
        })
        break
      }
      case 'signature': {
        const d = m.data as { requestId: Hex; signature: Hex; certificate?: unknown } | null
        if (!d || typeof d.requestId !== 'string' || typeof d.signature !== 'string') break
        ctx.collector.onSignature(d.requestId, m.sender, d.signature, d.certificate)
        // Everyone sees who has signed (each signature is verified first); this user's own
        // answer from another tab or device answers the request here too.
        inOrder(() => ctx.incoming.onSignature(d.requestId, m.sender, d.signature, d.certificate))
        break
      }
      case 'sign_reject': {
        const d = m.data as { requestId: Hex; reason?: unknown; refused?: unknown } | null
        if (d && m.sender === me) inOrder(() => ctx.incoming.onOwnReject(d.requestId))
        if (d && m.sender !== me)
          ctx.collector.onReject(
            d.requestId,
            m.sender,
            typeof d.reason === 'string' ? d.reason : 'rejected',
            d.refused === true,
          )
        break
      }
      case 'sign_outcome':
        if (m.sender !== me) inOrder(() => ctx.incoming.onOutcome(m))
        break
      case 'state':
        // A peer says the session changed (create/close send no `asu`): re-read it from the node.
        if (me && m.sender !== me) ctx.refresh(m.appSessionId)
        break
    }
  }
}
