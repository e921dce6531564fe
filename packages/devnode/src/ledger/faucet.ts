import { getAddress, isAddress } from 'viem'
import { type AssetConfig, FAUCET_AMOUNT_MAX_CHARS } from '../config.js'
import { ACCOUNT_TYPE, type Store } from '../db/store.js'
import { Dec, formatDecimal } from '../util/decimal.js'

/** A refused faucet call: `rule` names the rule that refused it (sent in the 400 body). */
export class FaucetError extends Error {
  /** A refusal by `rule`, e.g. `amount-format` or `max-per-address`. */
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message)
  }
}

/** Digits with an optional fraction: no sign, exponent, spaces or bare dot. */
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/

/** A faucet amount: a plain decimal string within the asset's decimals, greater than zero. */
function faucetAmount(amount: unknown, asset: Required<AssetConfig>): Dec {
  const shown = JSON.stringify(amount) ?? String(amount)
  if (
    typeof amount !== 'string' ||
    amount.length > FAUCET_AMOUNT_MAX_CHARS ||
    !PLAIN_DECIMAL.test(amount)
  ) {
    throw new FaucetError(
      'amount-format',
      `invalid amount: ${shown} is not a plain decimal string (digits with an optional fraction, e.g. "100" or "0.5"; no sign, exponent or spaces; at most ${FAUCET_AMOUNT_MAX_CHARS} characters)`,
    )
  }
  const fraction = amount.split('.')[1] ?? ''
  if (fraction.length > asset.decimals)
    throw new FaucetError(
      'amount-precision',
      `invalid amount: ${shown} has more fractional digits than ${asset.symbol} allows (${asset.decimals})`,
    )
  const d = new Dec(amount)
  if (d.lte(0))
    throw new FaucetError('amount-positive', `invalid amount: ${shown} must be greater than zero`)
  return d
}

/** A faucet cap option: a positive plain decimal (string or number). */
export function faucetCap(name: string, value: string | number | undefined, fallback: string): Dec {
  if (value === undefined) return new Dec(fallback)
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value
  if (typeof text !== 'string' || !PLAIN_DECIMAL.test(text) || new Dec(text).lte(0))
    throw new Error(`${name} must be a positive decimal number, e.g. "1000"; got ${String(value)}`)
  return new Dec(text)
}

/** What the faucet needs: the ledger, the served assets, the custody account and its caps. */
export interface FaucetOptions {
  store: Store
  assets: Required<AssetConfig>[]
  /** The broker address: minted funds leave its custody account. */
  custody: string
  maxPerCall: Dec
  maxPerAddress: Dec
  /** Called after a credit, with the address as given and checksummed (balance pushes). */
  credited(address: string): Promise<void>
}

/**
 * The faucet: credits `amount` of `asset` to `address` from custody, in one transaction that
 * checks the per-call and per-address caps, and returns the new balance. Throws `FaucetError`
 * for a refused call, which changes nothing.
 */
export function createFaucet(o: FaucetOptions) {
  const custody = { account: o.custody, participant: o.custody, type: ACCOUNT_TYPE.custody }
  return async function fund(address: string, asset: string, amount: string): Promise<string> {
    if (!isAddress(address, { strict: false }))
      throw new FaucetError('address', `invalid address: ${address}`)
    const served = o.assets.find((a) => a.symbol === asset)
    if (!served)
      throw new FaucetError(
        'asset',
        `unknown asset: ${asset} (served: ${o.assets.map((a) => a.symbol).join(', ')})`,
      )
    const d = faucetAmount(amount, served)
    if (d.gt(o.maxPerCall))
      throw new FaucetError(
        'max-per-call',
        `amount ${formatDecimal(d)} ${asset} exceeds the faucet limit of ${formatDecimal(o.maxPerCall)} ${asset} per call`,
      )
    const who = getAddress(address)
    const mintedKey = `faucet_minted:${who}:${asset}`
    const balance = o.store.tx(() => {
      const minted = new Dec(o.store.meta(mintedKey) ?? '0')
      if (minted.plus(d).gt(o.maxPerAddress))
        throw new FaucetError(
          'max-per-address',
          `faucet limit reached: ${who} has received ${formatDecimal(minted)} ${asset}, at most ${formatDecimal(o.maxPerAddress)} ${asset} per address`,
        )
      o.store.move({
        from: custody,
        to: { account: who, participant: who, type: ACCOUNT_TYPE.wallet },
        asset,
        amount: d,
        txType: 'deposit',
      })
      o.store.setMeta(mintedKey, formatDecimal(minted.plus(d)))
      return formatDecimal(o.store.balance(who, who, asset))
    })
    await o.credited(address)
    if (address !== who) await o.credited(who)
    return balance
  }
}
