/** Pings on an interval; a failed ping reports the connection dead. */
export interface KeepAlive {
  start(): void
  stop(): void
}

/** Creates a {@link KeepAlive}; `intervalMs` of `0` disables it. */
export function createKeepAlive(options: {
  intervalMs: number
  ping(): Promise<unknown>
  onDead(): void
}): KeepAlive {
  let timer: ReturnType<typeof setInterval> | undefined
  const stop = () => {
    if (timer) clearInterval(timer)
    timer = undefined
  }
  return {
    start() {
      stop()
      if (!options.intervalMs) return
      timer = setInterval(() => {
        options.ping().catch(() => options.onDead())
      }, options.intervalMs)
    },
    stop,
  }
}
