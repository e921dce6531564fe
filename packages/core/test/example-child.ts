// Run by example.test.ts in a child Node process (`--unhandled-rejections=strict`): the core
// README's example, then the issue 11 sequence (connect → create → send → disconnect, default
// timeouts) and a disconnect() while a create waits for a co-signer. Prints `DONE` once all of
// them returned; the parent asserts that the process then exits at once, with code 0.
import { startDevnode } from '@nitrolite-kit/devnode'
import { address, KEYS, localWallet, peersDefinition } from '@nitrolite-kit/test-utils'
import WebSocket from 'ws'
import { ClientDisconnectedError, createClearNodeClient } from '../src/index.js'

const say = (line: string) => process.stdout.write(`${line}\n`)

await import('./readme-example.js')
say('readme: ok')

const node = await startDevnode({ port: 0 })
// The README's options: default request timeout (15 s), keep-alive (25 s) and reconnect.
const client = (key: `0x${string}`) =>
  createClearNodeClient({
    url: node.url,
    application: 'chess',
    allowances: [{ asset: 'usdc', amount: '100' }],
    walletSigner: localWallet(key),
    WebSocket,
  })
const [A, B] = [address(KEYS.alice), address(KEYS.bob)]
await node.fund(A, 'usdc', '50')
await node.fund(B, 'usdc', '50')

{
  const [alice, bob] = [client(KEYS.alice), client(KEYS.bob)]
  await Promise.all([alice.connect(), bob.connect()])
  bob.on('signatureRequest', (request) => request.approve())
  const session = await alice.createAppSession({
    definition: peersDefinition([A, B]),
    allocations: [
      { participant: A, asset: 'usdc', amount: '10' },
      { participant: B, asset: 'usdc', amount: '10' },
    ],
  })
  await alice.sendMessage(session.appSessionId, { move: 'e4' })
  await Promise.all([alice.disconnect(), bob.disconnect()])
  say('issue sequence: ok')
}

{
  const [alice, bob] = [client(KEYS.alice), client(KEYS.bob)]
  await Promise.all([alice.connect(), bob.connect()])
  const asked = new Promise<void>((resolve) => bob.on('signatureRequest', () => resolve()))
  const creating = alice
    .createAppSession({
      definition: peersDefinition([A, B]),
      allocations: [
        { participant: A, asset: 'usdc', amount: '1' },
        { participant: B, asset: 'usdc', amount: '1' },
      ],
    })
    .catch((error) => error)
  await asked // bob never answers: alice's collection waits (120 s by default)
  await alice.disconnect()
  const error = await creating
  if (!(error instanceof ClientDisconnectedError)) throw new Error(`create settled with ${error}`)
  await bob.disconnect()
  const carol = client(KEYS.carol)
  const connecting = carol.connect().catch((e) => e)
  await carol.disconnect()
  if (!((await connecting) instanceof ClientDisconnectedError))
    throw new Error('connect did not settle')
  say('disconnect while waiting: ok')
}

await node.close()
say('DONE')
