#!/usr/bin/env node
// Entry point behind `npm test`, `npm run demo`, `npm run devnode` and `npm run bench`.
// Works on a fresh machine with only Node 20 and npm: installs pnpm 10 and the workspace's
// dependencies when they are missing, builds the packages, then runs the requested task.
// `test` marks everything it starts (NITROLITE_KIT_TEST_RUN) and fails when a process it started
// is still running after the tests.
import { spawn, spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const [task = 'test', ...args] = process.argv.slice(2)
const PNPM_VERSION = '10'

function log(message) {
  process.stderr.write(`[nitrolite-kit] ${message}\n`)
}

function run(cmd, cmdArgs, options = {}) {
  const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', ...options })
  if (result.error) throw result.error
  return result.status ?? 1
}

function must(cmd, cmdArgs, options) {
  const status = run(cmd, cmdArgs, options)
  if (status !== 0) {
    log(`\`${cmd} ${cmdArgs.join(' ')}\` failed with exit code ${status}.`)
    process.exit(status)
  }
}

/** Returns the command that runs pnpm 10, installing it with npm when needed. */
function ensurePnpm() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' })
  if (probe.status === 0 && probe.stdout.trim().startsWith(`${PNPM_VERSION}.`)) return ['pnpm']
  log(`pnpm ${PNPM_VERSION} not found; installing it with \`npm i -g pnpm@${PNPM_VERSION}\`.`)
  const global = spawnSync('npm', ['i', '-g', `pnpm@${PNPM_VERSION}`], { stdio: 'inherit' })
  if (global.status === 0) {
    const again = spawnSync('pnpm', ['--version'], { encoding: 'utf8' })
    if (again.status === 0) return ['pnpm']
  }
  log('Global install failed; falling back to `npx pnpm@10`.')
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`]
}

function pnpm(pnpmCmd, cmdArgs, options) {
  const [bin, ...pre] = pnpmCmd
  must(bin, [...pre, ...cmdArgs], options)
}

/** Installs dependencies when node_modules is missing or older than the lockfile. */
function ensureDeps(pnpmCmd) {
  const marker = join(root, 'node_modules', '.modules.yaml')
  const lock = join(root, 'pnpm-lock.yaml')
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs
  if (stale) {
    log('Installing dependencies (pnpm install --frozen-lockfile)…')
    pnpm(pnpmCmd, ['install', '--frozen-lockfile'])
  }
}

function build(pnpmCmd) {
  log('Building packages…')
  // --filter-prod: order by production dependencies only. The devnode depends on the relay,
  // whose tests use the devnode; counting devDependencies would make that a cycle, built in
  // parallel in any order.
  pnpm(pnpmCmd, ['-r', '--filter-prod', './packages/**', 'run', 'build'])
}

const CHROMIUM_CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter(Boolean)

/** Finds Chromium, installing Debian's package when running as root with apt-get. */
function ensureChromium() {
  const found = CHROMIUM_CANDIDATES.find((p) => existsSync(p))
  if (found) return found
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    log('Chromium not found; installing Debian package `chromium`…')
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    run('apt-get', ['update'], { env })
    run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env })
    const now = CHROMIUM_CANDIDATES.find((p) => existsSync(p))
    if (now) return now
  }
  log(
    'Browser tests need Chromium. Install it with:\n\n    sudo apt-get update && sudo apt-get install -y chromium\n\n' +
      'or set CHROMIUM_PATH to a Chromium/Chrome binary, then run `npm test` again.',
  )
  process.exit(1)
}

/**
 * The static checks of `npm test`, each counted as one test: `biome check .` (lint and format)
 * and every workspace package's `typecheck` script. Returns { passed, failed }.
 */
function staticChecks(pnpmCmd) {
  const [bin, ...pre] = pnpmCmd
  const checks = [
    ['lint (biome check .)', [...pre, 'exec', 'biome', 'check', '.']],
    ['typecheck (pnpm -r run typecheck)', [...pre, '-r', 'run', 'typecheck']],
  ]
  let passed = 0
  let failed = 0
  for (const [name, cmdArgs] of checks) {
    log(`Running ${name}…`)
    if (run(bin, cmdArgs) === 0) passed += 1
    else {
      failed += 1
      log(`${name} failed (counted as one failed test).`)
    }
  }
  return { passed, failed }
}

/** Runs vitest over every project and returns { passed, failed, skipped, status }. */
function vitest(pnpmCmd, extra) {
  const out = join(root, '.test-results')
  mkdirSync(out, { recursive: true })
  const file = join(out, 'vitest.json')
  rmSync(file, { force: true })
  const [bin, ...pre] = pnpmCmd
  const status = run(bin, [
    ...pre,
    'exec',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${file}`,
    ...extra,
  ])
  let passed = 0
  let failed = 0
  let skipped = 0
  if (existsSync(file)) {
    const report = JSON.parse(readFileSync(file, 'utf8'))
    passed = report.numPassedTests ?? 0
    // A failed test counts once; a file that failed without a failed test (it did not load,
    // or an error escaped its tests) counts as one more.
    const brokenFiles = (report.testResults ?? []).filter(
      (f) =>
        f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
    ).length
    failed = (report.numFailedTests ?? 0) + brokenFiles
    if (report.success === false && failed === 0) failed = 1
    skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
  } else if (status !== 0) {
    failed = 1
  }
  if (status !== 0 && failed === 0) failed = 1
  return { passed, failed, skipped, status }
}

/**
 * Marks every process `npm test` starts: set in this process's environment before the build and
 * the test run, and inherited by everything they start (test servers, browsers, their helpers),
 * including processes that outlive their parent and get re-parented to pid 1.
 */
const RUN_VAR = 'NITROLITE_KIT_TEST_RUN'

/** pid, process group, state and command line of every process readable in /proc. */
function processTable() {
  const table = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const [state, , pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      table.push({ pid: Number(entry), pgid: Number(pgid), state })
    } catch {
      // gone meanwhile
    }
  }
  return table
}

function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return ''
  }
}

/**
 * Running processes (not zombies, not this one) whose environment carries `RUN_VAR=runId`, and
 * the members of process groups they lead: Chromium starts its helpers with a clean
 * environment, in the browser's group.
 */
function markedProcesses(runId) {
  const needle = `\0${RUN_VAR}=${runId}\0`
  const table = processTable().filter((p) => p.state !== 'Z' && p.pid !== process.pid)
  const marked = table.filter(({ pid }) => {
    try {
      return `\0${readFileSync(`/proc/${pid}/environ`, 'utf8')}`.includes(needle)
    } catch {
      return false // gone meanwhile, or not ours to read
    }
  })
  const leaders = new Set(marked.filter((p) => p.pgid === p.pid).map((p) => p.pid))
  const found = new Map(marked.map((p) => [p.pid, p]))
  for (const p of table) if (leaders.has(p.pgid)) found.set(p.pid, p)
  return [...found.values()].map((p) => ({ ...p, leader: leaders.has(p.pid), cmd: cmdline(p.pid) }))
}

/**
 * Processes of this run still running once the tests are over. Waits up to `graceMs` for them
 * to exit on their own (helpers such as esbuild's service exit shortly after their parent),
 * returning as soon as none is left; the ones still running then are left over.
 */
async function leftovers(runId, graceMs = 5_000) {
  const deadline = Date.now() + graceMs
  let left = markedProcesses(runId)
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100))
    left = markedProcesses(runId)
  }
  return left
}

async function main() {
  const pnpmCmd = ensurePnpm()
  ensureDeps(pnpmCmd)
  switch (task) {
    case 'test': {
      const runId = `${process.pid}-${Date.now()}`
      process.env[RUN_VAR] = runId
      build(pnpmCmd)
      const needsBrowser =
        existsSync(join(root, 'apps/demo/e2e')) || existsSync(join(root, '.storybook'))
      if (needsBrowser) process.env.CHROMIUM_PATH = ensureChromium()
      // A filtered run (`npm test -- packages/core`) skips the static checks; a full one runs them.
      const checks = args.length ? { passed: 0, failed: 0 } : staticChecks(pnpmCmd)
      const result = vitest(pnpmCmd, args)
      result.passed += checks.passed
      result.failed += checks.failed
      // Nothing the run started may outlive it: a process left over fails the run, then dies.
      if (existsSync('/proc')) {
        const left = await leftovers(runId)
        if (left.length) {
          result.failed += 1
          log(
            `${left.length} process(es) started by this run still running after the tests (counted as a failure, killing them now):\n${left.map((p) => `  ${p.pid} ${p.cmd}`).join('\n')}`,
          )
          for (const { pid, leader } of left) {
            try {
              process.kill(leader ? -pid : pid, 'SIGKILL')
            } catch {
              // exited meanwhile
            }
          }
        }
      } else {
        log('No /proc here: skipping the check for processes left over by the tests.')
      }
      writeFileSync(
        join(root, '.test-results', 'summary.txt'),
        `${result.passed} passed, ${result.failed} failed\n`,
      )
      process.stdout.write(
        `\n${result.passed} passed, ${result.failed} failed${result.skipped ? `, ${result.skipped} skipped` : ''}\n`,
      )
      process.exit(result.failed > 0 ? 1 : 0)
      break
    }
    case 'devnode': {
      pnpm(pnpmCmd, ['-r', '--filter-prod', '@nitrolite-kit/devnode...', 'run', 'build'])
      const child = spawn(process.execPath, [join(root, 'packages/devnode/dist/cli.js'), ...args], {
        cwd: root,
        stdio: 'inherit',
      })
      for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
      child.on('exit', (code) => process.exit(code ?? 0))
      break
    }
    case 'demo': {
      build(pnpmCmd)
      const demo = join(root, 'apps/demo/scripts/start.mjs')
      if (!existsSync(demo)) {
        log('The demo app does not exist yet; `npm run devnode` starts the local ClearNode.')
        process.exit(1)
      }
      const child = spawn(process.execPath, [demo, ...args], { cwd: root, stdio: 'inherit' })
      for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
      child.on('exit', (code) => process.exit(code ?? 0))
      break
    }
    case 'bench': {
      build(pnpmCmd)
      const bench = join(root, 'bench/run.mjs')
      if (!existsSync(bench)) {
        log('No benchmarks yet (bench/run.mjs).')
        process.exit(1)
      }
      must(process.execPath, [bench, ...args])
      break
    }
    case 'fuzz': {
      // `pnpm fuzz --frames 100000`: the long run of the devnode fuzzer (npm test runs a slice).
      const cli = join(root, 'packages/devnode/test/fuzz/cli.ts')
      must(join(root, 'node_modules/.bin/tsx'), ['--conditions=source', cli, ...args])
      break
    }
    default:
      log(`Unknown task \`${task}\`. Use test, demo, devnode, bench or fuzz.`)
      process.exit(2)
  }
}

main().catch((error) => {
  log(error?.stack ?? String(error))
  process.exit(1)
})
