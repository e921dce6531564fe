// `nitrolite-relay`: runs a relay beside a ClearNode until SIGINT/SIGTERM.
import { parseArgs } from 'node:util'
import { DEFAULT_RETENTION } from './log.js'
import type { RelayLogger } from './logger.js'
import { startRelay } from './server.js'
import type { SignaturesOption } from './signatures.js'

/** Environment variable read when `--signatures` is not given. */
const SIGNATURES_ENV = 'NITROLITE_RELAY_SIGNATURES'

const HELP = `nitrolite-relay — durable session delivery beside a ClearNode

Usage: nitrolite-relay --clearnode ws://host:8000/ws [options]

  --clearnode <url>        ClearNode WebSocket URL (membership via get_app_definition; required)
  --port <n>               TCP port (default 8010; 0 = ephemeral)
  --host <addr>            interface to bind (default 127.0.0.1)
  --db <path>              SQLite file, or :memory: (default .relay/relay.sqlite)
  --retention-count <n>    frames kept per session (default ${DEFAULT_RETENTION.count})
  --retention-age-ms <ms>  frames older than this are dropped (default ${DEFAULT_RETENTION.ageMs}, 7 days)
  --pre-creation-rate <n>  messages per wallet per minute to sessions not yet on the node (default 30)
  --signatures <path>      auto | native | noble: what recovers signatures (default auto, or
                           ${SIGNATURES_ENV}); auto uses libsecp256k1 when it loads
  --quiet                  log warnings and errors only
  -h, --help               show this help
`

const positive = (flag: string, value: string, min = 1): number => {
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min)
    throw new Error(`--${flag} must be an integer ≥ ${min}, got ${value}`)
  return n
}

async function main() {
  const { values } = parseArgs({
    options: {
      clearnode: { type: 'string' },
      port: { type: 'string', default: '8010' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string', default: '.relay/relay.sqlite' },
      'retention-count': { type: 'string', default: String(DEFAULT_RETENTION.count) },
      'retention-age-ms': { type: 'string', default: String(DEFAULT_RETENTION.ageMs) },
      'pre-creation-rate': { type: 'string', default: '30' },
      signatures: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  })
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  if (!values.clearnode || !/^wss?:\/\//.test(values.clearnode))
    throw new Error('--clearnode ws://… is required')
  const port = positive('port', values.port, 0)
  if (port > 65535) throw new Error(`--port must be 0–65535, got ${values.port}`)
  if (values.db !== ':memory:') {
    const { mkdirSync } = await import('node:fs')
    const { dirname } = await import('node:path')
    mkdirSync(dirname(values.db), { recursive: true })
  }
  const write = (prefix: string) => (m: string, meta?: unknown) =>
    process.stderr.write(
      `[relay] ${prefix}${m}${meta instanceof Error ? ` ${meta.message}` : ''}\n`,
    )
  const quiet = () => {}
  const logger: RelayLogger = {
    debug: quiet,
    info: values.quiet ? quiet : write(''),
    warn: write('warn: '),
    error: write('error: '),
  }
  const started = startRelay({
    clearnode: values.clearnode,
    port,
    host: values.host,
    db: values.db,
    retention: {
      count: positive('retention-count', values['retention-count']),
      ageMs: positive('retention-age-ms', values['retention-age-ms']),
    },
    preCreationRatePerMinute: positive('pre-creation-rate', values['pre-creation-rate'], 0),
    signatures: (values.signatures ?? (process.env[SIGNATURES_ENV] || 'auto')) as SignaturesOption,
    logger,
  })
  // Handled from now on, also while the relay is still starting: it closes once it has started.
  const stop = () =>
    void started.then(
      (relay) => relay.close().then(() => process.exit(0)),
      () => {},
    )
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  await started
}

main().catch((error: unknown) => {
  process.stderr.write(
    `nitrolite-relay: ${error instanceof Error ? error.message : String(error)}\n`,
  )
  process.exit(1)
})
