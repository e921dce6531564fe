// MessageLog under a 10,000-message history: how many DOM nodes it keeps (virtualized rows),
// measured after the history grows one burst at a time. Writes bench/.tmp/ui.json (repository
// root); `pnpm bench` only, never part of `npm test`.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SessionMessage } from '@nitrolite-kit/core'
import { act, render } from '@testing-library/react'
import { expect, it } from 'vitest'
import { MessageLog } from '../src/index.js'

const S1 = `0x${'11'.repeat(32)}` as const
const ME = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266' as const

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

it('MessageLog keeps a bounded DOM under 10,000 messages', () => {
  let messages: SessionMessage[] = []
  const { container, rerender } = render(
    <MessageLog messages={messages} height={320} rowHeight={56} />,
  )
  const N = 10_000
  for (let i = 0; i < N; i += 50) {
    messages = [...messages, ...Array.from({ length: 50 }, (_, j) => message(i + j))]
    act(() => rerender(<MessageLog messages={messages} height={320} rowHeight={56} />))
  }
  const domNodes = container.querySelectorAll('*').length
  const result = { messages: N, messageLogDomNodes: domNodes, pass: domNodes < 400 }
  const out = process.env.BENCH_OUT ?? join(process.cwd(), 'bench/.tmp')
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, 'ui.json'), JSON.stringify(result, null, 2))
  expect(domNodes).toBeLessThan(400)
})
