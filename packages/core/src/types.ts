import type { Address, Hex } from 'viem'

/** Where the client's connection stands. */
export type ConnectionStatus =
  | 'disconnected'
  | 'connecting'
  | 'authenticating'
  | 'connected'
  | 'reconnecting'
  | 'error'

/** App-session protocol versions the ClearNode accepts. */
export type Protocol = 'NitroRPC/0.2' | 'NitroRPC/0.4'

/** `submit_app_state` intents (NitroRPC/0.4). */
export type Intent = 'operate' | 'deposit' | 'withdraw'

/** A spending cap of a session key: `amount` is a decimal string. */
export interface Allowance {
  asset: string
  amount: string
}

/** What one participant holds of one asset in a session: `amount` is a decimal string. */
export interface Allocation {
  participant: Address
  asset: string
  amount: string
}

/** An app-session definition: who takes part, whose signatures count, and the nonce that makes it unique. */
export interface AppDefinition {
  application: string
  protocol: Protocol
  participants: Address[]
  weights: number[]
  quorum: number
  challenge: number
  nonce: number
}

/** Status values of an app session. */
export type AppSessionStatus = 'open' | 'closed' | 'resizing' | 'challenged'

/** An app session as the node reports it, plus its allocations when known. */
export interface AppSession {
  appSessionId: Hex
  application: string
  status: AppSessionStatus
  participants: Address[]
  protocol: Protocol
  weights: number[]
  quorum: number
  challenge: number
  nonce: number
  version: number
  sessionData?: string
  createdAt: string
  updatedAt: string
  /** Every participant's holdings, when known (after create, `asu`, close, or a refresh). */
  allocations?: Allocation[]
}

/** An asset the node serves. */
export interface Asset {
  token: Address
  chainId: number
  symbol: string
  decimals: number
}

/** A ledger balance: `amount` is a decimal string. */
export interface Balance {
  asset: string
  amount: string
}

/** A session message as every participant sees it. */
export interface SessionMessage<TPayload = unknown> {
  appSessionId: Hex
  /** Request id of the frame (unique per sender). */
  id: number
  /** The sender's wallet. */
  sender: Address
  payload: TPayload
  /** Milliseconds, from the frame. */
  timestamp: number
  /** `true` for the echo of a message this client sent. */
  own: boolean
}

/** State-changing methods that need co-signatures. */
export type SignedMethod = 'create_app_session' | 'submit_app_state' | 'close_app_session'

/** A request every co-signer signs byte-for-byte. */
export interface PreparedRequest<TMethod extends SignedMethod = SignedMethod> {
  method: TMethod
  params: Record<string, unknown>
  /** Exact JSON bytes of the `req` array: what every signature covers (keccak256, no prefix). */
  payload: string
  requestId: number
  timestamp: number
  /** Wallets whose signature the node needs, with their weight. */
  requiredSigners: { wallet: Address; weight: number }[]
  /** Weight to reach (create: the number of funders; submit/close: the quorum). */
  quorum: number
  signatures: { wallet: Address; signature: Hex }[]
  /** For create: the id the node will assign; otherwise the session's id. */
  appSessionId: Hex
  /** The session definition (create), so co-signers can check what they sign. */
  definition?: AppDefinition
}
