import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import type { StorybookConfig } from '@storybook/react-vite'

// Storybook and its addons are devDependencies of packages/ui (pnpm does not hoist them to the
// root), so resolve them from there.
const require = createRequire(new URL('../packages/ui/package.json', import.meta.url))
const pkg = (name: string) => dirname(require.resolve(`${name}/package.json`))

const config: StorybookConfig = {
  stories: ['../packages/ui/src/**/*.stories.tsx'],
  addons: [pkg('@storybook/addon-a11y'), pkg('@storybook/addon-docs')],
  framework: { name: pkg('@storybook/react-vite') as '@storybook/react-vite', options: { strictMode: true } },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  typescript: { reactDocgen: 'react-docgen-typescript' },
}

export default config
