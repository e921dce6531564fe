import { type Devnode, type DevnodeOptions, startDevnode } from '@nitrolite-kit/devnode'
import { afterEach, beforeEach } from 'vitest'

/** Starts an in-process devnode on a free port (real signatures; `:memory:` SQLite by default). */
export function startTestDevnode(options: DevnodeOptions = {}): Promise<Devnode> {
  return startDevnode({ port: 0, ...options })
}

/** Who the fixture funds before each test: address → asset → amount. */
export type Funding = Record<string, Record<string, string>>

/**
 * A fresh devnode before each test of the calling file, funded as `funding` says, and closed
 * after it (after `beforeClose`, e.g. React's `cleanup`). Read `node.current` inside tests.
 */
export function setupDevnode(
  funding: Funding = {},
  options: DevnodeOptions & { beforeClose?: () => void } = {},
): { current: Devnode } {
  const { beforeClose, ...devnodeOptions } = options
  const node = {} as { current: Devnode }
  beforeEach(async () => {
    node.current = await startTestDevnode(devnodeOptions)
    for (const [who, assets] of Object.entries(funding))
      for (const [asset, amount] of Object.entries(assets))
        await node.current.fund(who, asset, amount)
  })
  afterEach(async () => {
    beforeClose?.()
    await node.current?.close()
  })
  return node
}
