// A logger that keeps its info lines, for tests of what a node or relay says at start-up. Fits
// the devnode's `DevnodeLogger` and the relay's `RelayLogger` (the same four methods).

/** The four methods both loggers have. */
export interface TestLogger {
  debug(message: string, meta?: unknown): void
  info(message: string, meta?: unknown): void
  warn(message: string, meta?: unknown): void
  error(message: string, meta?: unknown): void
}

/** A logger whose `info` lines collect in `lines`; the other levels are dropped. */
export function recordingLogger(): { lines: string[]; logger: TestLogger } {
  const lines: string[] = []
  return {
    lines,
    logger: {
      debug: () => {},
      info: (m) => lines.push(m),
      warn: () => {},
      error: () => {},
    },
  }
}
