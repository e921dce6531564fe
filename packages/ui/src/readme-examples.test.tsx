/** The README's snippets, run as written (with addresses filled in). */
import type { Allocation, AppDefinition } from '@nitrolite-kit/core'
import { cleanup, render, screen } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import {
  AllocationEditor,
  createSessionDraft,
  type SessionDraft,
  SessionEditor,
  useAllocationEditor,
  useSessionEditor,
} from './index.js'
import { ALICE, alloc, BOB, SERVER } from './test/fixtures.js'

function CreateSession({ me, server }: { me: `0x${string}`; server: `0x${string}` }) {
  const [draft, setDraft] = useState<SessionDraft>(() =>
    createSessionDraft({ application: 'chess', participants: [me, server] }),
  )
  const [definition, setDefinition] = useState<AppDefinition>()
  return (
    <>
      <SessionEditor
        value={draft}
        you={me}
        onChange={(next, { definition }) => {
          setDraft(next)
          setDefinition(definition)
        }}
        footer={(editor) => (
          <button type="button" disabled={!editor.isValid}>
            Create
          </button>
        )}
      />
      <p>{definition ? `quorum ${definition.quorum}` : 'invalid'}</p>
    </>
  )
}

function MySessionForm() {
  const editor = useSessionEditor({ you: ALICE })
  return (
    <form>
      {editor.draft.participants.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: positional rows
        <label key={i}>
          Participant {i + 1}
          <input
            value={p}
            onChange={(e) => editor.setParticipant(i, e.target.value)}
            aria-invalid={editor.issuesAt(`participants.${i}`).length > 0}
          />
        </label>
      ))}
      <button type="button" onClick={() => editor.applyPreset('majority')}>
        Majority
      </button>
      <p>{editor.requiredSignersText}</p>
      <button type="submit" disabled={!editor.isValid}>
        Create
      </button>
    </form>
  )
}

function CloseSession({
  participants,
  allocations,
}: {
  participants: `0x${string}`[]
  allocations: Allocation[]
}) {
  const [value, setValue] = useState<Allocation[]>(allocations)
  const [ready, setReady] = useState<Allocation[]>()
  return (
    <>
      <AllocationEditor
        mode="close"
        participants={participants}
        assets={[{ symbol: 'usdc', decimals: 6 }]}
        current={allocations}
        value={value}
        onChange={(next, result) => {
          setValue(next)
          setReady(result.allocations)
        }}
      />
      <p>{ready ? ready.map((a) => a.amount).join('/') : 'not ready'}</p>
    </>
  )
}

function MyClose({
  participants,
  current,
}: {
  participants: `0x${string}`[]
  current: Allocation[]
}) {
  const editor = useAllocationEditor({
    mode: 'close',
    participants,
    assets: [{ symbol: 'usdc', decimals: 6 }],
    current,
  })
  return (
    <div>
      {participants.map((p) => (
        <input
          key={p}
          aria-label={p}
          value={editor.amountOf(p, 'usdc')}
          onChange={(e) => editor.setAmount(p, 'usdc', e.target.value)}
        />
      ))}
      <button type="button" onClick={editor.evenSplit}>
        Even split
      </button>
      <p>{editor.conservation}</p>
    </div>
  )
}

afterEach(cleanup)

describe('given the README examples', () => {
  it('should create a valid definition with SessionEditor', async () => {
    render(<CreateSession me={ALICE} server={SERVER} />)
    expect(screen.getByText('Ready: the session details are complete.')).toBeTruthy()
    await userEvent.click(screen.getByRole('button', { name: 'Server-controlled' }))
    expect(screen.getByText('quorum 100')).toBeTruthy()
  })
  it('should drive useSessionEditor from custom markup', async () => {
    render(<MySessionForm />)
    await userEvent.type(screen.getByLabelText('Participant 1'), ALICE)
    await userEvent.type(screen.getByLabelText('Participant 2'), BOB)
    expect(screen.getByRole('button', { name: 'Create' })).toHaveProperty('disabled', false)
  })
  it('should report canonical allocations once conserved', async () => {
    render(
      <CloseSession
        participants={[ALICE, BOB]}
        allocations={[alloc(ALICE, 'usdc', '60'), alloc(BOB, 'usdc', '40')]}
      />,
    )
    // Already conserved on load: the editor reports it, so the parent is ready too.
    expect(screen.getByText('60/40')).toBeTruthy()
    await userEvent.click(screen.getByRole('button', { name: 'Even split' }))
    expect(screen.getByText('50/50')).toBeTruthy()
  })
  it('should drive useAllocationEditor from custom markup', async () => {
    render(
      <MyClose
        participants={[ALICE, BOB]}
        current={[alloc(ALICE, 'usdc', '60'), alloc(BOB, 'usdc', '40')]}
      />,
    )
    expect(screen.getByText('not-conserved')).toBeTruthy()
    await userEvent.click(screen.getByRole('button', { name: 'Even split' }))
    expect(screen.getByText('conserved')).toBeTruthy()
  })
})
