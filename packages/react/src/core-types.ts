export type {
  AppSession,
  Balance,
  ConnectionStatus,
  SessionMessage,
  SignatureRequest,
} from '@nitrolite-kit/core'
export type { Hex } from 'viem'
