/**
 * Workspace packages resolve to their TypeScript sources in tests (no build step needed): each
 * package's `exports` map names its sources under the `source` condition, so the tests only
 * have to ask for that condition first. The rest are Vite's default server conditions, for the
 * jsdom projects too: their tests start a devnode, whose `ws` has no browser build.
 */
const conditions = ['source', 'module', 'node', 'development|production']

/** Spread into a Vitest project config. */
export const sourceConditions = {
  resolve: { conditions },
  ssr: { resolve: { conditions } },
}
