// Scenario 3: 10,000 messages into one session. Counts renders of a `useSessionMessages`
// consumer of that session and of another session, and heap growth with the default history
// bound (500). Writes bench/.tmp/react.json (repository root). MessageLog's DOM size under the
// same stream is measured by packages/ui/bench (ui's own concern).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SessionMessage } from '@nitrolite-kit/core'
import { useSessionMessages } from '@nitrolite-kit/react'
import { act, render } from '@testing-library/react'
import { expect, it } from 'vitest'
import { NitroliteContext } from '../src/context.js'
import { createNitroliteStore } from '../src/store.js'

const S1 = `0x${'11'.repeat(32)}` as const
const S2 = `0x${'22'.repeat(32)}` as const
const ME = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' as const

const renders = { s1: 0, s2: 0 }

function Consumer({ id, slot }: { id: `0x${string}`; slot: 's1' | 's2' }) {
  const { messages } = useSessionMessages({ appSessionId: id })
  renders[slot]++
  return <output data-count={messages.length} />
}

function message(i: number): SessionMessage {
  return {
    appSessionId: S1,
    id: i,
    sender: ME,
    payload: { text: `message ${i}` },
    timestamp: Date.now(),
    own: i % 2 === 0,
  }
}

it('10,000 messages', async () => {
  const store = createNitroliteStore({ storage: null })
  render(
    <NitroliteContext.Provider value={{ store, client: undefined, url: '' }}>
      <Consumer id={S1} slot="s1" />
      <Consumer id={S2} slot="s2" />
    </NitroliteContext.Provider>,
  )
  renders.s1 = 0
  renders.s2 = 0
  globalThis.gc?.()
  const heapBefore = process.memoryUsage().heapUsed
  const N = 10_000
  // Half one message per React task (worst case), half in batches of 50 (bursts React batches).
  for (let i = 0; i < N / 2; i++) act(() => store.getState().addMessage(message(i)))
  const unbatchedRenders = renders.s1
  for (let i = N / 2; i < N; i += 50) {
    act(() => {
      for (let j = i; j < i + 50; j++) store.getState().addMessage(message(j))
    })
  }
  const batchedRenders = renders.s1 - unbatchedRenders
  globalThis.gc?.()
  const heapAfter = process.memoryUsage().heapUsed
  const kept = store.getState().messages[S1]?.length ?? 0
  const result = {
    messages: N,
    rendersSession: renders.s1,
    rendersPerMessage: renders.s1 / N,
    unbatched: { messages: N / 2, renders: unbatchedRenders },
    batched: { messages: N / 2, renders: batchedRenders, batchSize: 50 },
    rendersOtherSession: renders.s2,
    historyKept: kept,
    heapGrowthMB: Math.round(((heapAfter - heapBefore) / 1024 / 1024) * 10) / 10,
    gcExposed: typeof globalThis.gc === 'function',
    pass: renders.s1 <= N && renders.s2 === 0,
  }
  const out = process.env.BENCH_OUT ?? join(process.cwd(), 'bench/.tmp')
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, 'react.json'), JSON.stringify(result, null, 2))
  expect(renders.s2).toBe(0)
})
