import { createClearNodeClient } from '@nitrolite-kit/core'
import { startDevnode } from '@nitrolite-kit/devnode'
import { createWalletClient, http } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { hardhat } from 'viem/chains'
import WebSocket from 'ws'

const node = await startDevnode({ port: 0 })
const keys = {
  alice: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  bob: '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a',
} as const
const client = (key: `0x${string}`) =>
  createClearNodeClient({
    url: node.url,
    application: 'chess',
    allowances: [{ asset: 'usdc', amount: '100' }],
    walletSigner: createWalletClient({
      account: privateKeyToAccount(key),
      chain: hardhat,
      transport: http(),
    }),
    WebSocket, // Node 20 has no global WebSocket
  })
const alice = client(keys.alice)
const bob = client(keys.bob)
const [A, B] = [privateKeyToAccount(keys.alice).address, privateKeyToAccount(keys.bob).address]
await node.fund(A, 'usdc', '50')
await node.fund(B, 'usdc', '50')
await Promise.all([alice.connect(), bob.connect()])

bob.on('signatureRequest', (request) => request.approve()) // a real app asks the user first

const session = await alice.createAppSession({
  definition: {
    application: 'chess',
    protocol: 'NitroRPC/0.4',
    participants: [A, B],
    weights: [50, 50],
    quorum: 100,
    challenge: 0,
    nonce: Date.now(),
  },
  allocations: [
    { participant: A, asset: 'usdc', amount: '10' },
    { participant: B, asset: 'usdc', amount: '10' },
  ],
})
bob.on('message', (m) => console.log(m.sender, m.payload))
await alice.sendMessage(session.appSessionId, { move: 'e4' })

alice.on('signatureRequest', (request) => request.approve())
await bob.closeAppSession({
  appSessionId: session.appSessionId,
  allocations: [
    { participant: A, asset: 'usdc', amount: '15' },
    { participant: B, asset: 'usdc', amount: '5' },
  ],
})
await Promise.all([alice.disconnect(), bob.disconnect(), node.close()])
