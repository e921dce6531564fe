/** Per-wallet token buckets: each wallet may take `perMinute` tokens a minute (burst: `perMinute`). */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  /** A limiter letting each key take `perMinute` tokens per minute. */
  constructor(readonly perMinute: number) {
    if (!Number.isInteger(perMinute) || perMinute < 0)
      throw new Error(`rate must be an integer ≥ 0, got ${String(perMinute)}`)
  }

  /** Takes one token for `key`; `false` (and nothing taken) when its bucket is empty. */
  take(key: string, now = Date.now()): boolean {
    const capacity = this.perMinute
    const b = this.buckets.get(key) ?? { tokens: capacity, at: now }
    b.tokens = Math.min(capacity, b.tokens + ((now - b.at) * capacity) / 60_000)
    b.at = now
    this.buckets.set(key, b)
    if (b.tokens < 1) return false
    b.tokens -= 1
    if (this.buckets.size > 10_000) this.prune(now)
    return true
  }

  /** Forgets buckets that have refilled completely (they equal a fresh one). */
  private prune(now: number): void {
    for (const [k, b] of this.buckets)
      if (b.tokens + ((now - b.at) * this.perMinute) / 60_000 >= this.perMinute)
        this.buckets.delete(k)
  }
}
