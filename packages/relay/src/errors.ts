/** A refusal the relay sends to the client verbatim as `{"res":[id,"error",{"error":message},ts]}`. */
export class RelayError extends Error {
  override name = 'RelayError'
}
