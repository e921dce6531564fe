// The kit as a dapp developer gets it: every publishable package packed (`pnpm pack`), installed
// with npm into an app outside the workspace next to only the documented peers, then
// typechecked, built with Vite and the kit's plugin, and the core README's Node example run
// against the devnode from the installed tarball. The READMEs' blocks are extracted from the
// READMEs (readme-blocks.ts), never copied: the react README's game is also built as an app of
// its own and played in Chromium, both players, until its session is closed. publint and
// @arethetypeswrong/cli check every tarball. Needs the packages built (`npm test` builds them
// first), the npm registry and Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium).
import { spawn } from 'node:child_process'
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { basename, dirname, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blockFileName, readmeBlocksOf } from './readme-blocks.js'
import { checkedSource } from './readme-typecheck.js'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const PUBLISHABLE = ['core', 'react', 'ui', 'devnode', 'relay'] as const
const FIRST_LOAD_BUDGET = 260_000
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
/** The node URL the react README's example connects to (`pnpm exec nitrolite-devnode --port 8000`). */
const README_URL = 'ws://127.0.0.1:8000/ws'

interface Result {
  code: number | null
  signal: NodeJS.Signals | null
  output: string
  ms: number
}

/**
 * Runs a command in its own process group; on timeout the whole group is killed (npm, tsc, vite
 * and node leave nothing behind).
 */
function run(
  cmd: string,
  args: string[],
  options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<Result> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let output = ''
    child.stdout.on('data', (d) => {
      output += d
    })
    child.stderr.on('data', (d) => {
      output += d
    })
    const timer = setTimeout(() => {
      output += `\n[consumer test] ${cmd} timed out after ${options.timeoutMs} ms, killed`
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // already gone
      }
    }, options.timeoutMs)
    child.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, output, ms: Date.now() - started })
    })
  })
}

const must = (r: Result, what: string) =>
  expect(r.code, `${what} failed (exit ${r.code} ${r.signal ?? ''}):\n${r.output}`).toBe(0)

/** Sections another change rewrites (see packages/core/test/readme.test.ts). */
const PENDING = new Set(['Transports'])

/**
 * Writes the ```ts/```tsx blocks of `file` under `dir` (each where its first line says, else
 * named after its heading): modules as written, fragments after their context. A block marked
 * `consumer` (the core README's `vite.config.ts`) becomes the app's file of that name.
 */
function writeReadme(file: string, dir: string) {
  for (const block of readmeBlocksOf(join(root, file))) {
    if (PENDING.has(block.section)) continue
    const name = blockFileName(block)
    const target = block.kind === 'consumer' ? join(app, basename(name)) : join(dir, name)
    if (block.kind === 'consumer' && !/^\/\/ vite\.config\.ts\n/.test(block.code))
      throw new Error(`${file}:${block.line}: a consumer block must be \`// vite.config.ts\``)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, checkedSource(block))
  }
}

/** The app's path of the core README's Node example (compiled into `out-node/`). */
function nodeExample(): string {
  const block = readmeBlocksOf(join(root, 'packages/core/README.md')).find((b) =>
    b.section.startsWith('Example'),
  )
  if (!block) throw new Error('packages/core/README.md: no example')
  return join('src/node/readme', blockFileName(block)).replace(/\.ts$/, '.js')
}

const workspaceVersion = (pkg: string, dep: string): string => {
  const json = JSON.parse(readFileSync(join(root, pkg, 'package.json'), 'utf8'))
  const v = json.devDependencies?.[dep] ?? json.dependencies?.[dep]
  if (!v) throw new Error(`${pkg} has no version of ${dep}`)
  return v
}

let dir: string
let packs: string
let app: string
const tarballs: Record<string, string> = {}

beforeAll(async () => {
  for (const p of ['core', 'react', 'ui', 'devnode', 'relay']) {
    expect(existsSync(join(root, 'packages', p, 'dist/index.js')), `${p} is built`).toBe(true)
  }
  dir = mkdtempSync(join(tmpdir(), 'nitrolite-kit-consumer-'))
  packs = join(dir, 'packs')
  app = join(dir, 'app')
  mkdirSync(packs)

  // pnpm pack rewrites workspace:* ranges to the packages' real versions.
  const packed = await Promise.all(
    PUBLISHABLE.map((p) =>
      run('pnpm', ['pack', '--pack-destination', packs], {
        cwd: join(root, 'packages', p),
        timeoutMs: 60_000,
      }),
    ),
  )
  for (const [i, r] of packed.entries()) must(r, `pnpm pack ${PUBLISHABLE[i]}`)
  for (const file of readdirSync(packs)) {
    const name = file.match(/^nitrolite-kit-(\w+)-[\d.]+\.tgz$/)?.[1]
    if (name) tarballs[name] = join(packs, file)
  }
  expect(Object.keys(tarballs).sort()).toEqual([...PUBLISHABLE].sort())

  cpSync(join(here, 'app'), app, { recursive: true })
  // The READMEs' blocks, extracted (readme-blocks.ts), not copied: the react README's with the
  // app (browser tsconfig), the core README's as Node code (the example is also run below), and
  // the core README's `vite.config.ts` is the app's.
  writeReadme('packages/react/README.md', join(app, 'src/app/readme'))
  writeReadme('packages/core/README.md', join(app, 'src/node/readme'))
  for (const f of ['src/app/readme/src/game.tsx', 'src/app/readme/src/main.tsx', 'vite.config.ts'])
    expect(existsSync(join(app, f)), `${f} written from a README`).toBe(true)

  const peer = (dep: string) => workspaceVersion('packages/react', dep)
  const sqlite = workspaceVersion('packages/devnode', 'better-sqlite3')
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify(
      {
        name: 'nitrolite-kit-consumer',
        private: true,
        type: 'module',
        dependencies: {
          ...Object.fromEntries(
            PUBLISHABLE.map((p) => [`@nitrolite-kit/${p}`, `file:${tarballs[p]}`]),
          ),
          // The documented peers (core, react, ui READMEs), ws for Node, vite and typescript.
          react: peer('react'),
          'react-dom': peer('react-dom'),
          wagmi: peer('wagmi'),
          viem: peer('viem'),
          '@tanstack/react-query': peer('@tanstack/react-query'),
          '@erc7824/nitrolite': peer('@erc7824/nitrolite'),
          ws: peer('ws'),
          vite: workspaceVersion('apps/demo', 'vite'),
          // What every Vite React app has (it also silences bundlers' "use client" notices).
          '@vitejs/plugin-react': workspaceVersion('apps/demo', '@vitejs/plugin-react'),
          typescript: workspaceVersion('.', 'typescript'),
          // Types a TypeScript app needs for React, ws and Node.
          '@types/react': peer('@types/react'),
          '@types/react-dom': peer('@types/react-dom'),
          '@types/ws': peer('@types/ws'),
          '@types/node': workspaceVersion('.', '@types/node'),
        },
        // The version whose native build is copied below.
        overrides: { 'better-sqlite3': installedSqliteVersion() ?? sqlite },
      },
      null,
      2,
    )}\n`,
  )

  // --ignore-scripts: better-sqlite3's install script fetches a prebuilt binary from GitHub or
  // compiles SQLite (minutes on 2 cores); the workspace's own build of the same version, for the
  // same Node, stands in for that download. keccak and secp256k1 load their prebuilds without it.
  const install = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'],
    { cwd: app, timeoutMs: 240_000, env: { npm_config_update_notifier: 'false' } },
  )
  must(install, 'npm install')
  console.log(`npm install: ${install.ms} ms`)
  provideSqliteBinding()
})

afterAll(() => {
  // NITROLITE_KIT_KEEP_CONSUMER=1 keeps the app for a look (its path is printed).
  if (dir && process.env.NITROLITE_KIT_KEEP_CONSUMER) console.log(`consumer app kept: ${app}`)
  else if (dir) rmSync(dir, { recursive: true, force: true })
})

/** The workspace's better-sqlite3 (the one the devnode package resolves). */
function workspaceSqlite(): string | undefined {
  try {
    const req = createRequire(join(root, 'packages/devnode/package.json'))
    return dirname(req.resolve('better-sqlite3/package.json'))
  } catch {
    return undefined
  }
}

function installedSqliteVersion(): string | undefined {
  const dir = workspaceSqlite()
  if (!dir || !existsSync(join(dir, 'build/Release/better_sqlite3.node'))) return undefined
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version
}

function provideSqliteBinding() {
  const from = workspaceSqlite()
  const binding = from && join(from, 'build/Release/better_sqlite3.node')
  if (!binding || !existsSync(binding)) {
    throw new Error('the workspace has no better-sqlite3 build to copy (run pnpm install)')
  }
  const to = join(app, 'node_modules/better-sqlite3/build/Release')
  mkdirSync(to, { recursive: true })
  copyFileSync(binding, join(to, 'better_sqlite3.node'))
}

describe('consumer app', () => {
  it('publint and @arethetypeswrong/cli report nothing for any tarball', async () => {
    const bin = (name: string) => join(root, 'node_modules/.bin', name)
    for (const p of PUBLISHABLE) {
      const lint = await run(bin('publint'), ['run', tarballs[p]!, '--strict'], {
        cwd: root,
        timeoutMs: 60_000,
      })
      must(lint, `publint ${p}`)
      expect(lint.output, `publint ${p}`).toMatch(/All good!/)
      // ESM-only packages (engines: Node ≥ 20.19, where require(esm) works): a CommonJS
      // `require` resolving to ESM is by design. The stylesheet is not a JS entry point.
      const attw = await run(
        bin('attw'),
        [
          tarballs[p]!,
          '--format',
          'ascii',
          '--ignore-rules',
          'cjs-resolves-to-esm',
          '--exclude-entrypoints',
          './styles.css',
        ],
        { cwd: root, timeoutMs: 60_000 },
      )
      must(attw, `attw ${p}`)
      expect(attw.output, `attw ${p}`).toMatch(/No problems found/)
    }
  })

  it('typechecks with tsc --strict (the two-player app, the READMEs, vite.config.ts)', async () => {
    const tsc = join(app, 'node_modules/.bin/tsc')
    const [web, node] = await Promise.all([
      run(tsc, ['--strict', '--noEmit', '-p', 'tsconfig.json'], { cwd: app, timeoutMs: 200_000 }),
      run(tsc, ['--strict', '--noEmit', '-p', 'tsconfig.node.json'], {
        cwd: app,
        timeoutMs: 200_000,
      }),
    ])
    must(web, 'tsc (app)')
    must(node, 'tsc (node)')
  })

  it(`vite build with nitroliteKit(): no warnings, first load ≤ ${FIRST_LOAD_BUDGET} B gz`, async () => {
    // At --logLevel warn Vite prints only warnings and errors: any output is one.
    const build = await run(join(app, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
      cwd: app,
      timeoutMs: 90_000,
      // Vitest runs with NODE_ENV=test, which would bundle React's development build.
      env: { NODE_ENV: 'production' },
    })
    must(build, 'vite build')
    expect(build.output.trim(), 'vite build printed warnings').toBe('')
    const dist = join(app, 'dist')
    const html = readFileSync(join(dist, 'index.html'), 'utf8')
    const refs = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+)"/g)].map((m) => m[1]!)
    let gz = gzipSync(html, { level: 9 }).byteLength
    for (const ref of refs) gz += gzipSync(readFileSync(join(dist, ref)), { level: 9 }).byteLength
    console.log(`consumer app first load: ${gz} B gz (${refs.length} files)`)
    expect(refs.length).toBeGreaterThan(0)
    expect(gz).toBeLessThanOrEqual(FIRST_LOAD_BUDGET)
    // The BIP-39 wordlists stayed out.
    const js = refs.filter((r) => r.endsWith('.js'))
    for (const ref of js) expect(readFileSync(join(dist, ref), 'utf8')).not.toMatch(/abandon/)
  })

  it("runs the core README's Node example against the installed devnode and exits 0", async () => {
    const out = join(app, 'out-node')
    // Emits even with the known WebSocket type error above (noEmitOnError is off).
    const emit = await run(
      join(app, 'node_modules/.bin/tsc'),
      ['-p', 'tsconfig.node.json', '--outDir', out],
      {
        cwd: app,
        timeoutMs: 200_000,
      },
    )
    expect(existsSync(join(out, nodeExample())), emit.output).toBe(true)
    const example = await run(process.execPath, [join(out, nodeExample())], {
      cwd: app,
      timeoutMs: 60_000,
    })
    expect(example.output).toContain('{ move: ')
    must(example, 'the Node example')
  })
  it('the installed relay and devnode recover on libsecp256k1 (optional deps, prebuilt, no scripts)', async () => {
    const check = join(app, 'signatures-check.mjs')
    writeFileSync(
      check,
      [
        "import { selectSignatures as relay } from '@nitrolite-kit/relay'",
        "import { selectSignatures as devnode } from '@nitrolite-kit/devnode'",
        "console.log(JSON.stringify([relay('auto').description, devnode('auto').path]))",
      ].join('\n'),
    )
    const out = await run(process.execPath, [check], { cwd: app, timeoutMs: 60_000 })
    must(out, 'the signature path check')
    expect(JSON.parse(out.output.trim().split('\n').at(-1) ?? '[]')).toEqual([
      'native (libsecp256k1; keccak: native)',
      'native',
    ])
  })

  it("the react README's game, built with Vite, reaches a closed two-player session in Chromium", async () => {
    expect(existsSync(CHROMIUM), `Chromium at ${CHROMIUM} (or set CHROMIUM_PATH)`).toBe(true)
    // The devnode as the README starts it (its bin, a free port instead of 8000), funded through
    // its faucet as the README's curl calls do.
    const devnode = spawn(
      join(app, 'node_modules/.bin/nitrolite-devnode'),
      ['--port', '0', '--db', ':memory:'],
      {
        cwd: app,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    )
    let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined
    let server: Server | undefined
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let seen = ''
        const timer = setTimeout(() => reject(new Error(`devnode did not start:\n${seen}`)), 30_000)
        const read = (d: Buffer) => {
          seen += d
          const m = /ready: (ws:\/\/\S+)/.exec(seen)
          if (m) {
            clearTimeout(timer)
            resolve(m[1]!)
          }
        }
        devnode.stdout.on('data', read)
        devnode.stderr.on('data', read)
      })
      const http = url.replace(/^ws/, 'http').replace(/\/ws$/, '')
      for (const address of [ALICE, BOB]) {
        const res = await fetch(`${http}/faucet`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ address, asset: 'usdc', amount: '100' }),
        })
        expect(res.status).toBe(200)
      }

      // The README's src/game.tsx and src/main.tsx as a Vite app of their own, pointed at it.
      const site = join(app, 'readme-app')
      for (const name of ['src/game.tsx', 'src/main.tsx']) {
        const code = readFileSync(join(app, 'src/app/readme', name), 'utf8')
        mkdirSync(dirname(join(site, name)), { recursive: true })
        writeFileSync(join(site, name), code.replaceAll(README_URL, url))
      }
      writeFileSync(
        join(site, 'index.html'),
        '<!doctype html><html><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>\n',
      )
      const build = await run(
        join(app, 'node_modules/.bin/vite'),
        ['build', 'readme-app', '--config', 'vite.config.ts', '--logLevel', 'warn'],
        { cwd: app, timeoutMs: 120_000, env: { NODE_ENV: 'production' } },
      )
      must(build, 'vite build (README example)')
      expect(build.output.trim(), 'vite build printed warnings').toBe('')
      server = await serve(join(site, 'dist'))
      const address = server.address()
      const pageUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`

      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
      })
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', (e) => errors.push(String(e)))
      await page.goto(pageUrl)
      const side = (i: number) => page.locator(`#root > :nth-child(${i + 1})`)
      const shows = async (i: number, text: string) => {
        const deadline = Date.now() + 30_000
        let last = ''
        while (Date.now() < deadline) {
          last =
            (await side(i)
              .textContent()
              .catch(() => '')) ?? ''
          if (last === text) return
          await new Promise((r) => setTimeout(r, 50))
        }
        throw new Error(
          `player ${i} shows "${last}", not "${text}"; page errors: ${errors.join('; ')}`,
        )
      }
      const click = async (i: number, text: string) => {
        await shows(i, text)
        await side(i).click() // waits until the button is enabled
      }
      await click(0, 'Connect')
      await click(1, 'Connect')
      await shows(1, 'Play for 10 usdc')
      await click(0, 'Play for 10 usdc')
      await click(1, 'Sign create_app_session')
      await shows(1, 'I won')
      await click(0, 'I won')
      await click(1, 'Sign close_app_session')
      await shows(0, 'Play for 10 usdc')
      await shows(1, 'Play for 10 usdc')
      expect(errors).toEqual([])

      // The payouts, read by a Node client of the installed core.
      const check = join(app, 'check-balances.mjs')
      writeFileSync(
        check,
        [
          "import { createClearNodeClient } from '@nitrolite-kit/core'",
          "import { createWalletClient, http } from 'viem'",
          "import { privateKeyToAccount } from 'viem/accounts'",
          "import { hardhat } from 'viem/chains'",
          "import WebSocket from 'ws'",
          'const out = {}',
          `for (const [name, key] of Object.entries(${JSON.stringify({ alice: ALICE_KEY, bob: BOB_KEY })})) {`,
          `  const c = createClearNodeClient({ url: ${JSON.stringify(url)}, application: 'rps', WebSocket,`,
          '    walletSigner: createWalletClient({ account: privateKeyToAccount(key), chain: hardhat, transport: http() }) })',
          '  await c.connect()',
          "  out[name] = { balances: await c.getLedgerBalances(), closed: (await c.getAppSessions({ status: 'closed' })).length }",
          '  await c.disconnect()',
          '}',
          'console.log(JSON.stringify(out))',
        ].join('\n'),
      )
      const read = await run(process.execPath, [check], { cwd: app, timeoutMs: 60_000 })
      must(read, 'reading the balances')
      expect(JSON.parse(read.output.trim().split('\n').pop()!)).toEqual({
        alice: { balances: [{ asset: 'usdc', amount: '110' }], closed: 1 },
        bob: { balances: [{ asset: 'usdc', amount: '90' }], closed: 1 },
      })
    } finally {
      await browser?.close()
      await new Promise((r) => (server ? server.close(r) : r(undefined)))
      try {
        process.kill(-devnode.pid!, 'SIGKILL')
      } catch {
        // already gone
      }
    }
  })
})

const ALICE = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const ALICE_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const BOB = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const BOB_KEY = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a'

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
}

/** A static server for a built site on a free port (index.html for `/`). */
function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    const file = join(dir, path === '/' ? 'index.html' : path)
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
    res.end(readFileSync(file))
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}
