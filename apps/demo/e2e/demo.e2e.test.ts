// End to end: two browser profiles (Alice, Bob) against an in-process devnode and the Vite dev
// server, driven by Playwright in Debian's Chromium. Chromium carries a marker in its
// environment: teardown asserts that none of its processes is left and that the devnode's and
// Vite's ports refuse connections.
import { join } from 'node:path'
import { startDevnode } from '@nitrolite-kit/devnode'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { setupDemo, shots, T } from './harness.js'

const demo = setupDemo({ name: 'e2e', env: { VITE_MOVE_TIMEOUT_MS: '3000' } })

async function open(name: 'Alice' | 'Bob'): Promise<Page> {
  const context = await demo.browser.newContext({ viewport: { width: 1100, height: 900 } })
  const page = await context.newPage()
  page.on('pageerror', (e) => demo.errors.push(`${name}: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') demo.errors.push(`${name}: ${m.text()}`)
  })
  await page.goto(demo.url)
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click()
  await page.getByText('Connected', { exact: true }).waitFor({ timeout: 20_000 })
  return page
}

describe('demo', () => {
  it('two players fund, create a staked session, chat, play to the end and settle', async () => {
    const alice = await open('Alice')
    const bob = await open('Bob')
    for (const p of [alice, bob]) {
      await p.getByRole('button', { name: 'Get test funds' }).click()
      await p.getByText('Received 100 usdc').waitFor(T)
    }
    await alice.screenshot({ path: join(shots, '01-lobby.png'), fullPage: true })

    // Alice challenges Bob; Bob reviews and approves the co-signing request.
    await alice.getByRole('button', { name: 'New session' }).click()
    await alice.getByRole('button', { name: /Invite Bob to play/ }).click()
    await alice.getByText(/Waiting for signatures/).waitFor(T)
    const dialog = bob.getByRole('dialog', { name: 'Signature request' })
    // The protocol facts wait under the dialog's "Details" disclosure.
    await dialog.locator('details', { hasText: 'create_app_session' }).locator('summary').click()
    await dialog.getByText('create_app_session', { exact: true }).waitFor(T)
    // The review opens on its heading, not on Approve: Enter alone signs nothing.
    expect(
      await dialog
        .getByRole('button', { name: /approve/i })
        .evaluate((el) => el === document.activeElement),
    ).toBe(false)
    await bob.screenshot({ path: join(shots, '02-cosign-review.png'), fullPage: true })
    await dialog.getByRole('button', { name: /approve/i }).click()
    await alice.getByText(/Rock–paper–scissors · stake 10 usdc/).waitFor(T)
    // Bob goes to the room by himself once the match he accepted exists.
    await bob.getByText(/Rock–paper–scissors · stake 10 usdc/).waitFor(T)

    // Messages both ways.
    await alice.getByRole('textbox', { name: 'Message' }).fill('good luck, Bob')
    await alice.getByRole('button', { name: 'Send' }).click()
    await bob.getByText('good luck, Bob').waitFor(T)
    await bob.getByRole('textbox', { name: 'Message' }).fill('may the best hand win')
    await bob.getByRole('button', { name: 'Send' }).click()
    await alice.getByText('may the best hand win').waitFor(T)

    // A close that does not conserve the total is refused before signing.
    await alice.getByText('Advanced: propose a different split').click()
    await alice.getByRole('textbox', { name: /usdc for Alice/ }).fill('15')
    await expect
      .poll(() => alice.getByRole('button', { name: 'Sign and close' }).isDisabled())
      .toBe(true)
    await alice
      .getByText(/not conserved|over-assigned/i)
      .first()
      .waitFor(T)
    await alice.screenshot({ path: join(shots, '03-close-not-conserved.png'), fullPage: true })
    await alice.getByRole('textbox', { name: /usdc for Alice/ }).fill('10')

    // Round 1, then Bob reloads mid-session and finds it again.
    await alice
      .getByRole('group', { name: 'Your move' })
      .getByRole('button', { name: 'Rock' })
      .click()
    await bob
      .getByRole('group', { name: 'Your move' })
      .getByRole('button', { name: 'Scissors' })
      .click()
    await alice.getByText('Alice 1 – 0 Bob').waitFor(T)
    await bob.getByText('Alice 1 – 0 Bob').waitFor(T)
    await bob.reload()
    await bob.getByText('Alice 1 – 0 Bob').waitFor(T)
    await bob.getByText('Round 2:').waitFor(T)
    await bob.screenshot({ path: join(shots, '04-bob-after-reload.png'), fullPage: true })

    // Round 2: Alice moves, Bob stalls; Alice sees the timeout and the last state both signed.
    await alice
      .getByRole('group', { name: 'Your move' })
      .getByRole('button', { name: 'Paper' })
      .click()
    await alice.getByText(/Bob has not answered for/).waitFor(T)
    await alice.getByText('Bob is here and sees the offer at once.').waitFor(T)
    await alice.getByText(/Ending the match needs both signatures/).waitFor(T)
    await alice.screenshot({ path: join(shots, '05a-opponent-timeout.png'), fullPage: true })
    // Bob answers; round 2 decides the match, recorded by a state both signed.
    await bob
      .getByRole('group', { name: 'Your move' })
      .getByRole('button', { name: 'Rock' })
      .click()
    await alice.getByText('You win the match!').waitFor(T)
    await bob.getByText('Alice wins the match.').waitFor(T)
    await alice.screenshot({ path: join(shots, '05-match-won.png'), fullPage: true })

    // Alice settles; Bob approves the close; both see the close and the returned funds.
    await alice.getByRole('button', { name: /Settle/ }).click()
    await dialog.locator('details', { hasText: 'close_app_session' }).locator('summary').click()
    await dialog.getByText('close_app_session', { exact: true }).waitFor(T)
    await bob.screenshot({ path: join(shots, '06-close-review.png'), fullPage: true })
    await dialog.getByRole('button', { name: /approve/i }).click()
    await alice.getByText(/This session is closed/).waitFor(T)
    await bob.getByText(/This session is closed/).waitFor(T)
    for (const [p, amount] of [
      [alice, '110'],
      [bob, '90'],
    ] as const) {
      await p.getByRole('button', { name: 'Lobby' }).click()
      await p.getByRole('cell', { name: amount, exact: true }).waitFor(T)
    }
    await alice.screenshot({ path: join(shots, '07-final-balances.png'), fullPage: true })
    await bob.getByRole('button', { name: 'History' }).click()
    await bob.getByText('closed', { exact: true }).first().waitFor(T)
    await bob.screenshot({ path: join(shots, '08-history.png'), fullPage: true })
    await alice.setViewportSize({ width: 390, height: 844 })
    await alice.screenshot({ path: join(shots, '09-phone-width.png'), fullPage: true })

    expect(demo.node.totals()).toEqual({ usdc: '200' })
    expect(demo.errors).toEqual([])
  })

  it('shows reconnecting while the devnode restarts, then carries on', async () => {
    const carol = await (async () => {
      const context = await demo.browser.newContext({ viewport: { width: 800, height: 700 } })
      const page = await context.newPage()
      await page.goto(demo.url)
      await page.getByRole('button', { name: /^Carol/ }).click()
      await page.getByText('Connected', { exact: true }).waitFor(T)
      return page
    })()
    await carol.getByRole('button', { name: 'Get test funds' }).click()
    await carol.getByText('Received 100 usdc').waitFor(T)
    const port = demo.node.port
    await demo.node.close()
    await carol.getByText('Reconnecting…').waitFor(T)
    await carol.screenshot({ path: join(shots, '10-reconnecting.png'), fullPage: true })
    demo.node = await startDevnode({ port, dbPath: demo.dbPath })
    await carol.getByText('Connected', { exact: true }).waitFor({ timeout: 30_000 })
    // carries on: the faucet and the live balance work again, and nothing was lost
    await carol.getByRole('button', { name: 'Get test funds' }).click()
    await carol.getByRole('cell', { name: '200', exact: true }).waitFor(T)
  })
})
