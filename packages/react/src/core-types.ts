export type {
  AppSession,
  Balance,
  ConnectionStatus,
  OutgoingSignatureRequest,
  PeerPresence,
  Presence,
  SessionMessage,
  SignatureRequest,
  SignatureRequestList,
  SignatureRequestStatus,
} from '@nitrolite-kit/core'
export type { Hex } from 'viem'
