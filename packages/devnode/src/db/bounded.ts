/** Most entries each of the store's caches keeps at once. */
export const CACHED = 10_000

/** `map.set`, emptying the map first when it holds `max` entries. */
export function setBounded<K, V>(map: Map<K, V>, max: number, key: K, value: V): void {
  if (map.size >= max && !map.has(key)) map.clear()
  map.set(key, value)
}
