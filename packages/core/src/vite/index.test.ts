import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { nitroliteKit, requiredNames, vendorChunk } from './index.js'

type Hook = (this: unknown, ...args: unknown[]) => unknown
const hook = (plugin: ReturnType<typeof nitroliteKit>, name: 'resolveId' | 'load') =>
  plugin[name] as unknown as Hook

describe('requiredNames', () => {
  it('lists the members a CommonJS file reads from a require', () => {
    const code = [
      'const viem_1 = require("viem");',
      'const x = (0, viem_1.keccak256)(viem_1.toHex(1));',
      'exports.z = viem_1.zeroAddress; // viem_1.zeroAddress again',
    ].join('\n')
    expect(requiredNames(code, 'viem')).toEqual(['keccak256', 'toHex', 'zeroAddress'])
  })

  it('gives up when the binding escapes (the whole entry is kept)', () => {
    expect(requiredNames('const v = require("viem");\nmodule.exports = v', 'viem')).toBeUndefined()
    expect(requiredNames('const { toHex } = require("viem")', 'viem')).toBeUndefined()
  })
})

describe('nitroliteKit()', () => {
  const sdkEntry = createRequire(import.meta.url).resolve('@erc7824/nitrolite')
  const sdkFile = sdkEntry.replace(/index\.js$/, 'rpc/api.js')

  it("maps the SDK's viem requires to viem's ESM build, with only the names it reads", () => {
    const plugin = nitroliteKit()
    const resolveId = hook(plugin, 'resolveId')
    const load = hook(plugin, 'load')
    const id = resolveId.call({}, 'viem', sdkFile, {}) as string
    expect(id).toMatch(/^\0nitrolite-kit:viem-esm:.*\/viem\/_esm\/index\.js\?/)
    expect(load.call({}, id)).toMatch(/^export \{ [\w, ]+ \} from ".*\/viem\/_esm\/index\.js"\n$/)
  })

  it('drops the BIP-39 wordlists from viem/accounts', () => {
    const plugin = nitroliteKit()
    const file = sdkEntry.replace(/index\.js$/, 'utils/sign.js')
    const id = hook(plugin, 'resolveId').call({}, 'viem/accounts', file, {}) as string
    const code = hook(plugin, 'load').call({}, id) as string
    expect(code).toContain('privateKeyToAccount')
    expect(code).not.toMatch(/english|mnemonic/)
  })

  it("leaves the app's own imports alone", () => {
    const resolveId = hook(nitroliteKit(), 'resolveId')
    expect(resolveId.call({}, 'viem', '/app/src/main.ts', {})).toBeNull()
    expect(resolveId.call({}, 'viem/accounts', '/app/src/main.ts', {})).toBeNull()
  })

  it("stubs ox's node:worker_threads import in browser builds only", () => {
    const resolveId = hook(nitroliteKit(), 'resolveId')
    const pool = '/app/node_modules/ox/_esm/tempo/internal/virtualMasterPool.js'
    expect(resolveId.call({}, 'node:worker_threads', pool, {})).toBe(
      '\0nitrolite-kit:node-worker-threads',
    )
    expect(resolveId.call({}, 'node:worker_threads', pool, { ssr: true })).toBeNull()
  })

  it('names the vendor chunks', () => {
    expect(vendorChunk('/a/node_modules/.pnpm/react-dom@19/node_modules/react-dom/index.js')).toBe(
      'react',
    )
    expect(vendorChunk('/a/node_modules/viem/_esm/index.js')).toBe('viem')
    expect(vendorChunk('/a/node_modules/wagmi/dist/esm/index.js')).toBe('vendor')
    expect(vendorChunk('/a/src/App.tsx')).toBeNull()
  })
})
