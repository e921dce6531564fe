#!/usr/bin/env node
// `npm run demo`: starts the devnode (port 8000, .devnode/demo.sqlite) and the demo app (Vite),
// prints the URL to open, and stops both on Ctrl-C. The packages must be built (`pnpm build`).
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..', '..')
const port = Number(process.env.DEVNODE_PORT || 8000)

const { startDevnode } = await import(join(root, 'packages/devnode/dist/index.js'))
const node = await startDevnode({
  port,
  host: '127.0.0.1',
  dbPath: join(root, '.devnode/demo.sqlite'),
  logLevel: 'warn',
})

process.env.VITE_CLEARNODE_URL = process.env.VITE_CLEARNODE_URL || node.url
const { createServer } = await import(join(root, 'apps/demo/node_modules/vite/dist/node/index.js'))
const vite = await createServer({
  root: join(root, 'apps/demo'),
  configFile: join(root, 'apps/demo/vite.config.ts'),
  logLevel: 'warn',
})
await vite.listen()
const url = vite.resolvedUrls?.local?.[0] ?? 'http://127.0.0.1:5173/'
process.stdout.write(
  `\nDemo ready: open ${url}\n` +
    `  Pick "Alice" there, then open the same URL in another browser profile (or a private window) and pick "Bob".\n` +
    `  ClearNode (devnode): ${node.url}  ·  faucet: POST ${node.httpUrl}/faucet\n  Ctrl-C stops both.\n\n`,
)

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  await vite.close().catch(() => {})
  await node.close().catch(() => {})
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
