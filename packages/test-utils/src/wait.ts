/**
 * Resolves once `condition` holds, polling every 10 ms; rejects with `message` after
 * `timeoutMs`. For waits on something that must happen, never for "nothing happened".
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  message = 'condition not met in time',
): Promise<void> {
  const start = Date.now()
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(message)
    await new Promise((r) => setTimeout(r, 10))
  }
}
