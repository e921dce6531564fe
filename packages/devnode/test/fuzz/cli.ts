// `pnpm fuzz --frames N [--seed S] [--signed-share 0.5]`: the long fuzz run (not part of
// `npm test`, which runs a fast slice of the same engine). Prints progress, writes its counts
// to .test-results/devnode-fuzz-long.json and exits 1 on any crash or invariant violation.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { runFuzz } from './engine.js'

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '42' },
    'signed-share': { type: 'string', default: '0.5' },
  },
})
const frames = Number(values.frames)
if (!Number.isInteger(frames) || frames < 1) throw new Error('--frames takes a whole number ≥ 1')

const report = await runFuzz({
  frames,
  seed: Number(values.seed),
  signedShare: Number(values['signed-share']),
  checkEvery: 1000,
  onProgress: (done, r) =>
    process.stderr.write(
      `[fuzz] ${done}/${frames} frames, ${r.applied} applied, ${r.refused} refused, ${r.crashes} crashes, ${r.violations.length} violations\n`,
    ),
})
const out = fileURLToPath(new URL('../../../../.test-results/', import.meta.url))
mkdirSync(out, { recursive: true })
writeFileSync(join(out, 'devnode-fuzz-long.json'), `${JSON.stringify(report, null, 2)}\n`)
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
process.exit(report.crashes === 0 && report.violations.length === 0 ? 0 : 1)
