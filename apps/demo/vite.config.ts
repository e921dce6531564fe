import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defaultClientConditions, defineConfig } from 'vite'

const viemEsm = (p: string) =>
  fileURLToPath(new URL(`./node_modules/viem/_esm/${p}`, import.meta.url))

// The demo uses the kit's packages straight from their sources (no build step in dev): each
// package's `exports` map names them under the `source` condition.
export default defineConfig({
  plugins: [react()],
  resolve: {
    conditions: ['source', ...defaultClientConditions],
    alias: [
      // @erc7824/nitrolite 0.5.3 is CommonJS: its require('viem') would pull viem's whole CJS
      // build next to the ESM one. Point both at viem's ESM entries so one tree-shaken copy ships.
      { find: /^viem$/, replacement: viemEsm('index.js') },
      {
        find: /^viem\/accounts$/,
        replacement: fileURLToPath(new URL('./src/shims/viem-accounts.ts', import.meta.url)),
      },
    ],
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
})
