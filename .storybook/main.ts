import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { StorybookConfig } from '@storybook/react-vite'

// Storybook, React and the addons are devDependencies of packages/ui (pnpm does not hoist them to
// the root), so resolve them from there.
const uiPackageJson = fileURLToPath(new URL('../packages/ui/package.json', import.meta.url))
const uiAnchor = fileURLToPath(new URL('../packages/ui/src/index.ts', import.meta.url))
const require = createRequire(uiPackageJson)
const pkg = (name: string) => dirname(require.resolve(`${name}/package.json`))

const config: StorybookConfig = {
  stories: ['../packages/ui/src/**/*.stories.tsx'],
  addons: [pkg('@storybook/addon-a11y'), pkg('@storybook/addon-docs')],
  framework: {
    name: pkg('@storybook/react-vite') as '@storybook/react-vite',
    options: { strictMode: true },
  },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  typescript: { reactDocgen: 'react-docgen-typescript' },
  async viteFinal(viteConfig) {
    // Workspace packages resolve to their TypeScript sources (no build step): each package's
    // `exports` map names them under the `source` condition. The rest are Vite's defaults.
    viteConfig.resolve ??= {}
    viteConfig.resolve.conditions = [
      'source',
      ...(viteConfig.resolve.conditions ?? ['module', 'browser', 'development|production']),
    ]
    viteConfig.plugins = [
      ...(viteConfig.plugins ?? []),
      {
        // Bare imports from outside packages/ui (this folder, Storybook's virtual modules)
        // resolve as if imported from packages/ui.
        name: 'nitrolite-kit:resolve-from-ui',
        enforce: 'pre',
        async resolveId(source, importer, options) {
          if (!importer || importer.includes('/packages/')) return null
          if (/^[./\0]/.test(source) || source.includes(':')) return null
          return this.resolve(source, uiAnchor, { ...options, skipSelf: true })
        },
      },
    ]
    return viteConfig
  },
}

export default config
