// Who may send to and receive from a session: its participants, read from the ClearNode with the
// public `get_app_definition` (or from an injected lookup, e.g. the devnode's own store; cached:
// a session's participants never change), or before the session exists, from a definition that
// hashes to its id.
import {
  createGetAppDefinitionMessageV2,
  parseAnyRPCResponse,
  type RPCResponse,
} from '@erc7824/nitrolite'
import WebSocket from 'ws'
import { RelayError } from './errors.js'
import { appSessionId, type GoDefinition } from './go-json.js'
import { type RelayLogger, silentLogger } from './logger.js'

/** The participants of a session and whether it exists on the node yet. */
export interface Members {
  participants: string[]
  /** `true` when the node does not know the session yet (a create being co-signed). */
  preCreation: boolean
}

/**
 * Where {@link Membership} reads a session's participants when it is not reading them from a
 * ClearNode over WebSocket: the participants of the session `sid`, or `undefined` when there is
 * no such session (yet). A throw means "unavailable" (the send is refused and can be retried).
 */
export type ParticipantsLookup = (
  sid: string,
) => readonly string[] | undefined | Promise<readonly string[] | undefined>

/** The Go node's answer for an unknown id (protocol.md §4.6). */
const NOT_FOUND = 'failed to get application session'

/**
 * Reads session participants from a ClearNode over one lazily opened WebSocket, or from a
 * {@link ParticipantsLookup}.
 */
export class Membership {
  private ws: WebSocket | undefined
  private opening: Promise<WebSocket> | undefined
  private readonly pending = new Map<
    number,
    { resolve(r: RPCResponse): void; reject(e: Error): void; timer: NodeJS.Timeout }
  >()
  private readonly cache = new Map<string, string[]>()
  private nextId = 1
  private closed = false

  /** The ClearNode asked, when the participants come from one (else `undefined`). */
  readonly clearnodeUrl: string | undefined
  private readonly lookup: ParticipantsLookup | undefined

  /**
   * Asks the ClearNode at `source` (a WebSocket URL; a lookup fails after `timeoutMs`), or calls
   * `source` when it is a {@link ParticipantsLookup}.
   */
  constructor(
    source: string | ParticipantsLookup,
    private readonly options: { timeoutMs?: number; logger?: RelayLogger; cacheSize?: number } = {},
  ) {
    if (typeof source === 'string') this.clearnodeUrl = source
    else this.lookup = source
  }

  /**
   * The members of `sid`. Sessions on the node are cached. For one the node does not know,
   * `definition` (or `known`, participants a definition proved earlier) must hash to `sid`;
   * otherwise a {@link RelayError} says what is missing.
   */
  async resolve(sid: string, definition?: GoDefinition, known?: string[]): Promise<Members> {
    const cached = this.cache.get(sid)
    if (cached) return { participants: cached, preCreation: false }
    const onNode = await this.fromNode(sid)
    if (onNode) {
      if (this.cache.size >= (this.options.cacheSize ?? 10_000)) {
        const oldest = this.cache.keys().next().value
        if (oldest !== undefined) this.cache.delete(oldest)
      }
      this.cache.set(sid, onNode)
      return { participants: onNode, preCreation: false }
    }
    if (definition) {
      if (appSessionId(definition) !== sid)
        throw new RelayError(`definition does not hash to app session ${sid}`)
      return { participants: definition.participants, preCreation: true }
    }
    if (known) return { participants: known, preCreation: true }
    throw new RelayError(
      `app session ${sid} not found on the ClearNode: send its definition with the message`,
    )
  }

  /** The participants the node lists for `sid`, or `undefined` when it has no such session. */
  private async fromNode(sid: string): Promise<string[] | undefined> {
    if (this.lookup) {
      try {
        const found = await this.lookup(sid)
        return found ? [...found] : undefined
      } catch (error) {
        this.options.logger?.warn(`participants lookup of ${sid} failed`, error)
        throw new RelayError('membership unavailable: the participants lookup failed')
      }
    }
    const id = this.nextId++
    let res: RPCResponse
    try {
      const ws = await this.open()
      res = await new Promise<RPCResponse>((resolve, reject) => {
        const timer = setTimeout(() => {
          this.pending.delete(id)
          reject(new Error(`no answer within ${this.options.timeoutMs ?? 5000} ms`))
        }, this.options.timeoutMs ?? 5000)
        this.pending.set(id, { resolve, reject, timer })
        ws.send(createGetAppDefinitionMessageV2(sid as `0x${string}`, id, Date.now()))
      })
    } catch (error) {
      this.options.logger?.warn(`get_app_definition ${sid} failed`, error)
      throw new RelayError(
        `membership unavailable: the ClearNode did not answer get_app_definition`,
      )
    }
    if (res.method === 'error') {
      const message = (res.params as { error?: string }).error
      if (message === NOT_FOUND) return undefined
      throw new RelayError(`membership unavailable: the ClearNode answered ${String(message)}`)
    }
    return (res.params as { participants: string[] }).participants
  }

  private open(): Promise<WebSocket> {
    if (this.closed) return Promise.reject(new Error('closed'))
    if (this.ws?.readyState === WebSocket.OPEN) return Promise.resolve(this.ws)
    this.opening ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(this.clearnodeUrl as string)
      this.ws = ws
      ws.on('open', () => {
        this.opening = undefined
        resolve(ws)
      })
      ws.on('message', (data) => this.onText(String(data)))
      ws.on('error', (error) =>
        (this.options.logger ?? silentLogger).warn('ClearNode socket error', error),
      )
      ws.on('close', () => {
        if (this.ws === ws) this.ws = undefined
        if (this.opening) {
          this.opening = undefined
          reject(new Error('ClearNode connection closed'))
        }
        for (const [id, p] of this.pending) {
          clearTimeout(p.timer)
          p.reject(new Error('ClearNode connection closed'))
          this.pending.delete(id)
        }
      })
    })
    return this.opening
  }

  private onText(text: string): void {
    let res: RPCResponse
    try {
      res = parseAnyRPCResponse(text)
    } catch {
      return // notifications the SDK cannot parse are of no interest here
    }
    const id = res.requestId ?? 0
    const p = this.pending.get(id)
    if (!p) return
    this.pending.delete(id)
    clearTimeout(p.timer)
    p.resolve(res)
  }

  /** Closes the node connection and fails pending lookups. */
  close(): void {
    this.closed = true
    this.ws?.terminate()
    this.ws = undefined
  }
}
