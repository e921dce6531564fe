import { type Dec, parseDecimal } from '../util/decimal.js'
import { RpcError } from './context.js'

/** `params` as an object, or an {@link RpcError} with `message`. */
export function obj(
  params: unknown,
  message = 'failed to parse parameters',
): Record<string, unknown> {
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw new RpcError(message)
  return params as Record<string, unknown>
}

/** Optional params of read methods: an object, or `{}` for anything else. */
export function optional(params: unknown): Record<string, unknown> {
  return params && typeof params === 'object' && !Array.isArray(params)
    ? (params as Record<string, unknown>)
    : {}
}

/** A string parameter (`''` when absent), or an {@link RpcError} with `message`. */
export function str(v: unknown, message = 'failed to parse parameters'): string {
  if (v === undefined || v === null) return ''
  if (typeof v !== 'string') throw new RpcError(message)
  return v
}

/** A non-negative integer parameter (`0` when absent), or an {@link RpcError} with `message`. */
export function uint(v: unknown, message = 'failed to parse parameters'): number {
  if (v === undefined || v === null) return 0
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new RpcError(message)
  return v
}

/** A decimal amount parameter, or `failed to parse parameters`. */
export function amount(v: unknown): Dec {
  const d = parseDecimal(v)
  if (!d) throw new RpcError('failed to parse parameters')
  return d
}

/** A positive number parameter, or `fallback`. */
export function positive<T>(v: unknown, fallback: T): number | T {
  return typeof v === 'number' && v > 0 ? v : fallback
}

/** A non-empty string parameter, or `undefined`. */
export function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined
}

/** A positive number parameter capped at `max`, or `fallback`. */
export function cappedLimit(v: unknown, max: number, fallback: number): number {
  return typeof v === 'number' && v > 0 ? Math.min(v, max) : fallback
}
