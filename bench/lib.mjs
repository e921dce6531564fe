// Shared helpers for the benchmarks: processes, percentiles, signature costs, the devnode.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { recoverRaw, selectSignatures } from '@nitrolite-kit/devnode'
import { keccak256, toBytes } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The devnode's two signature paths, compared in every scenario. */
export const PATHS = ['native', 'noble']

/** Spawns a node script and resolves once a stdout line matches `ready`. */
export function spawnReady(args, ready, timeoutMs = 20_000) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(
      () => reject(new Error(`not ready: ${args.join(' ')}\n${out}`)),
      timeoutMs,
    )
    child.stdout.on('data', (d) => {
      out += d.toString()
      const m = ready.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ child, match: m })
      }
    })
    child.stderr.on('data', (d) => {
      out += d.toString()
    })
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)))
  })
}

/**
 * Starts the built devnode in its own process on `signatures` (`native` | `noble`) and checks
 * through `/info` that it runs on that path.
 */
export async function startNode(signatures) {
  // The built devnode's CLI, beside the entry its package exports.
  const cli = join(dirname(fileURLToPath(import.meta.resolve('@nitrolite-kit/devnode'))), 'cli.js')
  const args = [cli, '--port', '0', '--db', ':memory:', '--log-level', 'silent']
  // BENCH_CPU_PROF=<dir>: write a V8 CPU profile of each devnode process there.
  const prof = process.env.BENCH_CPU_PROF
  const flags = prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : []
  const { child, match } = await spawnReady(
    [...flags, ...args, '--signatures', signatures],
    /ready: (ws:\/\/\S+)/,
  )
  const url = match[1]
  const httpUrl = url.replace('ws://', 'http://').replace(/\/ws$/, '')
  const info = await (await fetch(`${httpUrl}/info`)).json()
  if (info.signatures !== signatures) {
    child.kill('SIGTERM')
    throw new Error(`devnode runs on ${info.signatures}, not ${signatures}`)
  }
  return {
    url,
    relayUrl: info.relayUrl,
    httpUrl,
    cpuMs: () => processCpuMs(child.pid),
    stop: () => child.kill('SIGTERM'),
  }
}

/**
 * CPU time (user + system, ms) a process has used so far, from `/proc/<pid>/stat` (Linux; 10 ms
 * resolution); `undefined` where that is not readable. Unlike wall time, it does not grow when
 * other work on the machine takes the cores.
 */
export function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // Fields 14 and 15 of stat(5) (utime, stime), counted after the command name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
  } catch {
    return undefined
  }
}
/** `getconf CLK_TCK` on Linux. */
const CLOCK_TICKS = 100

export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b)
  if (s.length === 0) return Number.NaN
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values) {
  const s = [...values].sort((a, b) => a - b)
  if (s.length === 0) return Number.NaN
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export const round = (v, d = 3) => Math.round(v * 10 ** d) / 10 ** d

/**
 * Samples (ms) of `n` runs each: one client signature (viem, as the SDK signs), and one
 * recovery and one frame signature on each of the devnode's paths (its own code from
 * `dist/util`, hashing and checksumming included). Pass `into` to add to earlier samples.
 */
export async function signatureSamples(
  n,
  into = { sign: [], recover: { native: [], noble: [] }, nodeSign: { native: [], noble: [] } },
) {
  const key = generatePrivateKey()
  const account = privateKeyToAccount(key)
  const engines = Object.fromEntries(PATHS.map((p) => [p, selectSignatures(p)]))
  const signers = Object.fromEntries(PATHS.map((p) => [p, engines[p].signer(key)]))
  for (let i = 0; i < n; i++) {
    const hash = keccak256(toBytes(`[${i},"message",{"hello":"world"},${Date.now()}]`))
    let t = performance.now()
    const signature = await account.sign({ hash })
    into.sign.push(performance.now() - t)
    for (const p of PATHS) {
      t = performance.now()
      await recoverRaw(hash, signature, engines[p])
      into.recover[p].push(performance.now() - t)
      t = performance.now()
      await signers[p](hash)
      into.nodeSign[p].push(performance.now() - t)
    }
  }
  return into
}

/** Medians of {@link signatureSamples}. */
export function signatureCosts(samples) {
  const med = (o) => Object.fromEntries(PATHS.map((p) => [p, round(percentile(o[p], 50), 4)]))
  return {
    signMs: round(percentile(samples.sign, 50), 4),
    recoverMs: med(samples.recover),
    nodeSignMs: med(samples.nodeSign),
  }
}
