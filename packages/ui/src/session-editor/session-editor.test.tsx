import { act, cleanup, render, screen, within } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { desc, val } from '../test/dom.js'
import { ALICE, BOB, CAROL } from '../test/fixtures.js'
import { createSessionDraft, type SessionDraft } from './session-draft.js'
import { SessionEditor } from './session-editor.js'
import type { SessionEditorResult } from './use-session-editor.js'

afterEach(cleanup)

const NONCE = '1764000000000'
const draft = (d: Partial<SessionDraft> = {}): SessionDraft =>
  createSessionDraft({ application: 'chess', nonce: NONCE, ...d })

/** The demo's shape: a controlled editor whose parent keeps the draft and the definition. */
function Controlled({
  initial,
  application,
  onResult,
}: {
  initial: SessionDraft
  application?: string
  onResult?: (draft: SessionDraft, result: SessionEditorResult) => void
}) {
  const [value, setValue] = useState(initial)
  return (
    <SessionEditor
      value={value}
      you={ALICE}
      {...(application !== undefined ? { application } : {})}
      onChange={(next, result) => {
        setValue(application !== undefined ? { ...next, application } : next)
        onResult?.(next, result)
      }}
    />
  )
}

const status = () => screen.getByRole('status')
const participant = (n: number) => screen.getByLabelText(new RegExp(`^Participant ${n}\\b`))
const votes = (n: number) => screen.getByLabelText(`Votes for participant ${n}`)
const votesNeeded = () => screen.getByLabelText('Votes needed to approve a change')

describe('given the Application field', () => {
  it('should keep what the user types (a real controlled field)', async () => {
    render(<Controlled initial={draft({ application: '' })} />)
    const input = screen.getByLabelText('Application')
    await userEvent.type(input, 'poker')
    expect(val(input)).toBe('poker')
    expect(input.hasAttribute('readonly')).toBe(false)
  })

  it('should be read-only, and say so, when the dapp fixes the name', async () => {
    const onResult = vi.fn()
    render(
      <Controlled
        initial={draft({ application: 'other', participants: [ALICE, BOB] })}
        application="rps"
        onResult={onResult}
      />,
    )
    const input = screen.getByLabelText('Application')
    expect(input.hasAttribute('readonly')).toBe(true)
    expect(val(input)).toBe('rps')
    expect(desc(input)).toBe('Set by this app.')
    await userEvent.type(input, 'x')
    expect(val(input)).toBe('rps')
    const [, result] = onResult.mock.calls.at(-1)!
    expect(result.definition?.application).toBe('rps')
  })
})

describe('given Add participant', () => {
  it('should keep the existing weights and the preset, and say what happened', async () => {
    const onResult = vi.fn()
    render(
      <Controlled
        initial={draft({ participants: [ALICE, BOB], weights: ['50', '50'], quorum: '100' })}
        onResult={onResult}
      />,
    )
    expect(screen.getByRole('button', { name: 'Equal peers' }).getAttribute('aria-pressed')).toBe(
      'true',
    )
    await userEvent.click(screen.getByRole('button', { name: 'Add participant' }))
    expect(val(votes(1))).toBe('50')
    expect(val(votes(2))).toBe('50')
    expect(val(votes(3))).toBe('50')
    expect(val(votesNeeded())).toBe('150')
    expect(screen.getByRole('button', { name: 'Equal peers' }).getAttribute('aria-pressed')).toBe(
      'true',
    )
    expect(document.querySelector('[data-part="last-change"]')?.textContent).toContain(
      'Participant 3 added with 50 votes. Everyone must still approve changes: 150 of 150 votes.',
    )
    await userEvent.type(participant(3), CAROL)
    const [, result] = onResult.mock.calls.at(-1)!
    expect(result.definition).toMatchObject({ weights: [50, 50, 50], quorum: 150 })
  })

  it('should keep a custom rule as it is and give the newcomer no votes', async () => {
    render(
      <Controlled
        initial={draft({ participants: [ALICE, BOB], weights: ['3', '1'], quorum: '3' })}
      />,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Add participant' }))
    expect([votes(1), votes(2), votes(3)].map((i) => (i as HTMLInputElement).value)).toEqual([
      '3',
      '1',
      '0',
    ])
    expect(val(votesNeeded())).toBe('3')
  })

  it('should keep a majority rule on remove without resetting the weights', async () => {
    render(
      <Controlled
        initial={draft({
          participants: [ALICE, BOB, CAROL],
          weights: ['2', '2', '2'],
          quorum: '4',
        })}
      />,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Remove participant 3' }))
    expect(val(votes(1))).toBe('2')
    expect(val(votesNeeded())).toBe('3')
  })
})

describe('given participant rows', () => {
  it('should keep each row (its DOM node) with its participant when another is removed', async () => {
    render(
      <Controlled
        initial={draft({
          participants: [ALICE, BOB, CAROL],
          weights: ['1', '1', '1'],
          quorum: '3',
        })}
      />,
    )
    const carolRow = participant(3).closest('li')
    await userEvent.click(screen.getByRole('button', { name: 'Remove participant 1' }))
    expect(val(participant(2))).toBe(CAROL)
    expect(participant(2).closest('li')).toBe(carolRow)
  })

  it('should show a duplicate as an inline error on the duplicate row', () => {
    render(
      <Controlled
        initial={draft({
          participants: [ALICE, BOB, ALICE],
          weights: ['1', '1', '1'],
          quorum: '3',
        })}
      />,
    )
    expect(participant(3).getAttribute('aria-invalid')).toBe('true')
    expect(desc(participant(3))).toBe('Same address as participant 1.')
    expect(status().getAttribute('data-state')).toBe('invalid')
  })
})

describe('given addresses', () => {
  it('should accept a lowercase address and show it in checksum casing on blur', async () => {
    const onResult = vi.fn()
    render(<Controlled initial={draft({ participants: [ALICE, ''] })} onResult={onResult} />)
    await userEvent.type(participant(2), BOB.toLowerCase())
    expect(participant(2).getAttribute('aria-invalid')).toBe('false')
    expect(onResult.mock.calls.at(-1)![1].definition?.participants).toEqual([ALICE, BOB])
    await userEvent.tab()
    expect(val(participant(2))).toBe(BOB)
  })

  it('should reject the zero address with a clear message', async () => {
    render(<Controlled initial={draft({ participants: [ALICE, ''] })} />)
    await userEvent.type(participant(2), `0x${'0'.repeat(40)}`)
    expect(participant(2).getAttribute('aria-invalid')).toBe('true')
    expect(desc(participant(2))).toMatch(/zero address.*nobody can sign/)
    expect(status().getAttribute('data-state')).toBe('invalid')
  })
})

describe('given the status line', () => {
  it('should not say valid for an empty draft', () => {
    render(<SessionEditor defaultValue={draft({ application: '' })} />)
    expect(status().getAttribute('data-state')).toBe('empty')
    expect(status()?.textContent).not.toMatch(/valid|ready/i)
  })

  it('should hand the parent the definition on load when it says ready', () => {
    const onResult = vi.fn()
    render(<Controlled initial={draft({ participants: [ALICE, BOB] })} onResult={onResult} />)
    expect(status().getAttribute('data-state')).toBe('valid')
    expect(onResult).toHaveBeenCalled()
    expect(onResult.mock.calls.at(-1)![1]).toMatchObject({ isValid: true })
  })

  it('should report once per content change, not loop on an equal value', () => {
    const onChange = vi.fn()
    const value = draft({ participants: [ALICE, BOB] })
    const { rerender } = render(<SessionEditor value={value} onChange={onChange} />)
    const calls = onChange.mock.calls.length
    expect(calls).toBeGreaterThan(0)
    rerender(<SessionEditor value={{ ...value }} onChange={onChange} />)
    expect(onChange).toHaveBeenCalledTimes(calls)
    act(() => rerender(<SessionEditor value={{ ...value, quorum: '1' }} onChange={onChange} />))
    expect(onChange).toHaveBeenCalledTimes(calls + 1)
  })
})

describe('given the approval presets', () => {
  it('should mark exactly the active preset as pressed', async () => {
    render(<Controlled initial={draft({ participants: [ALICE, BOB] })} />)
    const group = screen.getByRole('group', { name: 'Approval rule' })
    await userEvent.click(within(group).getByRole('button', { name: 'Server-controlled' }))
    const pressed = within(group)
      .getAllByRole('button')
      .filter((b) => b.getAttribute('aria-pressed') === 'true')
    expect(pressed.map((b) => b.textContent)).toEqual(['Server-controlled'])
    expect(pressed[0]?.getAttribute('data-state')).toBe('on')
  })
})

describe('given the copy', () => {
  it('should keep protocol terms out of the labels and messages outside Details', async () => {
    const { container } = render(
      <Controlled
        initial={draft({
          participants: [ALICE, BOB.toLowerCase()],
          weights: ['1', '-1'],
          quorum: '9',
          nonce: '0',
        })}
      />,
    )
    const root = container.firstElementChild!.cloneNode(true) as HTMLElement
    root.querySelector('details')?.remove()
    expect(root.textContent).not.toMatch(/quorum|nonce|challenge|weight|checksum|NitroRPC/i)
    // The protocol terms are there for developers, behind the disclosure (opened by its error).
    const details = container.querySelector('details')!
    expect(details).toHaveProperty('open', true)
    expect(within(details).getByText('Details (for developers)')).toBeTruthy()
    expect(within(details).getByLabelText('Nonce').getAttribute('aria-invalid')).toBe('true')
  })
})
