import type {
  Address,
  Allocation,
  AppSession,
  Hex,
  PreparedRequest,
  SessionMessage,
} from '../internal/core.js'

/** Well-known dev accounts (checksummed). */
export const ALICE: Address = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
export const BOB: Address = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
export const CAROL: Address = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
export const SERVER: Address = '0x90F79bf6EB2c4f870365E785982E1f101E93b906'

export const NAMES: Record<string, string> = {
  [ALICE]: 'Alice',
  [BOB]: 'Bob',
  [CAROL]: 'Carol',
  [SERVER]: 'Game server',
}

export const SESSION_ID: Hex = '0x4b1e7acde82b2f2b1f2f0d8747f9ccecfe54843aff583beaaf14f0d3ef5d603d'

export const USDC = { symbol: 'usdc', decimals: 6 }
export const ETH = { symbol: 'eth', decimals: 18 }

export const alloc = (participant: Address, asset: string, amount: string): Allocation => ({
  participant,
  asset,
  amount,
})

export function session(overrides: Partial<AppSession> = {}): AppSession {
  return {
    appSessionId: SESSION_ID,
    application: 'chess',
    status: 'open',
    participants: [ALICE, BOB],
    protocol: 'NitroRPC/0.4',
    weights: [50, 50],
    quorum: 100,
    challenge: 86400,
    nonce: 1,
    version: 3,
    createdAt: '2026-11-24T10:00:00Z',
    updatedAt: '2026-11-24T10:05:00Z',
    allocations: [alloc(ALICE, 'usdc', '60'), alloc(BOB, 'usdc', '40')],
    ...overrides,
  }
}

export function messages(count: number, you: Address = ALICE): SessionMessage[] {
  const start = Date.UTC(2026, 10, 24, 10, 0, 0)
  return Array.from({ length: count }, (_, i) => {
    const sender = i % 3 === 0 ? you : i % 3 === 1 ? BOB : CAROL
    return {
      appSessionId: SESSION_ID,
      id: i + 1,
      sender,
      payload: i % 2 === 0 ? { move: `e${(i % 8) + 1}`, n: i } : `Message number ${i + 1}`,
      timestamp: start + i * 1000,
      own: sender === you,
    }
  })
}

export function prepared(overrides: Partial<PreparedRequest> = {}): PreparedRequest {
  return {
    method: 'close_app_session',
    params: {
      app_session_id: SESSION_ID,
      allocations: [alloc(ALICE, 'usdc', '100'), alloc(BOB, 'usdc', '0')],
    },
    payload: '[1,"close_app_session",{},1764000000000]',
    requestId: 1,
    timestamp: 1764000000000,
    requiredSigners: [
      { wallet: ALICE, weight: 50 },
      { wallet: BOB, weight: 50 },
    ],
    quorum: 100,
    signatures: [],
    appSessionId: SESSION_ID,
    ...overrides,
  }
}
