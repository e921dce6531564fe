// Without libsecp256k1 (its native module fails to load) the relay runs on noble, says why, and
// `signatures: 'native'` fails at start-up instead of running slow.

import { recordingLogger } from '@nitrolite-kit/test-utils'
import { describe, expect, it, vi } from 'vitest'

vi.mock('node:module', async (real) =>
  (await import('@nitrolite-kit/test-utils/native')).withoutNativeSecp256k1(await real()),
)

describe('no native module', () => {
  it('falls back to noble, logs why, reports it; `native` is refused', async () => {
    const { createRelay, selectSignatures, startRelay } = await import('../src/index.js')
    const auto = selectSignatures('auto')
    expect(auto.path).toBe('noble')
    expect(auto.description).toBe(
      'noble (viem; libsecp256k1 did not load: No native build was found (test))',
    )
    expect(() => selectSignatures('native')).toThrow(
      'native signatures unavailable: No native build was found (test)',
    )
    expect(() => createRelay({ membership: () => undefined, signatures: 'native' })).toThrow(
      'native signatures unavailable',
    )
    const { lines, logger } = recordingLogger()
    // Membership is only asked for on a message; no ClearNode is needed to start.
    const relay = await startRelay({ clearnode: 'ws://127.0.0.1:9/ws', logger })
    try {
      expect(relay.signatures).toBe('noble')
      expect(lines).toContain(
        'signatures: noble (viem; libsecp256k1 did not load: No native build was found (test))',
      )
      const health = await fetch(`http://127.0.0.1:${relay.port}/health`)
      expect(await health.json()).toEqual({ ok: true, signatures: 'noble' })
    } finally {
      await relay.close()
    }
  })
})
