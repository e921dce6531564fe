'use client'
import { ClientNotConnectedError, type SessionMessage, ValidationError } from '@nitrolite-kit/core'
import { useCallback, useEffect, useMemo, useRef } from 'react'
import type { Hex } from 'viem'
import { useStore } from 'zustand'
import { useNitroliteContext } from '../context.js'

const EMPTY: SessionMessage[] = []

/** Parameters of {@link useSessionMessages}. */
export interface UseSessionMessagesParameters<TPayload = unknown> {
  /** The session to follow. Without one, `messages` is empty and `send` rejects. */
  appSessionId?: Hex | undefined
  /**
   * Turns a raw payload into your message type, or throws/returns `undefined` to drop it
   * (e.g. a zod schema's `parse`). Defaults to passing payloads through.
   */
  parse?: (payload: unknown) => TPayload | undefined
  /** Called once for each new message (not for history), with the latest callback. */
  onMessage?: (message: SessionMessage<TPayload>) => void
}

/** Return type of {@link useSessionMessages}. */
export interface UseSessionMessagesReturnType<TPayload = unknown> {
  /** This session's messages, oldest first (bounded history). */
  messages: SessionMessage<TPayload>[]
  /** Sends a message to every participant. */
  send: (payload: TPayload) => Promise<void>
}

/**
 * One session's message stream, live from the store, with a typed `send`. Re-renders only when
 * this session gets a message.
 *
 * @example
 * const { messages, send } = useSessionMessages<Move>({ appSessionId, parse: Move.parse })
 */
export function useSessionMessages<TPayload = unknown>(
  parameters: UseSessionMessagesParameters<TPayload> = {},
): UseSessionMessagesReturnType<TPayload> {
  const { store, client } = useNitroliteContext('useSessionMessages')
  const { appSessionId, parse } = parameters
  const raw = useStore(store, (s) => (appSessionId ? (s.messages[appSessionId] ?? EMPTY) : EMPTY))
  const parseRef = useRef(parse)
  parseRef.current = parse
  const messages = useMemo(() => {
    const p = parseRef.current
    if (!p) return raw as SessionMessage<TPayload>[]
    const out: SessionMessage<TPayload>[] = []
    for (const m of raw) {
      try {
        const payload = p(m.payload)
        if (payload !== undefined) out.push({ ...m, payload })
      } catch {
        // not this schema: dropped
      }
    }
    return out
  }, [raw])

  const onMessageRef = useRef(parameters.onMessage)
  onMessageRef.current = parameters.onMessage
  useEffect(() => {
    if (!appSessionId) return
    let seen = store.getState().messages[appSessionId]?.length ?? 0
    let last = store.getState().messages[appSessionId]?.at(-1)
    return store.subscribe((s) => {
      const list = s.messages[appSessionId]
      if (!list || list.at(-1) === last) return
      const start = last ? list.lastIndexOf(last) + 1 : Math.min(seen, list.length)
      const fresh = list.slice(start)
      last = list.at(-1)
      seen = list.length
      const cb = onMessageRef.current
      if (!cb) return
      for (const m of fresh) {
        const p = parseRef.current
        try {
          const payload = p ? p(m.payload) : (m.payload as TPayload)
          if (payload !== undefined) cb({ ...m, payload })
        } catch {
          // dropped
        }
      }
    })
  }, [store, appSessionId])

  const send = useCallback(
    async (payload: TPayload) => {
      if (!client) throw new ClientNotConnectedError()
      if (!appSessionId)
        throw new ValidationError(
          [{ path: 'appSessionId', code: 'required', message: 'No session selected.' }],
          '`send`',
        )
      await client.sendMessage(appSessionId, payload)
    },
    [client, appSessionId],
  )
  return { messages, send }
}
