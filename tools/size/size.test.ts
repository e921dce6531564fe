// Fails `npm test` when a package grows past its bundle budget (min+gz ESM, peers external).
// Needs the packages built: `npm test` builds them first.
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM module without types
import { measureAll } from './size.mjs'

describe('bundle budgets', () => {
  it('core + react and ui stay within their min+gz budgets', async () => {
    for (const p of ['packages/core', 'packages/react', 'packages/ui']) {
      expect(
        existsSync(new URL(`../../${p}/dist/index.js`, import.meta.url)),
        `${p} is built (run pnpm build)`,
      ).toBe(true)
    }
    const results = (await measureAll()) as Record<string, { gzip: number; budget: number }>
    for (const [name, r] of Object.entries(results)) {
      expect(r.gzip, `${name}: ${r.gzip} B gz, budget ${r.budget} B`).toBeLessThanOrEqual(r.budget)
      expect(r.gzip).toBeGreaterThan(1000)
    }
  })
})
