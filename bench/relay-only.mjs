#!/usr/bin/env node
// `node bench/relay-only.mjs` (the package's `bench:relay`): only the relay scenario
// (bench/relay.mjs), for work on the relay paths.
// Prints its rows, and with `--write` puts them (and `relay` in bench/results.json) in place of
// the last full run's, marking the README's run line; the other rows stay the full run's.
// Needs the packages built (`pnpm build`).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { root } from './lib.mjs'
import { relayBench, relayRows } from './relay.mjs'

const relay = await relayBench()
const rows = relayRows(relay)
process.stdout.write(`${rows.join('\n')}\n`)
if (process.argv.includes('--write')) {
  const resultsPath = join(root, 'bench/results.json')
  const results = JSON.parse(readFileSync(resultsPath, 'utf8'))
  const date = new Date().toISOString()
  results.relay = { ...relay, date }
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`)
  const readmePath = join(root, 'bench/README.md')
  const [head, notes] = readFileSync(readmePath, 'utf8').split('<!-- notes -->')
  const lines = head.split('\n')
  const first = lines.findIndex((l) => l.startsWith('| relay, '))
  const count = lines.filter((l) => l.startsWith('| relay, ')).length
  lines.splice(first, count, ...rows)
  const run = lines.findIndex((l) => l.startsWith('Last run: '))
  lines[run] =
    `${lines[run].replace(/ · relay rows: .*$/, '')} · relay rows: relay-only run ${date}`
  writeFileSync(readmePath, `${lines.join('\n')}<!-- notes -->${notes ?? ''}`)
}
