import { useCallback, useRef, useState } from 'react'

/** Parameters of {@link useControllableState}. @internal */
export interface UseControllableStateParameters<T> {
  /** Controlled value; `undefined` means uncontrolled. */
  prop: T | undefined
  /** Initial value when uncontrolled. */
  defaultProp: T
  /** Called with every new value, controlled or not. */
  onChange?: ((value: T) => void) | undefined
}

/**
 * Controlled/uncontrolled state in one hook (Radix pattern): when `prop` is given the caller owns
 * the value, otherwise it is kept here; `onChange` fires either way.
 * @internal
 */
export function useControllableState<T>({
  prop,
  defaultProp,
  onChange,
}: UseControllableStateParameters<T>): [T, (next: T | ((prev: T) => T)) => void] {
  const [uncontrolled, setUncontrolled] = useState(defaultProp)
  const isControlled = prop !== undefined
  const value = isControlled ? prop : uncontrolled
  const valueRef = useRef(value)
  valueRef.current = value
  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange

  const setValue = useCallback(
    (next: T | ((prev: T) => T)) => {
      const resolved =
        typeof next === 'function' ? (next as (prev: T) => T)(valueRef.current) : next
      if (Object.is(resolved, valueRef.current)) return
      valueRef.current = resolved
      if (!isControlled) setUncontrolled(resolved)
      onChangeRef.current?.(resolved)
    },
    [isControlled],
  )
  return [value, setValue]
}
