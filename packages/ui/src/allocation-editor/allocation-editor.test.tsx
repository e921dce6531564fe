import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cleanup, render, screen, within } from '@testing-library/react'
import { userEvent } from '@testing-library/user-event'
import { useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Allocation } from '../internal/core.js'
import { ALICE, alloc, BOB, CAROL, NAMES, USDC } from '../test/fixtures.js'
import { AllocationEditor } from './allocation-editor.js'
import type { AllocationMode } from './use-allocation-editor.js'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

const status = () => screen.getByRole('status')
const current = [alloc(ALICE, 'usdc', '60'), alloc(BOB, 'usdc', '40')]

/** A parent that keeps the value and the usable allocations, as a dapp does. */
function CloseParent({ onReady }: { onReady: (ready: Allocation[] | undefined) => void }) {
  const [value, setValue] = useState<Allocation[]>(current)
  return (
    <AllocationEditor
      mode="close"
      participants={[ALICE, BOB]}
      assets={[USDC]}
      current={current}
      value={value}
      onChange={(next, result) => {
        setValue(next)
        onReady(result.allocations)
      }}
    />
  )
}

/** A close/update switch driven by the editor's own mode buttons. */
function Switch() {
  const [mode, setMode] = useState<AllocationMode>('close')
  return (
    <AllocationEditor
      mode={mode}
      onModeChange={setMode}
      participants={[ALICE, BOB]}
      assets={[USDC]}
      current={current}
      defaultValue={current}
    />
  )
}

describe('given a participant listed twice', () => {
  it('should show one row, an inline error, and no React key error', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const onChange = vi.fn()
    const { container } = render(
      <AllocationEditor
        mode="create"
        participants={[ALICE, BOB, ALICE.toLowerCase()]}
        assets={[USDC]}
        names={NAMES}
        defaultValue={[alloc(ALICE, 'usdc', '1'), alloc(BOB, 'usdc', '1')]}
        onChange={onChange}
      />,
    )
    expect(container.querySelectorAll('tbody tr')).toHaveLength(2)
    expect(screen.getAllByLabelText(/^usdc for Alice/)).toHaveLength(1)
    const issues = container.querySelector('[data-part="issues"]')
    expect(issues?.textContent).toMatch(/Participant 3 .* is the same as participant 1/)
    expect(status().getAttribute('data-state')).toBe('invalid')
    expect(onChange.mock.calls.at(-1)![1]).toMatchObject({ isValid: false, allocations: undefined })
    expect(errors.mock.calls.flat().join(' ')).not.toMatch(/same key/)
  })
})

describe('given the status line on load', () => {
  it('should not say valid for an empty create grid, and agree with the result', async () => {
    const onChange = vi.fn()
    render(
      <AllocationEditor
        mode="create"
        participants={[ALICE, BOB]}
        assets={[USDC]}
        names={NAMES}
        onChange={onChange}
      />,
    )
    expect(status().getAttribute('data-state')).toBe('empty')
    expect(status().textContent).not.toMatch(/valid/i)
    expect(onChange.mock.calls.at(-1)![1]).toMatchObject({ isValid: false, status: 'empty' })
    await userEvent.type(screen.getByLabelText('usdc for Alice'), '0')
    expect(status().getAttribute('data-state')).toBe('valid')
    expect(onChange.mock.calls.at(-1)![1].allocations).toEqual([
      alloc(ALICE, 'usdc', '0'),
      alloc(BOB, 'usdc', '0'),
    ])
  })

  it('should hand the parent the allocations on load when it says conserved', () => {
    let ready: Allocation[] | undefined
    render(
      <CloseParent
        onReady={(r) => {
          ready = r
        }}
      />,
    )
    expect(status().getAttribute('data-state')).toBe('conserved')
    expect(ready).toEqual(current)
  })

  it('should report again when the participants change without an edit', () => {
    const onChange = vi.fn()
    const props = {
      mode: 'create' as const,
      assets: [USDC],
      defaultValue: [alloc(ALICE, 'usdc', '1'), alloc(BOB, 'usdc', '0')],
      onChange,
    }
    const { rerender } = render(<AllocationEditor {...props} participants={[ALICE, BOB]} />)
    expect(onChange.mock.calls.at(-1)![1].allocations).toHaveLength(2)
    const calls = onChange.mock.calls.length
    rerender(<AllocationEditor {...props} participants={[ALICE, BOB]} />)
    expect(onChange).toHaveBeenCalledTimes(calls)
    rerender(<AllocationEditor {...props} participants={[ALICE, BOB, CAROL]} />)
    expect(onChange.mock.calls.at(-1)![1].allocations).toHaveLength(3)
  })
})

describe('given lowercase participants', () => {
  it('should give the allocations in checksum casing', () => {
    const onChange = vi.fn()
    render(
      <AllocationEditor
        mode="create"
        participants={[ALICE.toLowerCase(), BOB]}
        assets={[USDC]}
        defaultValue={[alloc(ALICE, 'usdc', '2'), alloc(BOB, 'usdc', '0')]}
        onChange={onChange}
      />,
    )
    expect(
      onChange.mock.calls.at(-1)![1].allocations.map((a: Allocation) => a.participant),
    ).toEqual([ALICE, BOB])
  })
})

describe('given the mode switch', () => {
  it('should show which mode is pressed, in the markup and in the stylesheet', async () => {
    // The stylesheet itself (Vitest does not process CSS imports).
    const css = readFileSync(join(import.meta.dirname, '../styles.css'), 'utf8')
    const style = document.createElement('style')
    style.textContent = css
    document.head.append(style)
    try {
      const { container } = render(<Switch />)
      const group = screen.getByRole('group', { name: 'What to do' })
      const close = within(group).getByRole('button', { name: 'Close the session' })
      const update = within(group).getByRole('button', { name: 'Update, keep it open' })
      expect([close.getAttribute('aria-pressed'), update.getAttribute('aria-pressed')]).toEqual([
        'true',
        'false',
      ])
      await userEvent.click(update)
      expect([close.getAttribute('aria-pressed'), update.getAttribute('aria-pressed')]).toEqual([
        'false',
        'true',
      ])
      expect(container.querySelector('.nk-title')?.textContent).toBe('New allocations')
      // The stylesheet's pressed rule (accent background) applies to the pressed button only.
      const pressedRules = [...(style.sheet?.cssRules ?? [])]
        .filter((r): r is CSSStyleRule => 'selectorText' in r)
        .filter((r) => r.selectorText.includes('aria-pressed="true"'))
      expect(pressedRules.length).toBeGreaterThan(0)
      expect(pressedRules.some((r) => update.matches(r.selectorText))).toBe(true)
      expect(pressedRules.some((r) => close.matches(r.selectorText))).toBe(false)
      expect(pressedRules.some((r) => r.style.getPropertyValue('background') !== '')).toBe(true)
    } finally {
      style.remove()
    }
  })
})
