// `@nitrolite-kit/core/vite`: the Vite plugin that makes a dapp's production bundle carry one
// tree-shaken copy of viem. A separate entry (never imported by the core's main entry); only
// Vite's `Plugin` type is imported, so `vite` stays an optional peer.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Plugin } from 'vite'

/** Files of the CommonJS `@erc7824/nitrolite` SDK (any install layout: npm, pnpm, yarn). */
const SDK_FILE = /[\\/]@erc7824[\\/]nitrolite[\\/]/
/** ox's Tempo worker pool: imports `node:worker_threads` only when it runs in Node. */
const OX_WORKER_POOL = /[\\/]ox[\\/]_esm[\\/]tempo[\\/]internal[\\/]virtualMasterPool\.js$/

const SHIM_PREFIX = '\0nitrolite-kit:viem-esm:'
const WORKER_THREADS_STUB = '\0nitrolite-kit:node-worker-threads'

/** The SDK's CommonJS requires that get viem's ESM build, and the ESM file each maps to. */
const VIEM_ENTRIES: Record<string, string> = {
  viem: 'index.js',
  'viem/accounts': 'accounts/index.js',
}

export interface NitroliteKitPluginOptions {
  /**
   * Replace the `node:worker_threads` import of ox's Tempo worker pool (Node-only code viem
   * reaches through its chain definitions) with a stub in browser builds, instead of Vite
   * externalizing it with a warning. Default `true`.
   */
  stubNodeWorkerThreads?: boolean
  /**
   * Split `node_modules` into three chunks in client builds, `react`, `viem` (viem, ox, noble,
   * scure, abitype) and `vendor` (the rest), so that no chunk passes Vite's 500 kB warning and
   * the libraries stay cached across your deploys. Skipped when your config already sets
   * `output.codeSplitting` or `output.manualChunks`. Default `true`.
   */
  vendorChunks?: boolean
}

const REACT = /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/
const VIEM = /[\\/]node_modules[\\/](viem|ox|abitype|@noble|@scure|@adraffy)[\\/]/
const NODE_MODULES = /[\\/]node_modules[\\/]/

/** The vendor chunk a module goes to (`null`: the app's own code, Vite decides). */
export function vendorChunk(id: string): string | null {
  if (REACT.test(id)) return 'react'
  if (VIEM.test(id)) return 'viem'
  if (NODE_MODULES.test(id)) return 'vendor'
  return null
}

/** viem's ESM directory (`…/viem/_esm`) as `importer` resolves it: the app's own viem. */
function viemEsmDir(importer: string): string {
  const pkg = createRequire(importer).resolve('viem/package.json')
  return join(dirname(pkg), '_esm')
}

const slash = (path: string) => path.replace(/\\/g, '/')
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

/**
 * The names a CommonJS file reads from `require(specifier)`, when it only ever uses the result
 * as `binding.name` (what TypeScript's CommonJS output does); `undefined` when it uses it any
 * other way (then the whole entry is kept).
 */
export function requiredNames(code: string, specifier: string): string[] | undefined {
  const declaration = new RegExp(
    `(?:const|let|var)\\s+([\\w$]+)\\s*=\\s*require\\(\\s*["']${escapeRegExp(specifier)}["']\\s*\\)`,
  )
  const binding = code.match(declaration)?.[1]
  if (!binding) return undefined
  const rest = code.replace(declaration, '')
  const names = new Set<string>()
  const uses = new RegExp(
    `(?<![\\w$.])${escapeRegExp(binding)}(?![\\w$])(\\.([A-Za-z_$][\\w$]*))?`,
    'g',
  )
  for (const use of rest.matchAll(uses)) {
    if (!use[2]) return undefined
    names.add(use[2])
  }
  return [...names].sort()
}

/**
 * Vite plugin for apps that use Nitrolite Kit (Vite 6 and later):
 *
 * - the SDK's CommonJS `require('viem')` and `require('viem/accounts')` resolve to viem's ESM
 *   build, through a module that re-exports only the names the requiring file reads. viem is
 *   bundled once, tree-shaken, instead of its whole CommonJS build next to the ESM one, and
 *   without the BIP-39 wordlists a CommonJS `require('viem/accounts')` would keep;
 * - in browser builds, ox's Node-only `node:worker_threads` import becomes a stub (no
 *   "externalized for browser compatibility" warning);
 * - client builds split `node_modules` into `react`, `viem` and `vendor` chunks (`vendorChunks`).
 *
 * Only imports made by `@erc7824/nitrolite` (and that one ox file) are redirected; your own
 * `viem` and `viem/accounts` imports resolve as usual. viem is resolved from the requiring file,
 * so the app's own viem install is used whatever the package manager's layout.
 *
 * ```ts
 * import { nitroliteKit } from '@nitrolite-kit/core/vite'
 * export default defineConfig({ plugins: [react(), nitroliteKit()] })
 * ```
 */
export function nitroliteKit(options: NitroliteKitPluginOptions = {}): Plugin {
  const stubWorkerThreads = options.stubNodeWorkerThreads ?? true
  /** Shim id → [ESM file, names]. */
  const shims = new Map<string, [string, string[]]>()
  return {
    name: 'nitrolite-kit',
    enforce: 'pre',
    config(config, env) {
      if (!(options.vendorChunks ?? true) || env.command !== 'build' || config.build?.ssr) return
      const bundler = config.build?.rolldownOptions ?? config.build?.rollupOptions
      const outputs = [bundler?.output ?? []].flat()
      if (outputs.some((o) => o && ('codeSplitting' in o || 'manualChunks' in o))) return
      // Vite 8 bundles with Rolldown (`codeSplitting`), earlier versions with Rollup.
      if ('rolldownVersion' in this.meta) {
        return {
          build: {
            rolldownOptions: {
              output: {
                codeSplitting: {
                  groups: [
                    { name: 'react', test: REACT, priority: 3 },
                    { name: 'viem', test: VIEM, priority: 2 },
                    { name: 'vendor', test: NODE_MODULES, priority: 1 },
                  ],
                },
              },
            },
          },
        }
      }
      return { build: { rollupOptions: { output: { manualChunks: vendorChunk } } } }
    },
    resolveId(source, importer, resolveOptions) {
      if (!importer) return null
      const entry = VIEM_ENTRIES[source]
      if (entry && SDK_FILE.test(importer)) {
        const file = slash(join(viemEsmDir(importer), entry))
        const names = requiredNames(readFileSync(importer, 'utf8'), source)
        if (!names) return file
        const id = `${SHIM_PREFIX}${file}?${names.join(',')}`
        shims.set(id, [file, names])
        return id
      }
      if (
        stubWorkerThreads &&
        source === 'node:worker_threads' &&
        !resolveOptions?.ssr &&
        OX_WORKER_POOL.test(importer)
      ) {
        return WORKER_THREADS_STUB
      }
      return null
    },
    load(id) {
      const shim = shims.get(id)
      if (shim) {
        const [file, names] = shim
        return `export { ${names.join(', ')} } from ${JSON.stringify(file)}\n`
      }
      if (id === WORKER_THREADS_STUB) {
        return [
          'export class Worker {',
          '  constructor() {',
          "    throw new Error('node:worker_threads is not available in the browser')",
          '  }',
          '}',
          'export default { Worker }',
        ].join('\n')
      }
      return null
    },
  }
}
