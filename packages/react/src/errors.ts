import { BaseError } from '@nitrolite-kit/core'

/**
 * A hook was used outside `NitroliteProvider`.
 *
 * @example
 * // throws: `useConnectionStatus` must be used within `NitroliteProvider`.
 * renderHook(() => useConnectionStatus())
 */
export class NitroliteProviderNotFoundError extends BaseError {
  override name = 'NitroliteProviderNotFoundError'
  constructor(hook: string) {
    super(`\`${hook}\` must be used within \`NitroliteProvider\`.`)
  }
}
