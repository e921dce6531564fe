// Issue 11 ("Crash in Node"): the core README's example, run as a Node program, must exit by
// itself right after `disconnect()`: exit code 0, no unhandled rejection, nothing (a request or
// collection timeout, keep-alive, reconnect, a socket) keeping the process alive. The example
// runs in a child process (example-child.ts) against an in-process devnode.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))
/** Far below the 15 s request timeout whose timer used to keep the process alive. */
const EXIT_WITHIN_MS = 2000

it('readme-example.ts is the README example', () => {
  const readme = readFileSync(here('../README.md'), 'utf8')
  const block = /## Example[^\n]*\n+```ts\n([\s\S]*?)```/.exec(readme)?.[1]
  expect(block).toBe(readFileSync(here('./readme-example.ts'), 'utf8'))
})

it('behavior: the README example, as a Node program, exits with code 0 right after disconnect()', async () => {
  const child = spawn(
    process.execPath,
    [
      '--unhandled-rejections=strict',
      '--conditions=source',
      '--import',
      'tsx',
      here('./example-child.ts'),
    ],
    { cwd: here('..'), stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let stdout = ''
  let stderr = ''
  let doneAt: number | undefined
  child.stdout.on('data', (chunk) => {
    stdout += chunk
    if (doneAt === undefined && stdout.includes('DONE\n')) doneAt = Date.now()
  })
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const code = await new Promise<number | null>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 40_000)
    child.on('exit', (c) => {
      clearTimeout(kill)
      resolve(c)
    })
  })
  const exitedAfterMs = doneAt === undefined ? undefined : Date.now() - doneAt
  expect({ code, stderr }).toEqual({ code: 0, stderr: expect.any(String) })
  expect(stderr).not.toMatch(/Unhandled|TimeoutError|Error/)
  expect(stdout).toContain('readme: ok')
  expect(stdout).toContain('issue sequence: ok')
  expect(stdout).toContain('disconnect while waiting: ok')
  expect(exitedAfterMs).toBeLessThan(EXIT_WITHIN_MS)
}, 60_000)
