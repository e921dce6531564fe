import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, fn, userEvent, within } from 'storybook/test'
import type { Allocation } from '../internal/core.js'
import { createSessionDraft, type SessionDraft } from '../session-editor/session-draft.js'
import { SessionEditor } from '../session-editor/session-editor.js'
import { ALICE, alloc, BOB, CAROL, ETH, NAMES, USDC } from '../test/fixtures.js'
import { AllocationEditor, type AllocationEditorProps } from './allocation-editor.js'
import type { AllocationMode } from './use-allocation-editor.js'

const current = [alloc(ALICE, 'usdc', '60'), alloc(BOB, 'usdc', '40')]
const funded = [alloc(ALICE, 'usdc', '50'), alloc(BOB, 'usdc', '50')]

const meta = {
  title: 'Editors/AllocationEditor',
  component: AllocationEditor,
  args: {
    mode: 'create',
    participants: [ALICE, BOB],
    assets: [USDC],
    names: NAMES,
    you: ALICE,
    onChange: fn(),
  },
  argTypes: {
    mode: { control: 'inline-radio', options: ['create', 'close', 'redistribute'] },
    value: { control: false },
  },
} satisfies Meta<typeof AllocationEditor>

export default meta
type Story = StoryObj<typeof meta>

/** Create mode, nothing entered yet: not "valid" until amounts are typed (0 for nothing). */
export const CreateEmpty: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    await expect(c.getByRole('status')).toHaveAttribute('data-state', 'empty')
    await userEvent.type(c.getByLabelText('usdc for Alice (you)'), '0')
    await expect(c.getByRole('status')).toHaveTextContent('Allocations are valid.')
  },
}

/** The same participant twice: one row, and an inline error naming the repeat. */
export const DuplicateParticipant: Story = {
  args: {
    participants: [ALICE, BOB, ALICE],
    defaultValue: [alloc(ALICE, 'usdc', '1'), alloc(BOB, 'usdc', '1')],
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    await expect(c.getAllByLabelText(/^usdc for Alice/)).toHaveLength(1)
    await expect(c.getByText(/is the same as participant 1/)).toBeInTheDocument()
    await expect(c.getByRole('status')).toHaveAttribute('data-state', 'invalid')
  },
}

/** Create mode with balances and a session-key allowance: a valid commitment. */
export const CreateValid: Story = {
  args: {
    defaultValue: [alloc(ALICE, 'usdc', '25.5'), alloc(BOB, 'usdc', '0')],
    balances: {
      [ALICE]: [{ asset: 'usdc', amount: '100' }],
      [BOB]: [{ asset: 'usdc', amount: '3' }],
    },
    allowances: [{ asset: 'usdc', amount: '50' }],
  },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent(
      'Allocations are valid.',
    )
  },
}

/** Create mode: more than the participant's available balance. */
export const CreateInsufficientBalance: Story = {
  args: {
    defaultValue: [alloc(ALICE, 'usdc', '10'), alloc(BOB, 'usdc', '5')],
    balances: {
      [ALICE]: [{ asset: 'usdc', amount: '100' }],
      [BOB]: [{ asset: 'usdc', amount: '3' }],
    },
  },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByLabelText('usdc for Bob')).toHaveAccessibleDescription(
      /insufficient funds/,
    )
  },
}

/** Create mode: above your session key's remaining allowance. */
export const CreateOverAllowance: Story = {
  args: {
    defaultValue: [alloc(ALICE, 'usdc', '75')],
    balances: { [ALICE]: [{ asset: 'usdc', amount: '100' }] },
    allowances: [{ asset: 'usdc', amount: '50' }],
  },
  play: async ({ canvasElement }) => {
    await expect(
      within(canvasElement).getByLabelText('usdc for Alice (you)'),
    ).toHaveAccessibleDescription(/Exceeds the session allowance of 50 usdc/)
  },
}

/** Typing: over-precision and negative amounts are rejected with a message. */
export const AmountInputRules: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    const input = c.getByLabelText('usdc for Alice (you)')
    await userEvent.type(input, '1.1234567')
    await expect(input).toHaveAttribute('aria-invalid', 'true')
    await expect(input).toHaveAccessibleDescription(/6 decimal/)
    await userEvent.clear(input)
    await userEvent.type(input, '-5')
    await expect(input).toHaveAccessibleDescription(/negative/)
    await userEvent.clear(input)
    await userEvent.type(input, '0.000001')
    await expect(input).toHaveAttribute('aria-invalid', 'false')
  },
}

/** Close mode: the entered amounts match the session totals. */
export const CloseConserved: Story = {
  args: {
    mode: 'close',
    current,
    funded,
    defaultValue: [alloc(ALICE, 'usdc', '100'), alloc(BOB, 'usdc', '0')],
  },
  play: async ({ canvasElement }) => {
    const status = within(canvasElement).getByRole('status')
    await expect(status).toHaveAttribute('data-state', 'conserved')
  },
}

/** Close mode: part of the total is not assigned yet. */
export const CloseLeftToAssign: Story = {
  args: {
    mode: 'close',
    current,
    defaultValue: [alloc(ALICE, 'usdc', '30'), alloc(BOB, 'usdc', '40')],
  },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent(
      '30 usdc left to assign',
    )
  },
}

/** Close mode: more assigned than the session holds. */
export const CloseOverAssigned: Story = {
  args: {
    mode: 'close',
    current,
    defaultValue: [alloc(ALICE, 'usdc', '80'), alloc(BOB, 'usdc', '40.000001')],
  },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('status')).toHaveTextContent(
      '20.000001 usdc over-assigned',
    )
  },
}

/** Redistribute (operate) with two assets and three participants. */
export const RedistributeMultiAsset: Story = {
  args: {
    mode: 'redistribute',
    participants: [ALICE, BOB, CAROL],
    assets: [USDC, ETH],
    current: [
      alloc(ALICE, 'usdc', '10'),
      alloc(BOB, 'usdc', '10'),
      alloc(CAROL, 'usdc', '10'),
      alloc(ALICE, 'eth', '0.5'),
    ],
    defaultValue: [alloc(ALICE, 'usdc', '5'), alloc(BOB, 'usdc', '25'), alloc(CAROL, 'eth', '0.5')],
  },
}

/** Presets: even split (remainder units go first), winner takes all, back to funders, percentage. */
export const Presets: Story = {
  args: {
    mode: 'close',
    current: [alloc(ALICE, 'usdc', '60'), alloc(BOB, 'usdc', '40.000001')],
    funded,
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    const alice = c.getByLabelText('usdc for Alice (you)')
    const bob = c.getByLabelText('usdc for Bob')
    await userEvent.click(c.getByRole('button', { name: 'Even split' }))
    await expect(alice).toHaveValue('50.000001')
    await expect(bob).toHaveValue('50')
    await expect(c.getByRole('status')).toHaveAttribute('data-state', 'conserved')
    await userEvent.selectOptions(c.getByLabelText('Winner'), BOB)
    await userEvent.click(c.getByRole('button', { name: 'Winner takes all' }))
    await expect(alice).toHaveValue('0')
    await expect(bob).toHaveValue('100.000001')
    await userEvent.click(c.getByRole('button', { name: 'Back to funders' }))
    await expect(alice).toHaveValue('50')
    await expect(c.getByRole('status')).toHaveAttribute('data-state', 'not-conserved')
    const percent = c.getByLabelText('% to Alice')
    await userEvent.clear(percent)
    await userEvent.type(percent, '25')
    await userEvent.click(c.getByRole('button', { name: 'Split by percentage' }))
    await expect(alice).toHaveValue('25')
    await expect(bob).toHaveValue('75.000001')
    await expect(c.getByRole('status')).toHaveAttribute('data-state', 'conserved')
  },
}

/** Keyboard: tab moves through the amounts in row order. */
export const KeyboardOrder: Story = {
  args: { mode: 'close', current },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    c.getByLabelText('usdc for Alice (you)').focus()
    await userEvent.keyboard('7')
    await userEvent.tab()
    await expect(c.getByLabelText('usdc for Bob')).toHaveFocus()
    await userEvent.keyboard('93')
    await expect(c.getByRole('status')).toHaveAttribute('data-state', 'conserved')
  },
}

/** A "What to do" switch (close or update): the chosen mode is pressed (`aria-pressed`). */
export const ModeSwitch: Story = {
  args: { mode: 'close', current, defaultValue: current },
  render: function Render(args) {
    const [mode, setMode] = useState<AllocationMode>(args.mode)
    return <AllocationEditor {...args} mode={mode} onModeChange={setMode} />
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    const close = c.getByRole('button', { name: 'Close the session' })
    const update = c.getByRole('button', { name: 'Update, keep it open' })
    await expect(close).toHaveAttribute('aria-pressed', 'true')
    await userEvent.click(update)
    await expect(update).toHaveAttribute('aria-pressed', 'true')
    await expect(close).toHaveAttribute('aria-pressed', 'false')
    await expect(c.getByRole('heading', { name: 'New allocations' })).toBeInTheDocument()
  },
}

/** No participants yet. */
export const NoParticipants: Story = { args: { participants: [] } }

/** Dark theme, close mode, not conserved. */
export const Dark: Story = {
  parameters: { theme: 'dark' },
  args: {
    mode: 'close',
    current,
    defaultValue: [alloc(ALICE, 'usdc', '70'), alloc(BOB, 'usdc', '-1')],
  },
}

/** Every state side by side, for visual review. */
export const AllStates: Story = {
  render: (args) => {
    const states: [string, Partial<AllocationEditorProps>][] = [
      ['Create: empty', {}],
      [
        'Create: insufficient funds',
        {
          defaultValue: [alloc(BOB, 'usdc', '5')],
          balances: { [BOB]: [{ asset: 'usdc', amount: '3' }] },
        },
      ],
      ['Create: over-precision', { defaultValue: [alloc(ALICE, 'usdc', '0.0000001')] }],
      ['Close: conserved', { mode: 'close', current, defaultValue: current }],
      [
        'Close: left to assign',
        { mode: 'close', current, defaultValue: [alloc(ALICE, 'usdc', '10')] },
      ],
      [
        'Close: over-assigned',
        {
          mode: 'close',
          current,
          defaultValue: [alloc(ALICE, 'usdc', '100'), alloc(BOB, 'usdc', '1')],
        },
      ],
    ]
    return (
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(460px, 1fr))',
          gap: 16,
        }}
      >
        {states.map(([name, p]) => (
          <AllocationEditor key={name} {...args} heading={name} {...p} />
        ))}
      </div>
    )
  },
}

/** Both editors wired together, as in a "create session" form: participants flow into funding. */
export const WithSessionEditor: Story = {
  render: function Render(args) {
    const [draft, setDraft] = useState<SessionDraft>(() =>
      createSessionDraft({
        application: 'chess',
        participants: [ALICE, BOB],
        nonce: '1764000000000',
      }),
    )
    const [allocations, setAllocations] = useState<Allocation[]>([])
    const participants = draft.participants.filter((p) => /^0x[0-9a-fA-F]{40}$/.test(p.trim()))
    return (
      <div style={{ display: 'grid', gap: 16, maxWidth: 900 }}>
        <SessionEditor value={draft} onChange={setDraft} you={ALICE} />
        <AllocationEditor
          {...args}
          mode="create"
          participants={participants}
          value={allocations}
          onChange={setAllocations}
          balances={{
            [ALICE]: [{ asset: 'usdc', amount: '100' }],
            [BOB]: [{ asset: 'usdc', amount: '20' }],
          }}
        />
      </div>
    )
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    await userEvent.click(c.getByRole('button', { name: 'Add participant' }))
    await userEvent.type(c.getByLabelText(/^Participant 3\b/), CAROL)
    await expect(await c.findByLabelText('usdc for Carol')).toBeInTheDocument()
  },
}
