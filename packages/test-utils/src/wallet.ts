import { createWalletClient, custom, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'

/**
 * A viem wallet client on a local private-key account: it signs messages and EIP-712 data
 * itself and has no chain RPC (any RPC call throws).
 */
export function localWallet(key: Hex) {
  return createWalletClient({
    account: privateKeyToAccount(key),
    transport: custom({
      request: async () => {
        throw new Error('no RPC in tests')
      },
    }),
  })
}
