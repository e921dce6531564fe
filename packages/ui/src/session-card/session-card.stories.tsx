import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, within } from 'storybook/test'
import { ALICE, alloc, BOB, CAROL, NAMES, SERVER, session } from '../test/fixtures.js'
import { SessionCard, SessionList } from './session-card.js'

const meta = {
  title: 'Sessions/SessionCard',
  component: SessionCard,
  args: { session: session(), you: ALICE, names: NAMES },
} satisfies Meta<typeof SessionCard>

export default meta
type Story = StoryObj<typeof meta>

/** An open two-party session: plain words first, the protocol facts under "Details". */
export const Open: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    await expect(c.getByRole('article')).toHaveAttribute('data-state', 'open')
    await expect(c.getByText('Open')).toBeInTheDocument()
    await expect(c.getByText('Every change needs everyone’s signature.')).toBeInTheDocument()
    const summary = c.getByText('Details')
    await expect(summary.closest('details')).not.toHaveAttribute('open')
    await expect(c.getByText(/100 of 100/).closest('details')).toBe(summary.closest('details'))
    await userEvent.click(summary)
    await expect(c.getByText(/100 of 100/)).toBeVisible()
  },
}

/** A name people read, the demo's status words, and extra facts under "Details". */
export const Titled: Story = {
  args: {
    heading: 'Rock–paper–scissors vs Bob · stake 10 usdc each',
    headingLevel: 2,
    statusLabels: { open: 'In progress' },
    details: <p>Stored name: Rock–paper–scissors · Alice vs Bob</p>,
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    await expect(
      c.getByRole('heading', {
        name: 'Rock–paper–scissors vs Bob · stake 10 usdc each',
        level: 2,
      }),
    ).toBeInTheDocument()
    await expect(c.getByText('In progress')).toBeInTheDocument()
    await expect(c.getByText(/Stored name/).closest('details')).not.toBeNull()
  },
}

/** Closed, final allocations. */
export const Closed: Story = {
  args: {
    session: session({ status: 'closed', version: 7, allocations: [alloc(ALICE, 'usdc', '100')] }),
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    await expect(c.getByText('Closed')).toBeInTheDocument()
    // Nobody signs anything in a closed session.
    await expect(c.queryByText(/signature/)).toBeNull()
  },
}

/** Challenged status. */
export const Challenged: Story = { args: { session: session({ status: 'challenged' }) } }

/** Server-controlled, multi-asset, three participants. */
export const ServerControlledMultiAsset: Story = {
  args: {
    session: session({
      participants: [SERVER, ALICE, BOB],
      weights: [100, 0, 0],
      quorum: 100,
      allocations: [alloc(ALICE, 'usdc', '10'), alloc(BOB, 'usdc', '5'), alloc(BOB, 'eth', '0.25')],
    }),
  },
  play: async ({ canvasElement }) => {
    await expect(
      within(canvasElement).getByText('Game server can sign a change alone.'),
    ).toBeInTheDocument()
  },
}

/** No allocations known yet. */
export const NoAllocations: Story = { args: { session: session({ allocations: [] }) } }

/** Dark theme. */
export const Dark: Story = { parameters: { theme: 'dark' } }

const many = Array.from({ length: 30 }, (_, i) =>
  session({
    appSessionId: `0x${(i + 1).toString(16).padStart(64, '0')}`,
    application: `game-${i + 1}`,
    status: i % 4 === 0 ? 'closed' : 'open',
    version: i + 1,
    participants: [ALICE, i % 2 ? BOB : CAROL],
  }),
)

/** SessionList: loading. */
export const ListLoading: Story = { render: () => <SessionList sessions={undefined} /> }
/** SessionList: empty. */
export const ListEmpty: Story = { render: () => <SessionList sessions={[]} /> }
/** SessionList: error. */
export const ListError: Story = {
  render: () => <SessionList sessions={undefined} error="failed to get application sessions" />,
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('alert')).toHaveTextContent('failed to get')
  },
}
/** SessionList: a long list. */
export const ListLong: Story = {
  render: () => (
    <SessionList
      sessions={many}
      you={ALICE}
      names={NAMES}
      renderHeading={(s) => `Game ${s.application.replace('game-', '')}`}
    />
  ),
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole('heading', { name: 'Game 30' })).toBeVisible()
  },
}
