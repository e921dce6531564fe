import { parseArgs } from 'node:util'
import {
  DEFAULT_FAUCET_MAX_PER_ADDRESS,
  DEFAULT_FAUCET_MAX_PER_CALL,
  DEFAULT_RELAY_INVITE_RATE_PER_MINUTE,
  DEVNODE_MODES,
  type DevnodeMode,
} from './config.js'
import type { LogLevel } from './logger.js'
import { startDevnode } from './server.js'
import type { SignaturesOption } from './util/secp256k1.js'

const HELP = `nitrolite-devnode — a local ClearNode (WebSocket RPC + SQLite ledger) with the
durable relay of @nitrolite-kit/relay at /relay on the same port

Usage: nitrolite-devnode [options]

  --port <n>          TCP port (default 8000; 0 = ephemeral)
  --host <addr>       interface to bind (default 127.0.0.1)
  --db <path>         SQLite file, or :memory: (default .devnode/devnode.sqlite)
  --assets <list>     comma-separated symbol:decimals[:chainId:tokenAddress]
                      (default usdc:6,eth:18: chain 1337, made-up token addresses)
  --relay <on|off>    legacy relay: message frames carrying sid on /ws (default on);
                      off leaves the durable relay at /relay running
  --mode <production|test>
                      test serves cleanup_session_key_cache, as Go's test mode
                      (default production)
  --relay-invite-rate <n>
                      pre-creation relay messages one wallet may send per minute,
                      on each relay (default 30; 0 refuses them all)
  --faucet-max-per-call <amount>
                      most one faucet call credits, in asset units (default 100000)
  --faucet-max-per-address <amount>
                      most the faucet credits one address per asset (default 1000000)
  --signatures <auto|native|noble>
                      curve implementation (default $NITROLITE_DEVNODE_SIGNATURES or auto:
                      libsecp256k1 when it loads, else noble)
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
      mode: { type: 'string', default: 'production' },
      'relay-invite-rate': {
        type: 'string',
        default: String(DEFAULT_RELAY_INVITE_RATE_PER_MINUTE),
      },
      'faucet-max-per-call': { type: 'string', default: DEFAULT_FAUCET_MAX_PER_CALL },
      'faucet-max-per-address': { type: 'string', default: DEFAULT_FAUCET_MAX_PER_ADDRESS },
      'log-level': { type: 'string', default: 'info' },
      signatures: { type: 'string' },
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
  const mode = values.mode as DevnodeMode
  if (!DEVNODE_MODES.includes(mode))
    throw new Error(`--mode must be production or test, got ${values.mode}`)
  const inviteRate = Number(values['relay-invite-rate'])
  if (!/^\d+$/.test(values['relay-invite-rate']) || !Number.isSafeInteger(inviteRate))
    throw new Error(
      `--relay-invite-rate must be an integer ≥ 0, got ${values['relay-invite-rate']}`,
    )
  for (const flag of ['faucet-max-per-call', 'faucet-max-per-address'] as const) {
    if (!/^\d+(\.\d+)?$/.test(values[flag]) || /^[0.]+$/.test(values[flag]))
      throw new Error(`--${flag} must be a positive decimal number, got ${values[flag]}`)
  }
  const level = values['log-level'] as LogLevel
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(level))
    throw new Error(`--log-level must be debug, info, warn, error or silent`)
  const node = await startDevnode({
    port,
    host: values.host,
    dbPath: values.db,
    assets: values.assets,
    relay: values.relay === 'on',
    mode,
    relayInviteRatePerMinute: inviteRate,
    faucetMaxPerCall: values['faucet-max-per-call'],
    faucetMaxPerAddress: values['faucet-max-per-address'],
    logLevel: level,
    signatures: values.signatures as SignaturesOption | undefined,
  })
  process.stdout.write(
    `nitrolite-devnode ready: ${node.url}\n  relay: ${node.relayUrl}\n  health: ${node.httpUrl}/health\n  faucet: POST ${node.httpUrl}/faucet {"address":"0x…","asset":"usdc","amount":"100"}\n`,
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
