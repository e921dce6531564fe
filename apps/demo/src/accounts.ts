import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'

/** Public Hardhat/Anvil dev keys: never hold real value with them. */
export const DEV_ACCOUNTS: { name: string; privateKey: Hex }[] = [
  {
    name: 'Alice',
    privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  },
  { name: 'Bob', privateKey: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a' },
  {
    name: 'Carol',
    privateKey: '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6',
  },
]

const KEY = 'nk-demo:account'

export interface DemoAccount {
  name: string
  privateKey: Hex
  address: Hex
}

/** The dev account this browser profile chose, if any. */
export function loadAccount(): DemoAccount | undefined {
  try {
    const raw = localStorage.getItem(KEY)
    if (!raw) return undefined
    const { name, privateKey } = JSON.parse(raw) as { name: string; privateKey: Hex }
    return { name, privateKey, address: privateKeyToAccount(privateKey).address }
  } catch {
    return undefined
  }
}

export function saveAccount(name: string, privateKey: Hex) {
  localStorage.setItem(KEY, JSON.stringify({ name, privateKey }))
}

export function clearAccount() {
  localStorage.removeItem(KEY)
}

export function generateAccount(): { name: string; privateKey: Hex } {
  const privateKey = generatePrivateKey()
  return { name: `Guest ${privateKeyToAccount(privateKey).address.slice(2, 6)}`, privateKey }
}

/** Display names for known addresses. */
export function nameBook(extra?: DemoAccount): Record<string, string> {
  const book: Record<string, string> = {}
  for (const a of DEV_ACCOUNTS) book[privateKeyToAccount(a.privateKey).address] = a.name
  if (extra) book[extra.address] = extra.name
  return book
}
