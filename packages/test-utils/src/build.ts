// Tests that run a package's built CLI (`node dist/cli.js`, no tsx wrapper: tsx runs the real
// node as its own child, and a kill would miss it) make sure the build is there and current:
// `npm test` builds the packages first, a test run on its own builds the package if needed.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** The newest modification time of any file below `dir`. */
function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/**
 * Builds the workspace package `name` in `dir` (`pnpm --filter <name> build`) unless `output`
 * (a path inside `dir`, e.g. `dist/cli.js`) is newer than everything under its `src`. Returns
 * the output's absolute path. Use it in a `beforeAll` with a generous timeout (a build takes a
 * few seconds).
 *
 * @throws with the build's output when the build fails.
 */
export function ensureBuilt(dir: string, name: string, output = 'dist/cli.js'): string {
  const file = join(dir, output)
  if (existsSync(file) && statSync(file).mtimeMs >= newestMtime(join(dir, 'src'))) return file
  const build = spawnSync('pnpm', ['--filter', name, 'build'], { cwd: dir, encoding: 'utf8' })
  if (build.status !== 0)
    throw new Error(
      `could not build ${name} (pnpm --filter ${name} build): ${build.error ?? ''}\n${build.stdout}${build.stderr}`,
    )
  return file
}
