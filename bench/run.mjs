#!/usr/bin/env node
// `pnpm bench`: runs every scenario with its baseline in the same run, prints the ratio table,
// writes bench/results.json and bench/README.md. Never part of `npm test`.
// Needs the packages built (`pnpm bench` builds them first).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { measureAll } from '../tools/size/size.mjs'
import { root, round } from './lib.mjs'
import { relayBench, relayRows } from './relay.mjs'
import { throughputBench } from './throughput.mjs'

const log = (m) => process.stderr.write(`[bench] ${m}\n`)

function pnpm(args, env = {}) {
  const r = spawnSync('pnpm', args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  })
  if (r.status !== 0) throw new Error(`pnpm ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`)
}

/** Runs a package's `vitest.bench.config.ts` (jsdom) and reads the JSON it writes. */
function packageBench(name) {
  pnpm(
    ['exec', 'vitest', 'run', '--root', `packages/${name}`, '--config', 'vitest.bench.config.ts'],
    { BENCH_OUT: join(root, 'bench/.tmp') },
  )
  return JSON.parse(readFileSync(join(root, `bench/.tmp/${name}.json`), 'utf8'))
}

function demoFirstLoad() {
  pnpm(['--filter', '@nitrolite-kit/demo', 'run', 'build'])
  const dist = join(root, 'apps/demo/dist')
  const html = readFileSync(join(dist, 'index.html'), 'utf8')
  const refs = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+)"/g)].map((m) => m[1])
  let gz = 0
  for (const ref of refs) gz += gzipSync(readFileSync(join(dist, ref)), { level: 9 }).byteLength
  gz += gzipSync(html).byteLength
  const all = readdirSync(join(dist, 'assets')).length
  return { files: refs, gzipBytes: gz, assetsInBuild: all }
}

const results = {
  machine: { cores: cpus().length, node: process.version, date: new Date().toISOString() },
}
log('relay…')
results.relay = await relayBench()
log('session throughput…')
results.throughput = await throughputBench()
log('react…')
results.react = packageBench('react')
results.ui = packageBench('ui')
log('bundle size…')
const sizes = await measureAll()
const demo = demoFirstLoad()
results.bundle = {
  coreReact: {
    gzipBytes: sizes['core+react'].gzip,
    budget: sizes['core+react'].budget,
    pass: sizes['core+react'].gzip <= sizes['core+react'].budget,
  },
  ui: { gzipBytes: sizes.ui.gzip, budget: sizes.ui.budget, pass: sizes.ui.gzip <= sizes.ui.budget },
  demoFirstLoad: { ...demo, budget: 300_000, pass: demo.gzipBytes <= 300_000 },
}
writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`)

const yes = (b) => (b ? 'PASS' : '**MISS**')
const t = results.throughput
const rows = [
  '| scenario | measured | baseline (same run) | ratio | target | met |',
  '| --- | --- | --- | --- | --- | --- |',
  ...relayRows(results.relay),
  `| session create+close (2 funders, ${t.window} in flight), native | ${t.paths.native.cyclesPerSecond} cycles/s (${t.paths.native.cycleMs} ms; 4 recoveries: ${t.paths.native.baseline.cycleMs} ms) | noble, same run: ${t.paths.noble.cyclesPerSecond} cycles/s (${t.paths.noble.cycleMs} ms; 4 recoveries: ${t.paths.noble.baseline.cycleMs} ms) | ${t.speedup}× noble (rounds ${t.speedupRange[0]}–${t.speedupRange[1]}; node CPU per cycle ${t.paths.native.cpuMsPerCycle} vs ${t.paths.noble.cpuMsPerCycle} ms: ${t.cpuSpeedup}×) | ≥ ${t.target}× noble | ${yes(t.pass)} |`,
  `| React: renders of the session's consumer | ${results.react.rendersSession} for ${results.react.messages} msgs (${results.react.unbatched.renders}/${results.react.unbatched.messages} one per task, ${results.react.batched.renders}/${results.react.batched.messages} in bursts of ${results.react.batched.batchSize}) | 1 per message | ${round(results.react.rendersPerMessage, 2)} per msg | ≤ 1 per msg | ${yes(results.react.rendersPerMessage <= 1)} |`,
  `| React: renders of another session's consumer | ${results.react.rendersOtherSession} | 0 | – | 0 | ${yes(results.react.rendersOtherSession === 0)} |`,
  `| ui: MessageLog DOM nodes, ${results.ui.messages} msgs | ${results.ui.messageLogDomNodes} | bounded | – | < 400 | ${yes(results.ui.messageLogDomNodes < 400)} |`,
  `| React: heap growth, 10k msgs | ${results.react.heapGrowthMB} MB (gc exposed: ${results.react.gcExposed}) | – | – | bounded by history (500) | – |`,
  `| bundle: core + react (min+gz, peers external) | ${results.bundle.coreReact.gzipBytes} B | – | – | ≤ ${results.bundle.coreReact.budget} B | ${yes(results.bundle.coreReact.pass)} |`,
  `| bundle: ui | ${results.bundle.ui.gzipBytes} B | – | – | ≤ ${results.bundle.ui.budget} B | ${yes(results.bundle.ui.pass)} |`,
  `| demo first load (gz) | ${results.bundle.demoFirstLoad.gzipBytes} B | – | – | ≤ 300 000 B | ${yes(results.bundle.demoFirstLoad.pass)} |`,
]
const table = rows.join('\n')
process.stdout.write(`\n${table}\n`)

const readmePath = join(root, 'bench/README.md')
const notes = existsSync(readmePath)
  ? (readFileSync(readmePath, 'utf8').split('<!-- notes -->')[1] ?? '')
  : ''
writeFileSync(
  readmePath,
  `# Benchmarks

\`bench/\` is a private workspace package (\`@nitrolite-kit/bench\`): it imports the kit through its declared dependencies (\`@nitrolite-kit/core\`, \`@nitrolite-kit/devnode\`), as built by \`pnpm build\`, never through other packages' folders. React and ui render benches live beside their packages (\`packages/*/bench\`, run with their \`vitest.bench.config.ts\`).

\`pnpm bench\` (never part of \`npm test\`) builds the packages, runs each scenario with its
baseline in the same run, prints this table and writes \`bench/results.json\`. Ratios, not
absolute times, are the numbers to track: these machines are shared.

Last run: ${results.machine.date} · ${results.machine.cores} cores · Node ${results.machine.node}

${table}

Both signature paths run in the same run: one devnode process on \`--signatures native\`
(libsecp256k1) and one on \`--signatures noble\`. Every setup is measured in every round (7
relay rounds per size, 9 throughput rounds), in an order that rotates from round to round (the
relay's also reverses every other round),
after an untimed warm-up; each ratio is computed within a round and the table shows the
median round with the range of all rounds. Scenarios: \`bench/relay.mjs\` (N core clients, one
sender, time until every participant — the sender's echo included — has the message, one
message at a time; then msg/s with 8 in flight; baseline: a bare \`ws\` fan-out server in its
own process with the same sockets and a frame of the same shape, whose sender signs each frame
just before sending it (keccak256 + secp256k1 with viem, as core's client does), plus one
recovery on the path, the work the path cannot avoid; a diagnostic row times the native relay
with its receivers counting the raw frames off their sockets, as the fan-out's receivers do,
which leaves the node's and the sending client's share; the durable rows send through the devnode's embedded
relay at \`/relay\` with core's \`standaloneRelay\`, on the same native node, and compare with
the legacy \`/ws\` relay of the same round), \`bench/throughput.mjs\` (SDK requests signed just
before their round, over one socket, 16 in flight; target: native ≥ 8× noble cycles/s; the 4
recoveries per cycle are shown, and the node processes' CPU time per cycle from \`/proc\`),
\`packages/react/bench/messages.bench.test.tsx\` (jsdom, store-driven), \`packages/ui/bench/message-log.bench.test.tsx\`, \`tools/size/size.mjs\`
and the demo's \`vite build\`.
<!-- notes -->${notes}`,
)
log('done: bench/results.json, bench/README.md')
