import type { SessionMessage } from '@nitrolite-kit/core'
import { expectTypeOf, test } from 'vitest'
import { useSessionMessages } from './use-session-messages.js'

type Move = { kind: 'move'; square: string }
const parseMove = (p: unknown): Move | undefined =>
  (p as Move)?.kind === 'move' ? (p as Move) : undefined

test('default: payload is unknown', () => {
  const { messages, send } = useSessionMessages({ appSessionId: '0x01' })
  expectTypeOf(messages).toEqualTypeOf<SessionMessage<unknown>[]>()
  expectTypeOf(send).parameter(0).toBeUnknown()
})

test('parameters: parse narrows the payload type', () => {
  const { messages, send } = useSessionMessages({ appSessionId: '0x01', parse: parseMove })
  expectTypeOf(messages[0]!.payload).toEqualTypeOf<Move>()
  expectTypeOf(send).parameter(0).toEqualTypeOf<Move>()
  // @ts-expect-error a payload of another shape cannot be sent
  void send({ kind: 'chat' })
})

test('parameters: onMessage receives the parsed type', () => {
  useSessionMessages({
    appSessionId: '0x01',
    parse: parseMove,
    onMessage: (m) => expectTypeOf(m.payload.square).toBeString(),
  })
})
