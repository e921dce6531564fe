'use client'
import type { ClearNodeClient } from '@nitrolite-kit/core'
import { useNitroliteContext } from '../context.js'

/** Parameters of {@link useNitroliteClient}. None yet; reserved so every hook has one shape. */
export type UseNitroliteClientParameters = Record<string, never>

/** Return type of {@link useNitroliteClient}. */
export type UseNitroliteClientReturnType = ClearNodeClient | undefined

/**
 * The connected core `ClearNodeClient`, or `undefined` before the wallet connects.
 *
 * @example
 * const client = useNitroliteClient()
 * const definition = await client?.getAppDefinition(appSessionId)
 */
export function useNitroliteClient(
  _parameters: UseNitroliteClientParameters = {},
): UseNitroliteClientReturnType {
  return useNitroliteContext('useNitroliteClient').client
}
