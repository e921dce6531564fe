/** A listener of one event. */
export type Listener<T> = (value: T) => void

/** A typed event source: `on` returns the unsubscribe function. */
export interface Emitter<Events> {
  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void
  emit<E extends keyof Events>(event: E, value: Events[E]): void
  /** Number of listeners attached, over all events. */
  count(): number
  /** Removes every listener. */
  clear(): void
}

/**
 * Creates an {@link Emitter}. A listener that throws is reported to `onListenerError` and does not
 * stop the others.
 */
export function createEmitter<Events>(
  onListenerError: (event: keyof Events, error: unknown) => void,
): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<(value: never) => void>>()
  return {
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) {
        set = new Set()
        listeners.set(event, set)
      }
      set.add(listener as (value: never) => void)
      return () => {
        listeners.get(event)?.delete(listener as (value: never) => void)
      }
    },
    emit(event, value) {
      for (const listener of listeners.get(event) ?? []) {
        try {
          ;(listener as Listener<typeof value>)(value)
        } catch (error) {
          onListenerError(event, error)
        }
      }
    },
    count: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
    clear: () => listeners.clear(),
  }
}
