import { parseArgs } from 'node:util'
import { type LogLevel, startDevnode } from './server.js'

const HELP = `nitrolite-devnode — a local ClearNode (WebSocket RPC + SQLite ledger)

Usage: nitrolite-devnode [options]

  --port <n>          TCP port (default 8000; 0 = ephemeral)
  --host <addr>       interface to bind (default 127.0.0.1)
  --db <path>         SQLite file, or :memory: (default .devnode/devnode.sqlite)
  --assets <list>     symbol:decimals list (default usdc:6,eth:18)
  --relay <on|off>    relay session messages carrying sid (default on)
  --log-level <lvl>   debug | info | warn | error | silent (default info)
  -h, --help          show this help
`

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8000' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string', default: '.devnode/devnode.sqlite' },
      assets: { type: 'string', default: 'usdc:6,eth:18' },
      relay: { type: 'string', default: 'on' },
      'log-level': { type: 'string', default: 'info' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0–65535, got ${values.port}`)
  if (values.relay !== 'on' && values.relay !== 'off')
    throw new Error(`--relay must be on or off, got ${values.relay}`)
  const level = values['log-level'] as LogLevel
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(level))
    throw new Error(`--log-level must be debug, info, warn, error or silent`)
  const node = await startDevnode({
    port,
    host: values.host,
    dbPath: values.db,
    assets: values.assets,
    relay: values.relay === 'on',
    logLevel: level,
  })
  process.stdout.write(
    `nitrolite-devnode ready: ${node.url}\n  health: ${node.httpUrl}/health\n  faucet: POST ${node.httpUrl}/faucet {"address":"0x…","asset":"usdc","amount":"100"}\n`,
  )
  const stop = async () => {
    await node.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error) => {
  process.stderr.write(
    `nitrolite-devnode: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`,
  )
  process.exit(1)
})
