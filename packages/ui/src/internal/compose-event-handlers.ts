/**
 * Calls the user's handler first, then ours unless the user called `preventDefault()`.
 * @internal
 */
export function composeEventHandlers<E extends { defaultPrevented: boolean }>(
  original: ((event: E) => void) | undefined,
  ours: (event: E) => void,
): (event: E) => void {
  return (event) => {
    original?.(event)
    if (!event.defaultPrevented) ours(event)
  }
}
