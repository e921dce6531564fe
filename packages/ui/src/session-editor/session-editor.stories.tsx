import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, userEvent, within } from 'storybook/test'
import { ALICE, BOB, CAROL, SERVER } from '../test/fixtures.js'
import { createSessionDraft, type SessionDraft } from './session-draft.js'
import { SessionEditor } from './session-editor.js'

const NONCE = '1764000000000'
const draft = (d: Partial<SessionDraft>): SessionDraft =>
  createSessionDraft({ application: 'chess', nonce: NONCE, ...d })

const meta = {
  title: 'Editors/SessionEditor',
  component: SessionEditor,
  args: {
    onChange: fn(),
    you: ALICE,
    defaultValue: draft({ participants: [ALICE, BOB] }),
  },
  argTypes: {
    you: { control: 'text', description: 'The connected wallet; its row is marked "you".' },
    heading: { control: 'text' },
    disabled: { control: 'boolean' },
    value: { control: false },
    defaultValue: { control: 'object' },
  },
} satisfies Meta<typeof SessionEditor>

export default meta
type Story = StoryObj<typeof meta>

/** A fresh draft: two empty participant rows, equal peers, generated nonce. Not "valid" yet. */
export const Empty: Story = {
  args: { defaultValue: draft({ application: '' }) },
  play: async ({ canvasElement }) => {
    const status = within(canvasElement).getByRole('status')
    await expect(status).toHaveAttribute('data-state', 'empty')
    await expect(status).toHaveTextContent("Enter the participants' addresses to start.")
  },
}

/** The dapp fixes the application name: the field is read-only and says so. */
export const FixedApplication: Story = {
  args: { application: 'rps', defaultValue: draft({ participants: [ALICE, BOB] }) },
  play: async ({ canvasElement }) => {
    const input = within(canvasElement).getByLabelText('Application')
    await expect(input).toHaveAttribute('readonly')
    await expect(input).toHaveValue('rps')
    await expect(input).toHaveAccessibleDescription('Set by this app.')
  },
}

/** Adding a participant keeps everyone's votes (50/50 → 50/50/50) and the approval rule. */
export const AddKeepsVotes: Story = {
  args: {
    defaultValue: draft({ participants: [ALICE, BOB], weights: ['50', '50'], quorum: '100' }),
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    await userEvent.click(c.getByRole('button', { name: 'Add participant' }))
    await expect(c.getByLabelText('Votes for participant 3')).toHaveValue('50')
    await expect(c.getByLabelText('Votes needed to approve a change')).toHaveValue('150')
    await expect(c.getByRole('button', { name: 'Equal peers' })).toHaveAttribute(
      'aria-pressed',
      'true',
    )
    await expect(c.getByText(/Participant 3 added with 50 votes/)).toBeInTheDocument()
  },
}

/** Two checksummed participants, equal peers (both must sign). */
export const Valid: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    await expect(c.getByRole('status')).toHaveTextContent(
      'Ready: the session details are complete.',
    )
    await expect(c.getByLabelText(/^Participant 1 \(you\)/)).toHaveValue(ALICE)
    await expect(c.getByRole('button', { name: 'Equal peers' })).toHaveAttribute(
      'aria-pressed',
      'true',
    )
  },
}

/** Server-controlled preset: the server alone signs updates. */
export const ServerControlled: Story = {
  args: {
    defaultValue: draft({
      participants: [SERVER, ALICE, BOB],
      weights: ['100', '0', '0'],
      quorum: '100',
    }),
  },
}

/** Majority preset over three peers (2 of 3). */
export const Majority: Story = {
  args: {
    defaultValue: draft({
      participants: [ALICE, BOB, CAROL],
      weights: ['1', '1', '1'],
      quorum: '2',
    }),
  },
}

/** Invalid: a single participant. */
export const TooFewParticipants: Story = {
  args: { defaultValue: draft({ participants: [ALICE], weights: ['1'], quorum: '1' }) },
  play: async ({ canvasElement }) => {
    await expect(
      within(canvasElement).getByText('Add at least two participants.'),
    ).toBeInTheDocument()
  },
}

/** Invalid: not an address. */
export const InvalidAddress: Story = {
  args: { defaultValue: draft({ participants: [ALICE, '0x1234'] }) },
  play: async ({ canvasElement }) => {
    const input = within(canvasElement).getByLabelText(/^Participant 2\b/)
    await expect(input).toHaveAttribute('aria-invalid', 'true')
    await expect(input).toHaveAccessibleDescription(/address/i)
  },
}

/** Any casing is accepted: a lowercase address is valid (the result carries the checksum casing). */
export const LowercaseAddress: Story = {
  args: { defaultValue: draft({ participants: [ALICE, BOB.toLowerCase()] }) },
  play: async ({ canvasElement }) => {
    const input = within(canvasElement).getByLabelText(/^Participant 2\b/)
    await expect(input).toHaveAttribute('aria-invalid', 'false')
    // Shown in checksum casing once the field is left.
    input.focus()
    await userEvent.tab()
    await expect(input).toHaveValue(BOB)
  },
}

/** Invalid: the zero address. */
export const ZeroAddress: Story = {
  args: { defaultValue: draft({ participants: [ALICE, `0x${'0'.repeat(40)}`] }) },
  play: async ({ canvasElement }) => {
    await expect(
      within(canvasElement).getByLabelText(/^Participant 2\b/),
    ).toHaveAccessibleDescription(/zero address/)
  },
}

/** Invalid: the same participant twice (an inline error on the repeated row). */
export const DuplicateParticipant: Story = {
  args: {
    defaultValue: draft({
      participants: [ALICE, BOB, ALICE],
      weights: ['1', '1', '1'],
      quorum: '3',
    }),
  },
  play: async ({ canvasElement }) => {
    await expect(
      within(canvasElement).getByLabelText(/^Participant 3\b/),
    ).toHaveAccessibleDescription('Same address as participant 1.')
  },
}

/** Invalid: a negative weight. */
export const NegativeWeight: Story = {
  args: { defaultValue: draft({ participants: [ALICE, BOB], weights: ['2', '-1'], quorum: '1' }) },
  play: async ({ canvasElement }) => {
    await expect(
      within(canvasElement).getByLabelText('Votes for participant 2'),
    ).toHaveAccessibleDescription(/Votes cannot be negative/)
  },
}

/** Invalid: quorum above the sum of weights. */
export const QuorumAboveTotal: Story = {
  args: { defaultValue: draft({ participants: [ALICE, BOB], weights: ['1', '1'], quorum: '3' }) },
  play: async ({ canvasElement }) => {
    await expect(
      within(canvasElement).getByText('3 votes needed, but all participants together have only 2.'),
    ).toBeInTheDocument()
  },
}

/** Invalid: zero nonce; the Details section opens to show it. */
export const ZeroNonce: Story = {
  args: { defaultValue: draft({ participants: [ALICE, BOB], nonce: '0' }) },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    await expect(c.getByText('Details (for developers)').closest('details')).toHaveAttribute('open')
    await expect(c.getByLabelText('Nonce')).toHaveAccessibleDescription(/Must not be 0/)
  },
}

/** Invalid: fractional weight and non-numeric quorum. */
export const NotWholeNumbers: Story = {
  args: {
    defaultValue: draft({ participants: [ALICE, BOB], weights: ['1.5', '1'], quorum: 'abc' }),
  },
}

/** Every control disabled (e.g. while signing). */
export const Disabled: Story = { args: { disabled: true } }

/** Dark theme. */
export const Dark: Story = {
  parameters: { theme: 'dark' },
  args: { defaultValue: draft({ participants: [ALICE, BOB], weights: ['2', '-1'], quorum: '5' }) },
}

/** Typing participants and choosing presets updates weights, quorum and the signer line. */
export const TypingAndPresets: Story = {
  args: { defaultValue: draft({ participants: ['', ''] }) },
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement)
    await userEvent.type(c.getByLabelText(/^Participant 1\b/), ALICE)
    await userEvent.type(c.getByLabelText(/^Participant 2\b/), BOB)
    await userEvent.click(c.getByRole('button', { name: 'Add participant' }))
    await userEvent.type(c.getByLabelText(/^Participant 3\b/), CAROL)
    await userEvent.click(c.getByRole('button', { name: 'Majority' }))
    await expect(c.getByLabelText('Votes needed to approve a change')).toHaveValue('2')
    await expect(c.getByText(/any 2 of the 3 participants/)).toBeInTheDocument()
    await userEvent.click(c.getByRole('button', { name: 'Server-controlled' }))
    await expect(c.getByLabelText('Votes for participant 1')).toHaveValue('100')
    await expect(c.getByLabelText('Votes for participant 2')).toHaveValue('0')
    await expect(c.getByLabelText('Votes needed to approve a change')).toHaveValue('100')
    await userEvent.clear(c.getByLabelText('Votes needed to approve a change'))
    await userEvent.type(c.getByLabelText('Votes needed to approve a change'), '101')
    await expect(c.getByLabelText('Votes needed to approve a change')).toHaveAttribute(
      'aria-invalid',
      'true',
    )
    await expect(args.onChange).toHaveBeenCalled()
  },
}

/** Keyboard: reorder with the move buttons; focus follows the moved row. */
export const KeyboardReorder: Story = {
  args: {
    defaultValue: draft({
      participants: [ALICE, BOB, CAROL],
      weights: ['1', '2', '3'],
      quorum: '6',
    }),
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    c.getByRole('button', { name: 'Move participant 1 down' }).focus()
    await userEvent.keyboard('{Enter}')
    await expect(c.getByLabelText(/^Participant 2\b/)).toHaveValue(ALICE)
    await expect(c.getByLabelText('Votes for participant 2')).toHaveValue('1')
    await expect(c.getByLabelText(/^Participant 1\b/)).toHaveValue(BOB)
    c.getByRole('button', { name: 'Remove participant 3' }).focus()
    await userEvent.keyboard(' ')
    await expect(c.queryByLabelText(/^Participant 3\b/)).not.toBeInTheDocument()
  },
}

/** Every state side by side, for visual review. */
export const AllStates: Story = {
  render: (args) => {
    const states: [string, SessionDraft][] = [
      ['Empty', draft({ application: '' })],
      ['Valid', draft({ participants: [ALICE, BOB] })],
      [
        'Server-controlled',
        draft({ participants: [SERVER, ALICE], weights: ['100', '0'], quorum: '100' }),
      ],
      ['Too few participants', draft({ participants: [ALICE], weights: ['1'], quorum: '1' })],
      [
        'Bad and duplicate addresses',
        draft({ participants: [ALICE, '0x12', ALICE], weights: ['1', '1', '1'], quorum: '3' }),
      ],
      [
        'Negative weight, quorum too high',
        draft({ participants: [ALICE, BOB], weights: ['1', '-1'], quorum: '9' }),
      ],
      ['Zero nonce', draft({ participants: [ALICE, BOB], nonce: '0' })],
    ]
    return (
      <div
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(520px, 1fr))',
          gap: 16,
        }}
      >
        {states.map(([name, d]) => (
          <SessionEditor key={name} heading={name} defaultValue={d} you={args.you} />
        ))}
      </div>
    )
  },
}
