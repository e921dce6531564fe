// Without libsecp256k1 (the native module fails to load) the devnode runs on noble, says so,
// and a `signatures: 'native'` request fails at start-up.

import { recordingLogger } from '@nitrolite-kit/test-utils'
import { describe, expect, it, vi } from 'vitest'

vi.mock('node:module', async (real) =>
  (await import('@nitrolite-kit/test-utils/native')).withoutNativeSecp256k1(await real()),
)

describe('no native module', () => {
  it('falls back to noble, logs why, serves it in /info; `native` is refused', async () => {
    const { selectSignatures } = await import('../src/util/secp256k1.js')
    const { startDevnode } = await import('../src/index.js')
    const auto = selectSignatures('auto')
    expect(auto.path).toBe('noble')
    expect(auto.description).toContain('libsecp256k1 did not load: No native build was found')
    expect(() => selectSignatures('native')).toThrow('native signatures unavailable')
    const { lines, logger } = recordingLogger()
    const node = await startDevnode({ port: 0, logLevel: 'info', logger })
    try {
      const info = await (await fetch(`${node.httpUrl}/info`)).json()
      expect(info.signatures).toBe('noble')
      expect(lines.some((l) => l.startsWith('signatures: noble (viem; libsecp256k1 did not'))).toBe(
        true,
      )
      await expect(startDevnode({ port: 0, signatures: 'native' })).rejects.toThrow(
        'native signatures unavailable',
      )
    } finally {
      await node.close()
    }
  })
})
