/** Backoff settings of automatic reconnection. */
export interface ReconnectConfig {
  baseDelayMs: number
  maxDelayMs: number
  maxAttempts: number
}

/** Resolves the client's `reconnect` option; `undefined` when reconnection is off. */
export function reconnectConfig(
  option: boolean | Partial<ReconnectConfig> | undefined,
): ReconnectConfig | undefined {
  if (option === false) return undefined
  return {
    baseDelayMs: 250,
    maxDelayMs: 10_000,
    maxAttempts: Number.POSITIVE_INFINITY,
    ...(typeof option === 'object' ? option : {}),
  }
}

/** Exponential backoff with "equal jitter": half the capped delay plus a random half. */
export function backoffDelay(
  config: ReconnectConfig,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(config.maxDelayMs, config.baseDelayMs * 2 ** attempt)
  return exp / 2 + random() * (exp / 2)
}

/** Retries `attempt` with backoff until it succeeds, is stopped, or runs out of attempts. */
export interface Reconnector {
  /** Starts a retry series (no-op while one runs). */
  start(): void
  /** Cancels the pending retry. */
  stop(): void
}

/** Creates a {@link Reconnector}. `onRetry` runs before each wait; `onGiveUp` after the last failure. */
export function createReconnector(options: {
  config: ReconnectConfig
  attempt(): Promise<void>
  onRetry(attempt: number): void
  onFailure(error: unknown): void
  onGiveUp(): void
}): Reconnector {
  let timer: ReturnType<typeof setTimeout> | undefined
  let running = false
  const schedule = (n: number) => {
    if (n >= options.config.maxAttempts) {
      running = false
      options.onGiveUp()
      return
    }
    options.onRetry(n)
    timer = setTimeout(
      async () => {
        timer = undefined
        try {
          await options.attempt()
          running = false
        } catch (error) {
          options.onFailure(error)
          if (running) schedule(n + 1)
        }
      },
      backoffDelay(options.config, n),
    )
  }
  return {
    start() {
      if (running) return
      running = true
      schedule(0)
    },
    stop() {
      running = false
      if (timer) clearTimeout(timer)
      timer = undefined
    },
  }
}
