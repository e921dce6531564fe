// The devnode's signature engine: the relay package's (libsecp256k1 when its native module
// loads, viem/noble otherwise), chosen by the `signatures` option or the devnode's environment
// variable. The engines themselves live in `@nitrolite-kit/relay` (`signatures.ts`), so the
// embedded and the standalone relay recover on the same code as the node.
import {
  type SignatureEngine,
  type SignaturesOption,
  selectSignatures as selectEngine,
} from '@nitrolite-kit/relay'

export type { SignatureEngine, SignaturePath, SignaturesOption } from '@nitrolite-kit/relay'

/** Environment variable read when no `signatures` option is given. */
export const SIGNATURES_ENV = 'NITROLITE_DEVNODE_SIGNATURES'

/**
 * The engine for a `signatures` option (or, when it is undefined, the
 * {@link SIGNATURES_ENV} environment variable; default `auto`).
 *
 * @throws when the value is not `auto`, `native` or `noble`, or `native` is asked for and
 * libsecp256k1 does not load.
 */
export function selectSignatures(
  option?: SignaturesOption,
  env: string | undefined = process.env[SIGNATURES_ENV],
): SignatureEngine {
  return selectEngine(option, env)
}

let fallback: SignatureEngine | undefined

/** The engine used when a caller passes none: `selectSignatures()`, chosen once. */
export function defaultSignatures(): SignatureEngine {
  fallback ??= selectSignatures()
  return fallback
}
