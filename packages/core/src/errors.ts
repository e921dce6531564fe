import type { ValidationIssue } from './validation/validation.js'

/** Package version reported in error messages. */
export const version = '0.1.0'

/** Options of {@link BaseError}. */
export interface BaseErrorParameters {
  cause?: unknown
  details?: string
  docsPath?: string
  metaMessages?: string[]
}

/**
 * Base of every error thrown by Nitrolite Kit. `shortMessage` is the one-line summary; the full
 * `message` adds meta lines, details and the version.
 */
export class BaseError extends Error {
  override name = 'NitroliteKitError'
  readonly shortMessage: string
  readonly details: string
  readonly docsPath: string | undefined
  readonly metaMessages: string[] | undefined

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const details =
      parameters.details ??
      (parameters.cause instanceof BaseError
        ? parameters.cause.details
        : parameters.cause instanceof Error
          ? parameters.cause.message
          : '')
    const lines = [
      shortMessage,
      ...(parameters.metaMessages?.length ? ['', ...parameters.metaMessages] : []),
      ...(details && details !== shortMessage ? ['', `Details: ${details}`] : []),
      ...(parameters.docsPath ? [`Docs: ${parameters.docsPath}`] : []),
      `Version: @nitrolite-kit/core@${version}`,
    ]
    super(
      lines.join('\n'),
      parameters.cause !== undefined ? { cause: parameters.cause } : undefined,
    )
    this.shortMessage = shortMessage
    this.details = details
    this.docsPath = parameters.docsPath
    this.metaMessages = parameters.metaMessages
  }
}

/** The ClearNode answered with an `error` response. `nodeMessage` is the node's exact text. */
export class NodeRejectedError extends BaseError {
  override name = 'NodeRejectedError'
  readonly nodeMessage: string
  readonly method: string
  constructor(parameters: { method: string; nodeMessage: string }) {
    super(`The ClearNode rejected \`${parameters.method}\`: ${parameters.nodeMessage}`, {
      details: parameters.nodeMessage,
    })
    this.nodeMessage = parameters.nodeMessage
    this.method = parameters.method
  }
}

/** A request got no answer in time. The request may or may not have been applied. */
export class TimeoutError extends BaseError {
  override name = 'TimeoutError'
  readonly method: string
  readonly timeoutMs: number
  constructor(parameters: { method: string; timeoutMs: number; details?: string }) {
    super(`\`${parameters.method}\` got no answer within ${parameters.timeoutMs} ms.`, {
      details: parameters.details,
      metaMessages: [
        'Check the connection, or raise `requestTimeoutMs`. Query the node before retrying a state change.',
      ],
    })
    this.method = parameters.method
    this.timeoutMs = parameters.timeoutMs
  }
}

/** The socket closed while a request was in flight, or no connection is open. */
export class ConnectionLostError extends BaseError {
  override name = 'ConnectionLostError'
  readonly method: string | undefined
  constructor(
    parameters: { method?: string; details?: string } = {},
    /** @internal Wording of a subclass. */
    text?: { shortMessage: string; metaMessages: string[] },
  ) {
    super(
      text?.shortMessage ??
        (parameters.method
          ? `The connection to the ClearNode closed before \`${parameters.method}\` was answered.`
          : 'Not connected to the ClearNode.'),
      {
        details: parameters.details,
        metaMessages: text?.metaMessages ?? [
          'The client reconnects by itself when `reconnect` is on. A state change may have landed: query the node before retrying it.',
        ],
      },
    )
    this.method = parameters.method
  }
}

/**
 * `disconnect()` was called while this was pending: a request (`method`), `connect()`, or a
 * signature collection. A `ConnectionLostError`, so code that handles a lost connection handles
 * it too; the client does not reconnect.
 */
export class ClientDisconnectedError extends ConnectionLostError {
  override name = 'ClientDisconnectedError'
  constructor(parameters: { method?: string; details?: string } = {}) {
    super(parameters, {
      shortMessage: parameters.method
        ? `\`disconnect()\` was called before \`${parameters.method}\` was answered.`
        : '`disconnect()` was called.',
      metaMessages: [
        'Call `connect()` to connect again. A state change may have landed: query the node before retrying it.',
      ],
    })
  }
}

/** Local validation failed before anything was signed or sent. Each issue names its field. */
export class ValidationError extends BaseError {
  override name = 'ValidationError'
  readonly issues: ValidationIssue[]
  constructor(issues: ValidationIssue[], context = 'The request') {
    // One sentence: issue messages lose their own final period ("…; b: too small.", not "..").
    const listed = issues.map((i) => `${i.path}: ${i.message.replace(/\.+$/, '')}`).join('; ')
    super(`${context} is invalid: ${listed}.`, {
      metaMessages: issues.map((i) => `- ${i.path}: ${i.message}`),
    })
    this.issues = issues
  }
}

/** The session key's allowance does not cover the amount it would commit. */
export class AllowanceExceededError extends BaseError {
  override name = 'AllowanceExceededError'
  constructor(parameters: {
    asset: string
    requested: string
    available: string
    cause?: unknown
  }) {
    super(
      `The session key may commit at most ${parameters.available} ${parameters.asset}, but ${parameters.requested} ${parameters.asset} was requested.`,
      {
        cause: parameters.cause,
        metaMessages: [
          'Raise `allowances` on the client (a new session key is authorized), or commit less.',
        ],
      },
    )
  }
}

/** The node does not relay session messages (the 0.5.3 production ClearNode). */
export class RelayUnsupportedError extends BaseError {
  override name = 'RelayUnsupportedError'
  constructor(parameters: { url: string }) {
    super(
      `The ClearNode at ${parameters.url} does not relay session messages (\`unknown method: message\`).`,
      {
        metaMessages: [
          'Pass a `messageTransport` to `createClearNodeClient` that delivers messages another way,',
          'for example your dapp backend (see "Transports" in the @nitrolite-kit/core README),',
          'or `broadcastChannelTransport()` for participants in the same browser.',
        ],
      },
    )
  }
}

/** An amount string is not a valid decimal for its asset. */
export class AmountError extends BaseError {
  override name = 'AmountError'
  readonly code: 'invalid' | 'negative' | 'precision'
  constructor(message: string, code: 'invalid' | 'negative' | 'precision') {
    super(message)
    this.code = code
  }
}

/** Co-signing failed: a participant rejected, or the signatures did not arrive in time. */
export class SignatureCollectionError extends BaseError {
  override name = 'SignatureCollectionError'
  /**
   * `rejected`: a participant declined; `refused`: a participant's client refused the request
   * automatically because it failed its checks (`details` says which); `timeout` (the request
   * expired); `aborted` (the signal; the request stays pending for the others until it expires
   * or is cancelled); `cancelled` by the proposer; `superseded`: the session's version moved or
   * it closed first.
   */
  readonly reason: 'rejected' | 'refused' | 'timeout' | 'aborted' | 'cancelled' | 'superseded'
  constructor(parameters: {
    reason: 'rejected' | 'refused' | 'timeout' | 'aborted' | 'cancelled' | 'superseded'
    collected: number
    required: number
    details?: string
  }) {
    const why = parameters.details ? `: ${parameters.details.replace(/\.$/, '')}` : ''
    super(
      parameters.reason === 'rejected'
        ? `A participant rejected the signature request${why}.`
        : parameters.reason === 'refused'
          ? `A participant's client refused the signature request${why}.`
          : parameters.reason === 'aborted'
            ? 'Signature collection was aborted.'
            : parameters.reason === 'cancelled'
              ? 'The signature request was cancelled.'
              : parameters.reason === 'superseded'
                ? `The signature request was superseded${why}.`
                : `Signatures did not arrive in time: collected weight ${parameters.collected} of ${parameters.required}.`,
      {
        metaMessages: [
          parameters.reason === 'refused'
            ? 'The request does not match the session as that participant knows it. Re-read the session and prepare it again.'
            : 'The other participants must be connected and approve the request. Raise `timeoutMs` to wait longer.',
        ],
      },
    )
    this.reason = parameters.reason
  }
}

/** The session is already closed: a retried close (or a late state) moved nothing. */
export class AppSessionClosedError extends BaseError {
  override name = 'AppSessionClosedError'
  readonly appSessionId: string
  readonly version: number | undefined
  constructor(parameters: { appSessionId: string; version?: number; cause?: unknown }) {
    super(
      `The app session ${parameters.appSessionId} is already closed${parameters.version ? ` (version ${parameters.version})` : ''}; nothing was moved.`,
      {
        cause: parameters.cause,
        metaMessages: [
          'A close whose answer was lost may have landed: read the session (`refreshAppSession`) before retrying.',
        ],
      },
    )
    this.appSessionId = parameters.appSessionId
    this.version = parameters.version
  }
}

/** `approve()` or `reject()` of a signature request that is no longer pending. */
export class SignatureRequestSettledError extends BaseError {
  override name = 'SignatureRequestSettledError'
  /** Where the request stands (`sent`, `cancelled`, `expired`, …; `unknown` if forgotten). */
  readonly status: string
  constructor(parameters: { status: string }) {
    super(`This signature request is no longer pending: it is ${parameters.status}.`, {
      metaMessages: ['Close the dialog; the request it showed was decided elsewhere.'],
    })
    this.status = parameters.status
  }
}
