/** Joins class names, skipping falsy ones. @internal */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ')
}
