// For tests of the fallback when libsecp256k1's native module does not load: a `node:module`
// whose `createRequire` fails for `secp256k1/bindings`, as on a platform without a prebuilt
// binary. Use it as a `vi.mock` factory:
//   vi.mock('node:module', async (real) =>
//     (await import('@nitrolite-kit/test-utils/native')).withoutNativeSecp256k1(await real()))
import type * as NodeModule from 'node:module'

/** The message the failing `require('secp256k1/bindings')` throws. */
export const NO_NATIVE_BUILD = 'No native build was found (test)'

/** `real` with a `createRequire` whose requires fail for `secp256k1/bindings` only. */
export function withoutNativeSecp256k1(real: typeof NodeModule): typeof NodeModule {
  return {
    ...real,
    createRequire: (from: string | URL) => {
      const require = real.createRequire(from)
      const failing = ((id: string) => {
        if (id === 'secp256k1/bindings') throw new Error(NO_NATIVE_BUILD)
        return require(id)
      }) as NodeJS.Require
      return Object.assign(failing, { resolve: require.resolve })
    },
  }
}
