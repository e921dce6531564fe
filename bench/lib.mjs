// Shared helpers for the benchmarks: processes, percentiles, signature costs.
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { keccak256, recoverAddress, toBytes } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')

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

export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b)
  if (s.length === 0) return Number.NaN
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

export const round = (v, d = 3) => Math.round(v * 10 ** d) / 10 ** d

/** Median cost (ms) of one viem signature and one recovery over `n` runs. */
export async function signatureCosts(n = 200) {
  const account = privateKeyToAccount(generatePrivateKey())
  const sign = []
  const recover = []
  for (let i = 0; i < n; i++) {
    const hash = keccak256(toBytes(`[${i},"message",{"hello":"world"},${Date.now()}]`))
    let t = performance.now()
    const signature = await account.sign({ hash })
    sign.push(performance.now() - t)
    t = performance.now()
    await recoverAddress({ hash, signature })
    recover.push(performance.now() - t)
  }
  return { signMs: percentile(sign, 50), recoverMs: percentile(recover, 50) }
}
