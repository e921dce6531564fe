/**
 * The single place where ui reaches into `@nitrolite-kit/core`.
 * TEMPORARY local fallback until core lands its amounts/validation exports.
 * @internal
 */

/** `0x`-prefixed address. */
export type Address = `0x${string}`
/** `0x`-prefixed hex. */
export type Hex = `0x${string}`
/** RPC protocol versions the node accepts. */
export type Protocol = 'NitroRPC/0.2' | 'NitroRPC/0.4'
/** Connection lifecycle. */
export type ConnectionStatus =
  | 'disconnected'
  | 'connecting'
  | 'authenticating'
  | 'connected'
  | 'reconnecting'
  | 'error'
/** One participant's amount of one asset (decimal string, human units). */
export interface Allocation {
  participant: Address
  asset: string
  amount: string
}
/** App session definition. */
export interface AppDefinition {
  application: string
  protocol: Protocol
  participants: Address[]
  weights: number[]
  quorum: number
  challenge: number
  nonce: number
}
/** App session as the node reports it. */
export interface AppSession {
  appSessionId: Hex
  application: string
  status: 'open' | 'closed' | 'resizing' | 'challenged'
  participants: Address[]
  protocol: Protocol
  weights: number[]
  quorum: number
  challenge: number
  nonce: number
  version: number
  sessionData?: string
  createdAt: string
  updatedAt: string
  allocations?: Allocation[]
}
/** Asset known to the node. */
export interface Asset {
  token: Address
  chainId: number
  symbol: string
  decimals: number
}
/** Unified balance of one asset. */
export interface Balance {
  asset: string
  amount: string
}
/** Spending cap of a session key. */
export interface Allowance {
  asset: string
  amount: string
}
/** A session message. */
export interface SessionMessage<TPayload = unknown> {
  appSessionId: Hex
  id: number
  sender: Address
  payload: TPayload
  timestamp: number
  own: boolean
}
/** A request all co-signers sign. */
export interface PreparedRequest<TMethod extends string = string> {
  method: TMethod
  params: unknown
  payload: string
  requestId: number
  timestamp: number
  requiredSigners: { wallet: Address; weight: number }[]
  quorum: number
  signatures: { wallet: Address; signature: Hex }[]
  appSessionId: Hex
}
/** One validation problem. */
export interface ValidationIssue {
  path: string
  code: string
  message: string
}

/** Thrown for unparseable amounts. */
export class AmountError extends Error {
  override name = 'AmountError'
}

const AMOUNT_RE = /^(-)?(\d*)(?:\.(\d*))?$/

/** Decimal string → smallest units. */
export function parseAmount(value: string, decimals: number): bigint {
  const v = value.trim()
  const m = AMOUNT_RE.exec(v)
  if (!m || v === '' || v === '.' || v === '-' || (!m[2] && !m[3]))
    throw new AmountError(`"${value}" is not a decimal amount.`)
  if (m[1]) throw new AmountError('Amount cannot be negative.')
  const frac = m[3] ?? ''
  if (frac.length > decimals)
    throw new AmountError(`At most ${decimals} decimal places for this asset.`)
  return BigInt((m[2] || '0') + frac.padEnd(decimals, '0'))
}

/** Smallest units → shortest decimal string. */
export function formatAmount(value: bigint, decimals: number): string {
  const neg = value < 0n
  const abs = (neg ? -value : value).toString().padStart(decimals + 1, '0')
  const int = abs.slice(0, abs.length - decimals)
  const frac = abs.slice(abs.length - decimals).replace(/0+$/, '')
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`
}

const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/

/** Definition rules of the node (§4.2 1–8). */
export function validateDefinition(d: Partial<AppDefinition>): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const participants = d.participants ?? []
  const weights = d.weights ?? []
  if (d.protocol !== 'NitroRPC/0.2' && d.protocol !== 'NitroRPC/0.4')
    issues.push({
      path: 'protocol',
      code: 'unsupported_protocol',
      message: `unsupported protocol: ${d.protocol}`,
    })
  if (participants.length < 2)
    issues.push({
      path: 'participants',
      code: 'too_few_participants',
      message: 'invalid number of participants',
    })
  participants.forEach((p, i) => {
    if (!ADDRESS_RE.test(p))
      issues.push({
        path: `participants.${i}`,
        code: 'invalid_address',
        message: 'Not an address (0x + 40 hex digits).',
      })
  })
  if (weights.length !== participants.length)
    issues.push({
      path: 'weights',
      code: 'weights_mismatch',
      message: 'number of weights must be equal to participants',
    })
  if (!d.nonce)
    issues.push({ path: 'nonce', code: 'zero_nonce', message: 'nonce is zero or not provided' })
  weights.forEach((w, i) => {
    if (w < 0)
      issues.push({
        path: `weights.${i}`,
        code: 'negative_weight',
        message: `participant ${participants[i]} weight cannot be negative`,
      })
  })
  const sum = weights.reduce((a, b) => a + b, 0)
  if ((d.quorum ?? 0) > sum)
    issues.push({
      path: 'quorum',
      code: 'quorum_too_high',
      message: `target quorum (${d.quorum}) cannot be greater than total sum of weights (${sum})`,
    })
  return issues
}

/** Allocation rules of the node (§4.2 9, §4.3 operate, §4.4 close). */
export function validateAllocations(
  allocations: Allocation[],
  ctx: {
    mode: 'create' | 'close' | 'operate'
    definition?: AppDefinition
    decimals?: Record<string, number>
    current?: Allocation[]
    balances?: Balance[]
  },
): ValidationIssue[] {
  const issues: ValidationIssue[] = []
  const dec = (a: string) => ctx.decimals?.[a] ?? 18
  const sums: Record<string, bigint> = {}
  allocations.forEach((a, i) => {
    let amount: bigint
    try {
      amount = parseAmount(a.amount, dec(a.asset))
    } catch (e) {
      issues.push({ path: `${i}.amount`, code: 'invalid_amount', message: (e as Error).message })
      return
    }
    if (ctx.definition && !ctx.definition.participants.includes(a.participant))
      issues.push({
        path: `${i}.participant`,
        code: 'non_participant',
        message: `allocation to non-participant ${a.participant}`,
      })
    sums[a.asset] = (sums[a.asset] ?? 0n) + amount
    if (ctx.mode === 'create' && ctx.balances && amount > 0n) {
      const bal = ctx.balances.find((b) => b.asset === a.asset)
      const avail = bal ? parseAmount(bal.amount, dec(a.asset)) : 0n
      if (amount > avail)
        issues.push({
          path: `${i}.amount`,
          code: 'insufficient_funds',
          message: `insufficient funds: ${a.participant} for asset ${a.asset}`,
        })
    }
  })
  if (ctx.mode !== 'create' && ctx.current) {
    const totals: Record<string, bigint> = {}
    for (const c of ctx.current)
      totals[c.asset] = (totals[c.asset] ?? 0n) + parseAmount(c.amount, dec(c.asset))
    for (const asset of new Set([...Object.keys(totals), ...Object.keys(sums)])) {
      const t = totals[asset]
      const s = sums[asset] ?? 0n
      if (t === undefined)
        issues.push({
          path: 'allocations',
          code: 'unknown_asset',
          message: `allocation references unknown asset ${asset}`,
        })
      else if (t === 0n && s !== 0n)
        issues.push({
          path: 'allocations',
          code: 'asset_not_deposited',
          message: `asset ${asset} is not deposited into the app session. Please deposit the asset first`,
        })
      else if (t !== s)
        issues.push({
          path: 'allocations',
          code: 'not_conserved',
          message: `asset ${asset} not fully redistributed`,
        })
    }
  }
  return issues
}
