// End to end, for people who are not protocol engineers: at phone width (390 px) the lobby, the
// new-session page, the history, a game's room and the review dialog fit the screen, speak plainly (protocol terms only inside
// <details>), and pass axe. Players are real: browser tabs against an in-process devnode and the
// Vite dev server, plus Node clients (core, real signatures) playing the other side where the
// room's UI is not what is under test.

import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  type AppDefinition,
  type ClearNodeClient,
  createClearNodeClient,
  type WebSocketConstructor,
} from '@nitrolite-kit/core'
import { standaloneRelay } from '@nitrolite-kit/core/relay'
import { address, KEYS, localWallet } from '@nitrolite-kit/test-utils'
import type { BrowserContext, Page } from 'playwright-core'
import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { commitment, type Move } from '../src/game/rps.js'
import { setupDemo, shots, T } from './harness.js'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..', '..')
// axe-core as the Storybook tests use it (a dev dependency of the ui package).
const AXE = join(root, 'packages/ui/node_modules/axe-core/axe.min.js')
const WebSocket = createRequire(import.meta.url)('ws') as WebSocketConstructor
const ALICE = address(KEYS.alice)
const BOB = address(KEYS.bob)
const CAROL = address(KEYS.carol)
const PHONE = { width: 390, height: 844 }
/** Words of the protocol a player should never have to read outside a "Details" disclosure. */
const JARGON =
  /create_app_session|submit_app_state|close_app_session|NitroRPC|quorum|nonce|challenge|allowance|checksum|intent|version /i

const demo = setupDemo({ name: 'people' })

/** A Node player on the demo's application (real session key, real signatures). */
async function nodePlayer(key: Hex, approve = true): Promise<ClearNodeClient> {
  const c = createClearNodeClient({
    url: demo.node.url,
    application: 'nitrolite-kit-demo',
    walletSigner: localWallet(key),
    allowances: [{ asset: 'usdc', amount: '1000' }],
    WebSocket,
    keepAliveMs: 0,
    // The demo's transport: the devnode's durable relay.
    messageTransport: standaloneRelay({ url: demo.node.relayUrl, WebSocket: WebSocket as never }),
  })
  demo.clients.push(c)
  if (approve) c.on('signatureRequest', (r) => void r.approve())
  await c.connect()
  return c
}

async function newPage(context: BrowserContext, tag: string): Promise<Page> {
  const page = await context.newPage()
  page.on('pageerror', (e) => demo.errors.push(`${tag}: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') demo.errors.push(`${tag}: ${m.text()}`)
  })
  return page
}

async function signIn(page: Page, name: string | RegExp) {
  await page.goto(demo.url)
  await page
    .getByRole('button', { name: typeof name === 'string' ? new RegExp(`^${name}`) : name })
    .click()
  await page.getByText('Connected', { exact: true }).waitFor(T)
}

/** Horizontal overflow of the page, in px (0 when it fits). */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const el = document.scrollingElement as Element
    return Math.max(0, el.scrollWidth - window.innerWidth)
  })

/** Visible text outside every <details> that uses a protocol term (one entry per text node). */
const jargon = (page: Page) =>
  page.evaluate((source) => {
    const re = new RegExp(source, 'i')
    const found: string[] = []
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      const el = n.parentElement
      if (!el || el.closest('details, script, style')) continue
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue
      if (re.test(n.textContent ?? '')) found.push((n.textContent ?? '').trim())
    }
    // Accessible names read out loud count too (buttons, inputs).
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      if (el.closest('details')) continue
      for (const attr of ['aria-label', 'title', 'placeholder'])
        if (re.test(el.getAttribute(attr) ?? '')) found.push(`${attr}: ${el.getAttribute(attr)}`)
    }
    return found
  }, JARGON.source)

/** axe violations on the whole page (every rule axe runs by default, contrast included). */
async function axe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
  return page.evaluate(async () => {
    // The demo does not depend on axe-core: the shape used here, typed by hand.
    type Result = {
      violations: { id: string; nodes: { target: string[]; failureSummary?: string }[] }[]
    }
    const a = (window as unknown as { axe: { run(c: Document, o: object): Promise<Result> } }).axe
    const result = await a.run(document, { resultTypes: ['violations'] })
    return result.violations.flatMap((v) =>
      v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
    )
  })
}

/** The three checks of every page, and its screenshot. */
async function checkPage(page: Page, shot: string) {
  await page.screenshot({ path: join(shots, `${shot}.png`), fullPage: true })
  expect.soft(await overflow(page), `${shot}: sideways overflow (px)`).toBe(0)
  expect.soft(await jargon(page), `${shot}: protocol terms outside <details>`).toEqual([])
  expect.soft(await axe(page), `${shot}: axe`).toEqual([])
}

const rps = (stake: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ game: 'rps', stake, asset: 'usdc', ...extra })

const definition = (participants: Hex[]): AppDefinition => ({
  application: 'nitrolite-kit-demo',
  protocol: 'NitroRPC/0.4',
  participants,
  weights: [50, 50],
  quorum: 100,
  challenge: 86400,
  nonce: Date.now() + Math.floor(Math.random() * 1e6),
})

describe('demo for people', () => {
  it('at 390 px: lobby, new session and history fit, speak plainly, pass axe, and lead back to rooms', async () => {
    await demo.node.fund(ALICE, 'usdc', '200')
    await demo.node.fund(BOB, 'usdc', '100')
    await demo.node.fund(CAROL, 'usdc', '5')
    // Finished games Alice played before this tab existed: one won, one drawn.
    const aliceNode = await nodePlayer(KEYS.alice)
    const bobNode = await nodePlayer(KEYS.bob)
    const won = await aliceNode.createAppSession({
      definition: definition([ALICE, BOB]),
      allocations: [
        { participant: ALICE, asset: 'usdc', amount: '10' },
        { participant: BOB, asset: 'usdc', amount: '10' },
      ],
      sessionData: rps('10'),
    })
    await aliceNode.closeAppSession({
      appSessionId: won.appSessionId,
      allocations: [
        { participant: ALICE, asset: 'usdc', amount: '20' },
        { participant: BOB, asset: 'usdc', amount: '0' },
      ],
      sessionData: rps('10', { winner: ALICE }),
    })
    const drawn = await bobNode.createAppSession({
      definition: definition([BOB, ALICE]),
      allocations: [
        { participant: BOB, asset: 'usdc', amount: '2.5' },
        { participant: ALICE, asset: 'usdc', amount: '2.5' },
      ],
      sessionData: rps('2.5'),
    })
    await bobNode.closeAppSession({
      appSessionId: drawn.appSessionId,
      allocations: [
        { participant: BOB, asset: 'usdc', amount: '2.5' },
        { participant: ALICE, asset: 'usdc', amount: '2.5' },
      ],
    })
    await bobNode.disconnect()
    // Balances now: Alice 210, Bob 90, Carol 5.

    // One browser profile, two tabs: Alice and Bob. Each tab keeps its own player on reload.
    const profile = await demo.browser.newContext({ viewport: PHONE })
    const alice = await newPage(profile, 'Alice')
    const bob = await newPage(profile, 'Bob')
    await signIn(alice, 'Alice')
    await signIn(bob, 'Bob')
    await alice.reload()
    await alice.getByText('Connected', { exact: true }).waitFor(T)
    await expect.poll(() => alice.getByText(/Playing as/).textContent()).toMatch(/Alice/)
    await expect.poll(() => bob.getByText(/Playing as/).textContent()).toMatch(/Bob/)

    // Lobby: live balance only (no stale faucet figure next to it).
    await alice.getByRole('button', { name: 'Get test funds' }).click()
    await alice.getByText('Received 100 usdc.').waitFor(T)
    await alice.getByRole('cell', { name: '310', exact: true }).waitFor(T)
    expect(await alice.getByText(/balance 100/).count()).toBe(0)
    await bob.getByRole('cell', { name: '90', exact: true }).waitFor(T)
    await checkPage(alice, 'people-01-lobby')

    // New session: the quick match is the way in; the editors wait under "Advanced".
    await alice.getByRole('button', { name: 'New session' }).click()
    const advanced = alice.locator('details.advanced')
    expect(await advanced.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false)
    await alice.getByRole('combobox', { name: 'Opponent' }).selectOption({ label: 'Bob' })
    const stake = alice.getByRole('textbox', { name: /Stake each/ })
    const invite = alice.getByRole('button', { name: 'Invite Bob to play' })
    // A stake Bob cannot cover is explained before anything is signed, and cannot be sent.
    await stake.fill('150')
    await alice.getByText('Bob has only 90 usdc — lower the stake.').waitFor(T)
    expect(await invite.isDisabled()).toBe(true)
    await checkPage(alice, 'people-02-create-stake-too-high')
    await stake.fill('10')
    await expect.poll(() => invite.isDisabled()).toBe(false)
    await checkPage(alice, 'people-03-create')
    await advanced.locator(':scope > summary').click()
    await alice.getByRole('heading', { name: 'Custom session' }).waitFor(T)
    await alice.screenshot({ path: join(shots, 'people-04-create-advanced.png'), fullPage: true })
    expect.soft(await overflow(alice), 'advanced: sideways overflow (px)').toBe(0)
    expect.soft(await axe(alice), 'advanced: axe').toEqual([])
    await advanced.locator(':scope > summary').click()

    // Carol's balance is not visible here: her own app refuses, and Alice reads why in plain words.
    await nodePlayer(KEYS.carol)
    await alice.getByRole('combobox', { name: 'Opponent' }).selectOption({ label: 'Carol' })
    await alice.getByText(/Carol's balance isn't visible from this browser/).waitFor(T)
    await alice.getByRole('button', { name: 'Invite Carol to play' }).click()
    await alice
      .getByRole('alert')
      .getByText(
        "Carol doesn't have enough usdc for this. Lower the stake, or ask Carol to get test funds first.",
      )
      .waitFor(T)
    await checkPage(alice, 'people-05-create-refused')

    // A named game with Bob (Bob's Node client accepts); Alice lands in its room. Bob's tab is
    // closed meanwhile: the review dialog is not what this test is about.
    await bob.close()
    const bobAgain = await nodePlayer(KEYS.bob)
    await alice.getByRole('combobox', { name: 'Opponent' }).selectOption({ label: 'Bob' })
    await invite.click()
    await alice.waitForURL(/#\/session\/0x[0-9a-f]{64}$/i, T)
    const id = new URL(alice.url()).hash.replace('#/session/', '')
    const created = (await bobAgain.getAppSessions({ status: 'open' })).find(
      (s) => s.appSessionId.toLowerCase() === id.toLowerCase(),
    )
    expect(JSON.parse(created?.sessionData ?? '{}')).toMatchObject({
      game: 'rps',
      stake: '10',
      name: 'Rock–paper–scissors · Alice vs Bob · stake 10 usdc each',
    })
    await alice.getByRole('button', { name: 'Lobby' }).click()
    await alice
      .getByRole('heading', { name: 'Rock–paper–scissors vs Bob · stake 10 usdc each' })
      .waitFor(T)
    const bob2 = await newPage(profile, 'Bob')
    await signIn(bob2, 'Bob')
    await bob2
      .getByRole('heading', { name: 'Rock–paper–scissors vs Alice · stake 10 usdc each' })
      .waitFor(T)

    // History: names, results, dates, and each entry leads back to its room.
    await alice.getByRole('button', { name: 'History' }).click()
    const wonEntry = alice.locator('li.entry', {
      has: alice.getByRole('link', { name: 'Rock–paper–scissors vs Bob · stake 10 usdc each' }),
    })
    await wonEntry.getByText('Won 10 usdc', { exact: true }).waitFor(T)
    expect(await wonEntry.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\d/)
    await alice
      .locator('li.entry', { hasText: 'stake 2.5 usdc each' })
      .getByText('Draw · 2.5 usdc back', { exact: true })
      .waitFor(T)
    await checkPage(alice, 'people-06-history')
    await bob2.getByRole('button', { name: 'History' }).click()
    await bob2
      .locator('li.entry', { hasText: 'vs Alice · stake 10 usdc each' })
      .getByText('Lost 10 usdc', { exact: true })
      .waitFor(T)
    await wonEntry.getByRole('link').click()
    expect(new URL(alice.url()).hash).toBe(`#/session/${won.appSessionId}`)

    // A generated guest survives "Switch account".
    const guestTab = await newPage(profile, 'Guest')
    await guestTab.goto(demo.url)
    await guestTab.getByRole('button', { name: 'Create a new guest player' }).click()
    await guestTab.getByText('Connected', { exact: true }).waitFor(T)
    const guest = (await guestTab.locator('header strong').textContent()) ?? ''
    expect(guest).toMatch(/^Guest /)
    await guestTab.getByRole('button', { name: 'Switch account' }).click()
    await guestTab.getByRole('button', { name: new RegExp(`^${guest}`) }).waitFor(T)
    await checkPage(guestTab, 'people-07-account-picker')

    expect(demo.errors).toEqual([])
  })

  it('at 390 px: the review dialog and the room say what is at stake, fit, speak plainly and pass axe', async () => {
    // Nobody else answers for Alice here: no earlier tab, no Node client that signs for her.
    for (const c of demo.browser.contexts()) await c.close()
    for (const c of demo.clients.splice(0)) await c.disconnect().catch(() => {})
    await demo.node.fund(ALICE, 'usdc', '20')
    await demo.node.fund(BOB, 'usdc', '20')
    const bobNode = await nodePlayer(KEYS.bob, false)
    const context = await demo.browser.newContext({ viewport: PHONE })
    const alice = await newPage(context, 'Alice')
    await signIn(alice, 'Alice')
    const dialog = alice.getByRole('dialog', { name: 'Signature request' })

    // Bob (a Node player) invites Alice: her review says the game, the stake and what she can
    // win or lose, and shows Bob's signature (verified by core) as in.
    const creating = bobNode.createAppSession({
      definition: definition([BOB, ALICE]),
      allocations: [
        { participant: BOB, asset: 'usdc', amount: '10' },
        { participant: ALICE, asset: 'usdc', amount: '10' },
      ],
      sessionData: rps('10', { name: 'Rock–paper–scissors · Bob vs Alice · stake 10 usdc each' }),
    })
    await dialog
      .getByText(
        'Bob asks you to play rock–paper–scissors: you put in 10 usdc, Bob puts in 10 usdc.',
        { exact: true },
      )
      .waitFor(T)
    await dialog
      .getByText('Rock–paper–scissors, stake 10 usdc each, winner takes 20 usdc.', { exact: true })
      .waitFor(T)
    await dialog
      .getByText('Win and you get 20 usdc; lose and your 10 usdc goes to the other player.')
      .waitFor(T)
    await expect
      .poll(() => dialog.locator('li[data-state="signed"]').allTextContents())
      .toEqual(['Signed Bob'])
    expect(await dialog.locator('li[data-state="waiting"]').allTextContents()).toEqual([
      'Not yet Alice (you)',
    ])
    await checkPage(alice, 'people-08-review-invitation')
    await dialog.getByRole('button', { name: /approve/i }).click()
    const { appSessionId: id } = await creating

    // Alice's room: the session's name, the game, and Bob playing from Node (commit, then reveal
    // once Alice's commitment is in).
    const bobMove: Move = 'paper'
    const salts = new Map<number, Hex>()
    bobNode.on('message', (m) => {
      const p = m.payload as { t?: string; kind?: string; round?: number }
      if (m.appSessionId.toLowerCase() !== id.toLowerCase() || m.sender === BOB) return
      const salt = p?.t === 'rps' && p.kind === 'commit' && p.round ? salts.get(p.round) : undefined
      if (salt)
        void bobNode.sendMessage(id, {
          t: 'rps',
          kind: 'reveal',
          round: p.round,
          move: bobMove,
          salt,
        })
    })
    const bobCommits = async (round: number) => {
      const salt = `0x${round.toString(16).padStart(2, '0')}${'ab'.repeat(31)}` as Hex
      salts.set(round, salt)
      await bobNode.sendMessage(id, {
        t: 'rps',
        kind: 'commit',
        round,
        hash: commitment(bobMove, salt, BOB, round),
      })
    }
    await alice.evaluate((hash) => {
      location.hash = hash
    }, `#/session/${id}`)
    await alice
      .getByRole('heading', { name: 'Rock–paper–scissors vs Bob · stake 10 usdc each' })
      .waitFor(T)
    await alice.getByText('In progress', { exact: true }).waitFor(T)
    await alice.getByText('Every change needs everyone’s signature.').waitFor(T)
    const move = (m: string) =>
      alice
        .getByRole('group', { name: 'Your move' })
        .getByRole('button', { name: new RegExp(`^${m}`) })
    await bobCommits(1)
    await alice.getByText(/Round 1: choose your move/).waitFor(T)
    await move('Rock').click()
    await alice.getByText('Bob 1 – 0 Alice', { exact: true }).waitFor(T)
    await alice.getByText(/Round 2: choose your move/).waitFor(T)
    await checkPage(alice, 'people-09-room')
    await bobCommits(2)
    await move('Rock').click()
    await alice.getByText('Bob wins the match.').waitFor(T)

    // Bob settles: Alice's review says what she gets and what Bob gets, and who won.
    const closing = bobNode.closeAppSession({
      appSessionId: id,
      allocations: [
        { participant: BOB, asset: 'usdc', amount: '20' },
        { participant: ALICE, asset: 'usdc', amount: '0' },
      ],
      sessionData: rps('10', { score: { [BOB]: 2, [ALICE]: 0 }, round: 2, winner: BOB }),
    })
    await dialog
      .getByText('Bob asks you to settle the match: you get 0 usdc, Bob gets 20 usdc.', {
        exact: true,
      })
      .waitFor(T)
    await dialog.getByText('Bob won the match, 2 – 0.', { exact: true }).waitFor(T)
    await expect
      .poll(() => dialog.locator('li[data-state="signed"]').allTextContents())
      .toEqual(['Signed Bob'])
    await checkPage(alice, 'people-10-review-settle')
    await dialog.getByRole('button', { name: /approve/i }).click()
    await closing
    await alice.getByText(/This session is closed/).waitFor(T)
    await alice.getByText('Finished', { exact: true }).waitFor(T)
    await checkPage(alice, 'people-11-room-closed')

    expect(demo.errors).toEqual([])
  })
})
