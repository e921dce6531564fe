// `nitrolite-relay` (the built CLI, `node dist/cli.js`): `--signatures` and
// NITROLITE_RELAY_SIGNATURES choose the signature path, the choice is logged at start, and a
// bad value stops it with the reason.
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureBuilt } from '@nitrolite-kit/test-utils/build'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'

const pkg = fileURLToPath(new URL('../', import.meta.url))
const cli = join(pkg, 'dist/cli.js')
const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL')
})

// `npm test` builds the packages first; when run on its own, build the relay if needed.
beforeAll(() => {
  ensureBuilt(pkg, '@nitrolite-kit/relay')
}, 120_000)

/**
 * Starts the CLI (no ClearNode is needed until a message arrives) and resolves with its stderr
 * once it listens, or rejects with it when it exits first.
 */
function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    [cli, '--clearnode', 'ws://127.0.0.1:9/ws', '--port', '0', '--db', ':memory:', ...args],
    {
      env: { ...process.env, NITROLITE_RELAY_SIGNATURES: '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  )
  children.push(child)
  let err = ''
  return new Promise<{ child: ChildProcess; stderr: string }>((resolve, reject) => {
    child.stderr?.on('data', (d) => {
      err += String(d)
      if (err.includes('relay listening on')) resolve({ child, stderr: err })
    })
    child.once('exit', (code) => reject(Object.assign(new Error(err), { code })))
  })
}

/** Stops a started CLI with SIGTERM; resolves with its exit code. */
const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code))
    child.kill('SIGTERM')
  })

describe('nitrolite-relay --signatures', () => {
  it('auto by default, noble by flag or environment, a bad value refused', async () => {
    const auto = await start([])
    expect(auto.stderr).toContain('[relay] signatures: native (libsecp256k1; keccak: native)')
    expect(await stop(auto.child)).toBe(0)
    const flag = await start(['--signatures', 'noble'])
    expect(flag.stderr).toContain('[relay] signatures: noble (viem; asked for)')
    expect(await stop(flag.child)).toBe(0)
    const env = await start([], { NITROLITE_RELAY_SIGNATURES: 'noble' })
    expect(env.stderr).toContain('[relay] signatures: noble (viem; asked for)')
    expect(await stop(env.child)).toBe(0)
    const bad = await start(['--signatures', 'fast']).then(
      () => undefined,
      (error: Error & { code: number }) => error,
    )
    expect(bad?.code).toBe(1)
    expect(bad?.message).toContain(
      'nitrolite-relay: signatures must be auto, native or noble, got fast',
    )
  }, 30_000)
})
