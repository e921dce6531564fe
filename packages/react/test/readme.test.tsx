// Issue 12: every ```ts/```tsx block of the react README compiles under the strict options of a
// fresh Vite React app, and the example runs as written: `src/main.tsx` renders both players'
// `src/game.tsx` into a jsdom page (the global WebSocket, localStorage, the burner wallets),
// against an in-process devnode, and the buttons are clicked until the session is closed. The
// only change to the blocks is the node URL (`ws://127.0.0.1:8000/ws` → this devnode).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type AppSession, createClearNodeClient } from '@nitrolite-kit/core'
import { KEYS, localWallet } from '@nitrolite-kit/test-utils'
import { setupDevnode } from '@nitrolite-kit/test-utils/devnode'
import { act, fireEvent, waitFor } from '@testing-library/react'
import type { Root } from 'react-dom/client'
import { afterAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import {
  blockFileName,
  linesAfterImports,
  readmeBlocksOf,
} from '../../../tools/consumer/readme-blocks.js'
import { STRICT_BROWSER, typecheckBlocks } from '../../../tools/consumer/readme-typecheck.js'
import { ALICE, BOB } from './fixtures.js'

// The roots `src/main.tsx` creates, recorded so that each test can unmount them.
const roots = vi.hoisted(() => [] as Root[])
vi.mock('react-dom/client', async (importOriginal) => {
  const actual = await importOriginal<typeof import('react-dom/client')>()
  return {
    ...actual,
    createRoot: (...args: Parameters<typeof actual.createRoot>) => {
      const root = actual.createRoot(...args)
      roots.push(root)
      return root
    },
  }
})

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))
const README = here('../README.md')
const README_URL = 'ws://127.0.0.1:8000/ws'
const blocks = readmeBlocksOf(README)
const out = here('./.readme/')
const game = blocks.find((b) => blockFileName(b) === 'src/game.tsx')
const main = blocks.find((b) => blockFileName(b) === 'src/main.tsx')

const node = setupDevnode(
  { [ALICE]: { usdc: '100' }, [BOB]: { usdc: '100' } }, // the README's faucet calls
  {
    beforeClose: () => {
      act(() => {
        for (const root of roots.splice(0)) root.unmount()
      })
    },
  },
)
afterAll(() => rmSync(out, { recursive: true, force: true }))

/** Writes the README's blocks where their first line says, pointed at this test's devnode. */
function writeBlocks(url: string) {
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  writeFileSync(`${out}.gitignore`, '*\n') // generated; removed after the run
  for (const block of blocks.filter((b) => b.kind === 'module')) {
    const file = `${out}${blockFileName(block)}`
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, block.code.replaceAll(README_URL, url))
  }
}

const slow = { timeout: 15_000, interval: 20 }
/** What player `i` (0: Alice, 1: Bob) shows: the root's i-th child. */
const side = (i: number) => document.getElementById('root')!.children[i] as HTMLElement
async function click(i: number, text: string) {
  await waitFor(() => expect(side(i)?.textContent).toBe(text), slow)
  const el = side(i)
  expect(el.tagName).toBe('BUTTON')
  await waitFor(() => expect((el as HTMLButtonElement).disabled).toBe(false), slow)
  fireEvent.click(el)
}

describe('given the react README', () => {
  it('should have the example blocks, and few fragments', () => {
    expect(game?.kind).toBe('module')
    expect(main?.kind).toBe('module')
    expect(blocks.filter((b) => b.kind === 'fragment').length).toBeLessThanOrEqual(3)
    expect(game!.code.split(README_URL)).toHaveLength(2)
  })

  it('should type-check every block under a fresh Vite app’s strict options', () => {
    const errors = typecheckBlocks(
      blocks.filter((b) => b.kind !== 'consumer'),
      here('.'),
      { ...STRICT_BROWSER, customConditions: ['source'] },
      'packages/react/README.md',
    )
    expect(errors).toEqual([])
  }, 180_000) // about a minute on a busy 2-core machine: wagmi's, viem's and React's types

  it('should fit a staked two-player session, providers included, in under 40 lines after its imports', () => {
    const lines = linesAfterImports(game!)
    expect(lines.length).toBeLessThan(40)
    expect(game!.code).toMatch(/equalPeers\(/)
    expect(game!.code).toMatch(/<NitroliteProvider/)
    // The README's own count is the real one.
    expect(readFileSync(README, 'utf8')).toContain(`in ${lines.length} lines after its imports`)
  })

  it('should reach a closed two-player session by clicking through the example', async () => {
    writeBlocks(node.current.url)
    const root = document.createElement('div')
    root.id = 'root'
    document.body.append(root)
    await act(async () => {
      await import(/* @vite-ignore */ `${out}src/main.tsx`)
    })

    await click(0, 'Connect')
    await click(1, 'Connect')
    // Both signed in: the default transport relays the co-signing request to connected players.
    await waitFor(() => expect(side(1).textContent).toBe('Play for 10 usdc'), slow)
    await click(0, 'Play for 10 usdc') // Alice opens the session
    await click(1, 'Sign create_app_session') // Bob co-signs it
    await click(0, 'I won') // both found it (useActiveSessions); Alice proposes the close
    await waitFor(() => expect(side(1).textContent).toBe('I won'), slow)
    await click(1, 'Sign close_app_session') // Bob co-signs it
    await waitFor(() => expect(side(0).textContent).toBe('Play for 10 usdc'), slow)
    await waitFor(() => expect(side(1).textContent).toBe('Play for 10 usdc'), slow)

    // What the node holds now, read by clients of the test's own.
    const reader = (key: `0x${string}`) =>
      createClearNodeClient({
        url: node.current.url,
        application: 'rps',
        walletSigner: localWallet(key),
        WebSocket,
      })
    const [alice, bob] = [reader(KEYS.alice), reader(KEYS.bob)]
    try {
      await Promise.all([alice.connect(), bob.connect()])
      const [closed] = await alice.getAppSessions({ participant: ALICE, status: 'closed' })
      expect(closed?.participants).toEqual([ALICE, BOB])
      const session: AppSession | undefined = await alice.refreshAppSession(closed!.appSessionId)
      // The shape the README documents under "What you get back".
      expect(session).toMatchObject({
        appSessionId: expect.stringMatching(/^0x[0-9a-f]{64}$/),
        application: 'rps',
        status: 'closed',
        participants: [ALICE, BOB],
        protocol: 'NitroRPC/0.4',
        weights: [1, 1],
        quorum: 2,
        challenge: 0,
        nonce: expect.any(Number),
        version: 2,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      })
      expect(session?.allocations).toEqual(
        expect.arrayContaining([
          { participant: ALICE, asset: 'usdc', amount: '20' },
          { participant: BOB, asset: 'usdc', amount: '0' },
        ]),
      )
      expect(await alice.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '110' }])
      expect(await bob.getLedgerBalances()).toEqual([{ asset: 'usdc', amount: '90' }])
    } finally {
      await Promise.all([alice.disconnect(), bob.disconnect()])
    }
  }, 90_000)
})
