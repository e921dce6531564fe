/** The current Unix time in whole seconds. */
export function nowSec(): number {
  return Math.floor(Date.now() / 1000)
}
