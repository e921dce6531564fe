/**
 * The single place where ui reaches into `@nitrolite-kit/core`: the node's rules, exact amounts and
 * the shared types all come from there (no rule logic is duplicated in ui).
 * @internal
 */
export type {
  Allocation,
  Allowance,
  AppDefinition,
  AppSession,
  Asset,
  Balance,
  ConnectionStatus,
  Intent,
  ParticipantEffect,
  PreparedRequest,
  Protocol,
  SessionMessage,
  ValidationIssue,
} from '@nitrolite-kit/core'
export {
  AmountError,
  formatAmount,
  parseAmount,
  requiredSigners,
  splitByBasisPoints,
  splitEvenly,
  validateAllocations,
  validateDefinition,
} from '@nitrolite-kit/core'

/** `0x`-prefixed address (same shape as viem's `Address`). */
export type Address = `0x${string}`
/** `0x`-prefixed hex (same shape as viem's `Hex`). */
export type Hex = `0x${string}`

/** The short, user-facing message of an error (core errors carry `shortMessage`). */
export function shortMessageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'shortMessage' in error)
    return String((error as { shortMessage: unknown }).shortMessage)
  return error instanceof Error ? error.message : String(error)
}
