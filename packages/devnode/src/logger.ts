import type { DevnodeLogger } from './config.js'

/** Log levels, most verbose first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

/**
 * A logger that passes on only messages at or above `level`: to `sink` when given, else to
 * stderr with a `[devnode]` prefix.
 */
export function makeLogger(level: LogLevel, sink?: DevnodeLogger): DevnodeLogger {
  const base: DevnodeLogger = sink ?? {
    debug: (m) => process.stderr.write(`[devnode] ${m}\n`),
    info: (m) => process.stderr.write(`[devnode] ${m}\n`),
    warn: (m) => process.stderr.write(`[devnode] warn: ${m}\n`),
    error: (m, meta) =>
      process.stderr.write(`[devnode] error: ${m} ${meta instanceof Error ? meta.stack : ''}\n`),
  }
  const on = (l: LogLevel) => LEVELS[l] >= LEVELS[level]
  return {
    debug: (m, meta) => on('debug') && base.debug(m, meta),
    info: (m, meta) => on('info') && base.info(m, meta),
    warn: (m, meta) => on('warn') && base.warn(m, meta),
    error: (m, meta) => on('error') && base.error(m, meta),
  }
}
