import { BaseError } from '@nitrolite-kit/core'

/** A hook was used outside `NitroliteProvider`. */
export class NitroliteProviderNotFoundError extends BaseError {
  override name = 'NitroliteProviderNotFoundError'
  constructor(hook: string) {
    super(`\`${hook}\` must be used within \`NitroliteProvider\`.`)
  }
}

/** A hook needs a connected client. */
export class ClientNotConnectedError extends BaseError {
  override name = 'ClientNotConnectedError'
  constructor() {
    super('Not connected to the ClearNode yet.', {
      metaMessages: [
        'Connect a wallet (wagmi) first; `NitroliteProvider` connects automatically when `autoConnect` is on.',
      ],
    })
  }
}
