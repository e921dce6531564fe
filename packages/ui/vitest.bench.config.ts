import { defineConfig } from 'vitest/config'
import { sourceConditions } from '../../vitest.shared.ts'

// `pnpm bench` only (not part of `npm test`): MessageLog DOM size under a 10,000-message history.
export default defineConfig({
  ...sourceConditions,
  test: {
    environment: 'jsdom',
    include: ['bench/*.bench.test.tsx'],
    testTimeout: 300_000,
    execArgv: ['--expose-gc'],
  },
})
