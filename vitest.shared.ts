import { fileURLToPath } from 'node:url'

/** Workspace packages resolve to their TypeScript sources in tests (no build step needed). */
export const alias = {
  '@nitrolite-kit/devnode': fileURLToPath(
    new URL('./packages/devnode/src/index.ts', import.meta.url),
  ),
  '@nitrolite-kit/core': fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)),
  '@nitrolite-kit/react': fileURLToPath(new URL('./packages/react/src/index.ts', import.meta.url)),
  '@nitrolite-kit/ui': fileURLToPath(new URL('./packages/ui/src/index.ts', import.meta.url)),
}
