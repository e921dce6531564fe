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

/** sessionStorage: the account this tab plays as (a reload keeps it; another tab has its own). */
const CHOICE_KEY = 'nk-demo:account'
/** localStorage: the guest accounts this browser profile generated (kept across Switch account). */
const LIST_KEY = 'nk-demo:accounts'
/** localStorage: the last ledger balances each account seen in this profile reported. */
const BALANCES_KEY = 'nk-demo:known-balances'

/** A demo account: a display name and a local private key. */
export interface DemoAccount {
  name: string
  privateKey: Hex
  address: Hex
}

type StoredAccount = { name: string; privateKey: Hex }

function withAddress({ name, privateKey }: StoredAccount): DemoAccount {
  return { name, privateKey, address: privateKeyToAccount(privateKey).address }
}

function isStored(x: unknown): x is StoredAccount {
  const a = x as StoredAccount
  return typeof a?.name === 'string' && /^0x[0-9a-fA-F]{64}$/.test(a?.privateKey ?? '')
}

/** Guest accounts generated in this browser profile, oldest first. */
export function loadGuests(): DemoAccount[] {
  try {
    const list = JSON.parse(localStorage.getItem(LIST_KEY) ?? '[]') as unknown
    return Array.isArray(list) ? list.filter(isStored).map(withAddress) : []
  } catch {
    return []
  }
}

function rememberGuest(account: StoredAccount) {
  if (DEV_ACCOUNTS.some((a) => a.privateKey === account.privateKey)) return
  const guests = loadGuests()
  if (guests.some((g) => g.privateKey === account.privateKey)) return
  const list = [...guests, account].map(({ name, privateKey }) => ({ name, privateKey }))
  localStorage.setItem(LIST_KEY, JSON.stringify(list))
}

/** Every account this profile can sign in as: the dev accounts, then its guests. */
export function listAccounts(): DemoAccount[] {
  return [...DEV_ACCOUNTS.map(withAddress), ...loadGuests()]
}

/**
 * The account this tab chose, if any. An older demo kept the choice in localStorage (shared by
 * every tab, so tabs swapped identity on reload): such a choice is moved to this tab once and its
 * guest kept in the list.
 */
export function loadAccount(): DemoAccount | undefined {
  try {
    const legacy = localStorage.getItem(CHOICE_KEY)
    if (legacy) {
      localStorage.removeItem(CHOICE_KEY)
      const parsed = JSON.parse(legacy) as unknown
      if (isStored(parsed)) {
        rememberGuest(parsed)
        if (!sessionStorage.getItem(CHOICE_KEY)) sessionStorage.setItem(CHOICE_KEY, legacy)
      }
    }
    const raw = sessionStorage.getItem(CHOICE_KEY)
    if (!raw) return undefined
    const parsed = JSON.parse(raw) as unknown
    return isStored(parsed) ? withAddress(parsed) : undefined
  } catch {
    return undefined
  }
}

/** Makes `name` this tab's account; a generated guest is also added to the profile's list. */
export function saveAccount(name: string, privateKey: Hex) {
  rememberGuest({ name, privateKey })
  sessionStorage.setItem(CHOICE_KEY, JSON.stringify({ name, privateKey }))
}

/** Signs this tab out (the guest list is kept). */
export function clearAccount() {
  sessionStorage.removeItem(CHOICE_KEY)
}

/** A new guest account with a random key (not yet saved). */
export function generateAccount(): { name: string; privateKey: Hex } {
  const privateKey = generatePrivateKey()
  return { name: `Guest ${privateKeyToAccount(privateKey).address.slice(2, 6)}`, privateKey }
}

/** Display names for known addresses: dev accounts, this profile's guests and `extra`. */
export function nameBook(extra?: DemoAccount): Record<string, string> {
  const book: Record<string, string> = {}
  for (const a of listAccounts()) book[a.address] = a.name
  if (extra) book[extra.address] = extra.name
  return book
}

/** Ledger balances an account last reported in this profile, with when (ms). */
export interface KnownBalances {
  balances: { asset: string; amount: string }[]
  at: number
}

/**
 * Balances every account signed in somewhere in this browser profile last reported, by address.
 * The node only tells each user their own balance, so this is what the demo can know about the
 * other players before asking them to sign.
 */
export function loadKnownBalances(): Record<string, KnownBalances> {
  try {
    const raw = JSON.parse(localStorage.getItem(BALANCES_KEY) ?? '{}') as unknown
    return raw && typeof raw === 'object' ? (raw as Record<string, KnownBalances>) : {}
  } catch {
    return {}
  }
}

/** Records `address`'s live ledger balances for the other tabs of this profile. */
export function saveKnownBalances(address: string, balances: { asset: string; amount: string }[]) {
  const all = loadKnownBalances()
  all[address] = {
    balances: balances.map(({ asset, amount }) => ({ asset, amount })),
    at: Date.now(),
  }
  localStorage.setItem(BALANCES_KEY, JSON.stringify(all))
}

/** The localStorage key of {@link loadKnownBalances}, for `storage` event listeners. */
export const KNOWN_BALANCES = BALANCES_KEY
