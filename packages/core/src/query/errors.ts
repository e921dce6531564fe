import { BaseError } from '../errors.js'

/**
 * A read or write needs a connected `ClearNodeClient` and there is none yet (no wallet, or
 * the connection is still opening). Thrown by every `queryFn` of the query option factories.
 *
 * @example
 * if (error instanceof ClientNotConnectedError) showConnectButton()
 */
export class ClientNotConnectedError extends BaseError {
  override name = 'ClientNotConnectedError'
  constructor() {
    super('Not connected to the ClearNode yet.', {
      metaMessages: [
        'Wait for the connection status `connected` (a connected wallet comes first).',
      ],
    })
  }
}
