// A devnode that does not relay (like the 0.5.3 node) and a standalone relay beside it.
import type { Devnode } from '@nitrolite-kit/devnode'
import { startTestDevnode } from '@nitrolite-kit/test-utils/devnode'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { type Relay, type RelayOptions, startRelay } from '../src/index.js'
import { RawClient } from './helpers.js'

/** A devnode per file and a fresh relay (`:memory:`) per test; sockets opened with `open` close after it. */
export function setupRelay(options: Partial<RelayOptions> = {}) {
  const ctx = {} as { node: Devnode; relay: Relay; open(): Promise<RawClient> }
  const sockets: RawClient[] = []
  beforeAll(async () => {
    ctx.node = await startTestDevnode({ relay: false })
  })
  afterAll(async () => {
    await ctx.node?.close()
  })
  beforeEach(async () => {
    ctx.relay = await startRelay({ clearnode: ctx.node.url, ...options })
  })
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((s) => s.close()))
    await ctx.relay?.close()
  })
  ctx.open = async () => {
    const s = await RawClient.open(ctx.relay.url)
    sockets.push(s)
    return s
  }
  return ctx
}
