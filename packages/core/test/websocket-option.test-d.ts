// The `WebSocket` option takes the `ws` package and the DOM's `WebSocket` without a cast.
import { expectTypeOf, it } from 'vitest'
import type WebSocket from 'ws'
import type { ClearNodeClientOptions } from '../src/index.js'

type WebSocketOption = NonNullable<ClearNodeClientOptions['WebSocket']>

it('accepts `WebSocket` from `ws`', () => {
  expectTypeOf<typeof WebSocket>().toExtend<WebSocketOption>()
})

it("accepts the DOM's `WebSocket`", () => {
  expectTypeOf<typeof globalThis.WebSocket>().toExtend<WebSocketOption>()
})

it('refuses what is not a WebSocket constructor', () => {
  expectTypeOf<typeof URL>().not.toExtend<WebSocketOption>()
})
