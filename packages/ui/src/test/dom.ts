/** Small DOM assertions helpers for the Vitest interaction tests (no jest-dom here). */

/** The value of an input, select or textarea. */
export function val(el: Element | null): string {
  return (el as HTMLInputElement | null)?.value ?? ''
}

/** The accessible description: the text of the elements named by `aria-describedby`. */
export function desc(el: Element | null): string {
  const ids = el?.getAttribute('aria-describedby')?.split(/\s+/).filter(Boolean) ?? []
  return ids
    .map((id) => el?.ownerDocument.getElementById(id)?.textContent?.trim() ?? '')
    .filter(Boolean)
    .join(' ')
}
