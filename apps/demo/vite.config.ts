import { nitroliteKit } from '@nitrolite-kit/core/vite'
import react from '@vitejs/plugin-react'
import { defaultClientConditions, defineConfig } from 'vite'

// The demo uses the kit's packages straight from their sources (no build step in dev): each
// package's `exports` map names them under the `source` condition. `nitroliteKit()` bundles
// viem once (ESM) and without its BIP-39 wordlists, as it does for any app using the kit.
export default defineConfig({
  plugins: [react(), nitroliteKit()],
  resolve: { conditions: ['source', ...defaultClientConditions] },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
})
