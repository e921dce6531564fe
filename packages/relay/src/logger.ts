/** Where the relay reports what it does. Pass your own (pino, console, …) to `startRelay`. */
export interface RelayLogger {
  debug(message: string, meta?: unknown): void
  info(message: string, meta?: unknown): void
  warn(message: string, meta?: unknown): void
  error(message: string, meta?: unknown): void
}

const noop = () => {}

/** A logger that drops everything (the library default). */
export const silentLogger: RelayLogger = { debug: noop, info: noop, warn: noop, error: noop }
