/**
 * Drops `undefined` values, so `{ url, wallet: undefined }` and `{ url }` share one cache entry.
 *
 * @internal
 */
export function filterQueryKeyParameters<T extends object>(parameters: T): T {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(parameters)) if (v !== undefined) out[k] = v
  return out as T
}
