// Build-time stand-in for `viem/accounts` (see vite.config.ts): only what the kit, the SDK and
// the demo use, so the bundle does not carry viem's BIP-39 wordlists through the CommonJS SDK.
import type * as Accounts from 'viem/accounts'
// @ts-expect-error viem's ESM files ship without colocated declarations
import { generatePrivateKey as generate } from '../../node_modules/viem/_esm/accounts/generatePrivateKey.js'
// @ts-expect-error viem's ESM files ship without colocated declarations
import { privateKeyToAccount as toAccount } from '../../node_modules/viem/_esm/accounts/privateKeyToAccount.js'

export const generatePrivateKey: typeof Accounts.generatePrivateKey = generate
export const privateKeyToAccount: typeof Accounts.privateKeyToAccount = toAccount
export type { PrivateKeyAccount } from 'viem/accounts'
