import type { Address, Hex } from 'viem'
import type { ClearNodeClient, CollectOptions } from '../connection/types.js'
import {
  AppSessionClosedError,
  NodeRejectedError,
  SignatureCollectionError,
  ValidationError,
} from '../errors.js'
import type { Logger } from '../logger.js'
import type { MessageTransport } from '../transports/types.js'
import type { AppSession, PreparedRequest } from '../types.js'
import type { ResponseFrame } from '../wire/envelope.js'
import type { SignatureCollector } from './collector.js'
import { type PrepareContext, prepareClose, prepareCreate, prepareSubmit } from './prepare.js'
import type { Reads } from './reads.js'
import { sendPrepared } from './send.js'
import type { SessionCache } from './session-cache.js'

/** The client's app-session operations. */
export type Operations = Pick<
  ClearNodeClient,
  | 'prepareCreateAppSession'
  | 'prepareSubmitAppState'
  | 'prepareCloseAppSession'
  | 'sign'
  | 'send'
  | 'createAppSession'
  | 'submitAppState'
  | 'closeAppSession'
> & {
  /** Sends a restored request whose co-signatures completed after a reload (nobody awaits it). */
  finishRestored(prepared: PreparedRequest): Promise<AppSession>
}

/**
 * Creates the app-session operations: prepare (validated against the session as known, read
 * when unknown) → sign → collect co-signatures → send → tell the other participants.
 */
export function createOperations(ctx: {
  me(): Address
  signPayload(payload: string): Promise<Hex>
  prepareContext(): Promise<PrepareContext>
  reads: Reads
  sessions: SessionCache
  remember(session: AppSession): AppSession
  call(id: number, text: string, method: string): Promise<ResponseFrame>
  collector: SignatureCollector
  transport: MessageTransport
  logger: Logger
}): Operations {
  /** The session, if it is open (else `AppSessionClosedError`), with its allocations known. */
  async function openSession(appSessionId: Hex): Promise<AppSession> {
    const known = ctx.sessions.get(appSessionId)
    const session = known?.allocations ? known : await ctx.reads.refreshAppSession(appSessionId)
    if (!session)
      throw new ValidationError([
        {
          path: 'appSessionId',
          code: 'unknown_session',
          message: `Unknown app session ${appSessionId}.`,
        },
      ])
    if (session.status !== 'open')
      throw new AppSessionClosedError({ appSessionId, version: session.version })
    return session
  }

  async function sign<P extends PreparedRequest>(prepared: P): Promise<P> {
    const me = ctx.me()
    if (prepared.signatures.some((s) => s.wallet === me)) return prepared
    const signature = await ctx.signPayload(prepared.payload)
    return { ...prepared, signatures: [...prepared.signatures, { wallet: me, signature }] }
  }

  function send(prepared: PreparedRequest) {
    return sendPrepared({
      prepared,
      call: ctx.call,
      refresh: ctx.reads.refreshAppSession,
      known: ctx.sessions.get,
      remember: ctx.remember,
    })
  }

  /** sign → collect → send → tell the others (the node pushes no `asu` on create or close). */
  async function run<P extends PreparedRequest>(prepared: P, opts: CollectOptions = {}) {
    const me = ctx.me()
    let p = prepared
    if (p.requiredSigners.some((s) => s.wallet === me) || p.method !== 'create_app_session')
      p = await sign(p)
    opts.onProgress?.(p)
    try {
      p = await ctx.collector.collect(p, opts)
    } catch (error) {
      // A co-signer refused because the session is no longer open (our copy was behind, e.g. a
      // retried close that landed): say so precisely.
      if (
        error instanceof SignatureCollectionError &&
        (error.reason === 'refused' || error.reason === 'superseded') &&
        p.method !== 'create_app_session'
      ) {
        const s = await ctx.reads.refreshAppSession(p.appSessionId).catch(() => undefined)
        if (s && s.status !== 'open')
          throw new AppSessionClosedError({
            appSessionId: p.appSessionId,
            version: s.version,
            cause: error,
          })
      }
      throw error
    }
    return sendAndTell(p)
  }

  /** Sends a complete request; everyone hears the outcome and that the session changed. */
  async function sendAndTell(p: PreparedRequest) {
    let session: AppSession
    try {
      session = await send(p)
    } catch (error) {
      // A co-signed request: everyone who was asked hears why it ended (no-op otherwise). When
      // the answer was lost the node may have applied it: the session's state tells.
      ctx.collector.failed(
        p,
        error instanceof NodeRejectedError
          ? { status: 'rejected', reason: `the node refused it: ${error.nodeMessage}` }
          : {
              status: 'superseded',
              reason: 'the answer of the node was lost; re-read the session',
            },
      )
      throw error
    }
    ctx.collector.sent(p)
    ctx.transport
      .send({
        appSessionId: session.appSessionId,
        kind: 'state',
        data: { version: session.version, status: session.status },
      })
      .catch((error) => ctx.logger.debug('state hint not delivered', error))
    return session
  }

  const prepareCreateAppSession: Operations['prepareCreateAppSession'] = async (p) =>
    prepareCreate(await ctx.prepareContext(), p)
  const prepareSubmitAppState: Operations['prepareSubmitAppState'] = async (p) => {
    const session = await openSession(p.appSessionId)
    return prepareSubmit(await ctx.prepareContext(), session, p)
  }
  const prepareCloseAppSession: Operations['prepareCloseAppSession'] = async (p) => {
    const session = await openSession(p.appSessionId)
    return prepareClose(await ctx.prepareContext(), session, p)
  }

  return {
    prepareCreateAppSession,
    prepareSubmitAppState,
    prepareCloseAppSession,
    sign,
    send,
    createAppSession: async (p, opts) => run(await prepareCreateAppSession(p), opts),
    submitAppState: async (p, opts) => run(await prepareSubmitAppState(p), opts),
    closeAppSession: async (p, opts) => run(await prepareCloseAppSession(p), opts),
    finishRestored: sendAndTell,
  }
}
