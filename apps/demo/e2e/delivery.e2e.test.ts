// End to end: nothing is lost while someone is away. Browser tabs (Alice, Bob, Carol) against an
// in-process devnode in the production topology (`relay: false`: the node relays nothing on
// `/ws`; messages and signature requests go through the durable relay it embeds at `/relay`)
// and the Vite dev server. A closed tab is a closed page; reopening it is a new tab of the same
// browser profile (same localStorage), signing in as the same player again.
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { createClearNodeClient, type WebSocketConstructor } from '@nitrolite-kit/core'
import { standaloneRelay } from '@nitrolite-kit/core/relay'
import { address, KEYS, localWallet } from '@nitrolite-kit/test-utils'
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupDemo, shots, T } from './harness.js'

const WebSocket = createRequire(import.meta.url)('ws') as WebSocketConstructor

const demo = setupDemo({
  name: 'delivery',
  relay: false,
  env: { VITE_MOVE_TIMEOUT_MS: '600000' },
})

/** A new tab of `context` signed in as `name` (a tab remembers its player; a new one asks). */
async function tab(context: BrowserContext, name: string): Promise<Page> {
  const page = await context.newPage()
  page.on('pageerror', (e) => demo.errors.push(`${name}: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') demo.errors.push(`${name}: ${m.text()}`)
  })
  await page.goto(demo.url)
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click()
  await page.getByText('Connected', { exact: true }).waitFor(T)
  return page
}

const move = (page: Page, m: 'Rock' | 'Paper' | 'Scissors') =>
  page.getByRole('group', { name: 'Your move' }).getByRole('button', { name: new RegExp(`^${m}`) })

/** Opens the first open game in the lobby. */
async function enterRoom(page: Page) {
  await page.getByRole('button', { name: 'Lobby' }).click()
  await page.getByRole('button', { name: 'Open room' }).first().click()
  await page.getByText(/Rock–paper–scissors · stake 10 usdc/).waitFor(T)
}

describe('delivery while someone is away', () => {
  it('Bob closes his tab during a commit, a reveal and the settlement; Alice reloads while Bob reviews; the match resumes each time', async () => {
    const aliceProfile = await demo.browser.newContext({ viewport: { width: 1100, height: 900 } })
    const bobProfile = await demo.browser.newContext({ viewport: { width: 1100, height: 900 } })
    let alice = await tab(aliceProfile, 'Alice')
    let bob = await tab(bobProfile, 'Bob')
    for (const p of [alice, bob]) {
      await p.getByRole('button', { name: 'Get test funds' }).click()
      await p.getByText('Received 100 usdc').waitFor(T)
    }
    await alice.getByRole('button', { name: 'New session' }).click()
    await alice.getByRole('button', { name: /Invite Bob to play/ }).click()
    const review = (p: Page) => p.getByRole('dialog', { name: 'Signature request' })
    await review(bob)
      .getByRole('button', { name: /approve/i })
      .waitFor(T)
    await review(bob)
      .getByRole('button', { name: /approve/i })
      .click()
    await alice.getByText(/Rock–paper–scissors · stake 10 usdc/).waitFor(T)
    await enterRoom(bob)

    // Presence: each sees the other is here; Alice sees Bob leave and come back.
    await alice.getByText('Bob is here').waitFor(T)
    await bob.getByText('Alice is here').waitFor(T)

    // 1. A commit while Bob's tab is closed: he finds it when he comes back, and the round ends.
    await bob.close()
    await alice
      .getByText(/Bob is away \(left at .*they see what you do when they come back/)
      .waitFor(T)
    await move(alice, 'Rock').click()
    await alice.getByText(/waiting for Bob to choose/).waitFor(T)
    await alice.screenshot({ path: join(shots, '10a-bob-is-away.png'), fullPage: true })
    bob = await tab(bobProfile, 'Bob')
    await alice.getByText('Bob is here').waitFor(T)
    await enterRoom(bob)
    await bob.getByText(/Round 1: choose your move/).waitFor(T)
    await move(bob, 'Scissors').click()
    await alice.getByText('Alice 1 – 0 Bob').waitFor(T)
    await bob.getByText('Alice 1 – 0 Bob').waitFor(T)

    // 2. Bob commits and closes his tab at once: the reveals complete when he returns.
    await alice.getByText(/Round 2: choose your move/).waitFor(T)
    await move(alice, 'Paper').click()
    await bob.getByText(/Round 2: choose your move/).waitFor(T)
    await move(bob, 'Rock').click()
    await bob.close()
    bob = await tab(bobProfile, 'Bob')
    await enterRoom(bob)
    await bob.getByText('Alice wins the match.').waitFor(T)
    await alice.getByText('You win the match!').waitFor(T)

    // 3. The settlement is sent while Bob's tab is closed: Alice sees whom she waits for.
    // The score-recording state Bob's app signs by itself must be in before the close (closing
    // first raced it: with Bob gone mid-signature, the state waits for his return).
    await alice.getByText(/Recording the round/).waitFor({ state: 'detached', ...T })
    await bob.close()
    await alice.getByRole('button', { name: /Settle/ }).click()
    await alice.getByText(/Waiting for Bob to sign settling the match/).waitFor(T)
    await alice.getByRole('button', { name: 'Cancel request' }).waitFor(T)
    await alice.screenshot({ path: join(shots, '11-waiting-for-bob.png'), fullPage: true })
    bob = await tab(bobProfile, 'Bob')
    // 4. Bob's review is open when Alice reloads; his approval still lands.
    await review(bob)
      .getByRole('button', { name: /approve/i })
      .waitFor(T)
    await bob.screenshot({ path: join(shots, '12-bob-returns-to-review.png'), fullPage: true })
    await alice.reload()
    await alice.getByText('Connected', { exact: true }).waitFor(T)
    await review(bob)
      .getByRole('button', { name: /approve/i })
      .click()
    await review(bob).waitFor({ state: 'detached', ...T })
    await bob.getByRole('button', { name: 'Lobby' }).click()
    await bob.getByRole('cell', { name: '90', exact: true }).waitFor(T)
    await alice.getByRole('button', { name: 'Lobby' }).click()
    await alice.getByRole('cell', { name: '110', exact: true }).waitFor(T)
    expect(demo.node.totals()).toEqual({ usdc: '200' })
    expect(demo.errors).toEqual([])
    alice = bob
    await aliceProfile.close()
    await bobProfile.close()
  })

  it('in a 2-of-3 session, the third player’s review closes itself once the others signed, and says so', async () => {
    const bobProfile = await demo.browser.newContext({ viewport: { width: 1000, height: 800 } })
    const carolProfile = await demo.browser.newContext({ viewport: { width: 1000, height: 800 } })
    const bob = await tab(bobProfile, 'Bob')
    const carol = await tab(carolProfile, 'Carol')
    for (const w of ['alice', 'bob', 'carol'] as const)
      await demo.node.fund(address(KEYS[w]), 'usdc', '50')
    // Alice plays from Node (core, real signatures): she proposes, Bob and Carol review in tabs.
    const alice = createClearNodeClient({
      url: demo.node.url,
      application: 'nitrolite-kit-demo',
      walletSigner: localWallet(KEYS.alice),
      allowances: [{ asset: 'usdc', amount: '1000' }],
      WebSocket,
      keepAliveMs: 0,
      messageTransport: standaloneRelay({ url: demo.node.relayUrl, WebSocket: WebSocket as never }),
    })
    demo.clients.push(alice)
    await alice.connect()
    const [A, B, C] = [address(KEYS.alice), address(KEYS.bob), address(KEYS.carol)]
    const creating = alice.createAppSession({
      definition: {
        application: 'nitrolite-kit-demo',
        protocol: 'NitroRPC/0.4',
        participants: [A, B, C],
        weights: [1, 1, 1],
        quorum: 2,
        challenge: 3600,
        nonce: Date.now(),
      },
      allocations: [
        { participant: A, asset: 'usdc', amount: '5' },
        { participant: B, asset: 'usdc', amount: '5' },
        { participant: C, asset: 'usdc', amount: '5' },
      ],
    })
    const review = (p: Page) => p.getByRole('dialog', { name: 'Signature request' })
    for (const p of [bob, carol]) {
      await review(p)
        .getByRole('button', { name: /approve/i })
        .waitFor(T)
      await review(p)
        .getByRole('button', { name: /approve/i })
        .click()
    }
    const session = await creating
    const closing = alice.closeAppSession({
      appSessionId: session.appSessionId,
      allocations: [
        { participant: A, asset: 'usdc', amount: '9' },
        { participant: B, asset: 'usdc', amount: '3' },
        { participant: C, asset: 'usdc', amount: '3' },
      ],
    })
    for (const p of [bob, carol])
      await review(p)
        .getByRole('button', { name: /approve/i })
        .waitFor(T)
    await review(bob)
      .getByRole('button', { name: /approve/i })
      .click()
    expect((await closing).status).toBe('closed')
    // Carol's dialog closes by itself and tells her why.
    await review(carol).waitFor({ state: 'hidden', ...T })
    await carol.getByText(/request went through: the others signed it/).waitFor(T)
    await carol.screenshot({ path: join(shots, '13-third-player-told.png'), fullPage: true })
    expect(demo.errors).toEqual([])
    await bobProfile.close()
    await carolProfile.close()
  })
})
