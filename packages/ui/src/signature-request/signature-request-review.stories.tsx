import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, userEvent, within } from 'storybook/test'
import { ALICE, alloc, BOB, NAMES, prepared, session } from '../test/fixtures.js'
import { SignatureRequestReview } from './signature-request-review.js'

const current = session().allocations ?? []

const meta = {
  title: 'Signing/SignatureRequestReview',
  component: SignatureRequestReview,
  args: {
    request: prepared({ signatures: [{ wallet: BOB, signature: '0xabc' }] }),
    current,
    you: ALICE,
    from: BOB,
    names: NAMES,
    onApprove: fn(),
    onReject: fn(),
  },
  argTypes: {
    state: {
      control: 'select',
      options: ['pending', 'approving', 'approved', 'rejected', 'error'],
    },
  },
} satisfies Meta<typeof SignatureRequestReview>

export default meta
type Story = StoryObj<typeof meta>

/** Close request, Bob has signed, waiting for you. A plain summary first, then the changes. */
export const ClosePending: Story = {
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement)
    await expect(
      c.getByText('Bob asks you to close the session: you get 100 usdc, Bob gets 0 usdc.'),
    ).toBeInTheDocument()
    await expect(c.getByText('+40')).toBeInTheDocument()
    await expect(c.getByText('−40')).toBeInTheDocument()
    // Weights and the quorum only under "Details".
    await expect(c.getByText(/weight 50 of quorum 100/).closest('details')).not.toBeNull()
    const bob = c.getByText('Bob', { selector: 'li span' }).closest('li')
    await expect(bob).toHaveAttribute('data-state', 'signed')
    await userEvent.click(c.getByRole('button', { name: 'Approve and sign' }))
    await expect(args.onApprove).toHaveBeenCalledOnce()
  },
}

/** Create request: what each funder commits. */
export const CreatePending: Story = {
  args: {
    current: [],
    request: prepared({
      method: 'create_app_session',
      params: { allocations: [alloc(ALICE, 'usdc', '50'), alloc(BOB, 'usdc', '50')] },
    }),
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    await expect(
      c.getByRole('heading', { name: 'Invitation from Bob: a new session' }),
    ).toBeVisible()
    await expect(
      c.getByText('Bob asks you to join a new session: you put in 50 usdc, Bob puts in 50 usdc.'),
    ).toBeInTheDocument()
    // Every funder signs a create: no weights, which count only against a quorum later.
    await expect(c.getByText('Everyone who puts money in must sign.')).toBeInTheDocument()
    await expect(c.queryByText(/weight/)).toBeNull()
  },
}

/**
 * The request's own signer info decides who has signed (core verified those signatures), even
 * when the prepared request carries none yet; a caller describes what is at stake.
 */
export const SignersFromRequest: Story = {
  args: {
    request: prepared({
      method: 'create_app_session',
      params: { allocations: [alloc(ALICE, 'usdc', '10'), alloc(BOB, 'usdc', '10')] },
      signatures: [],
    }),
    current: [],
    signers: [
      { wallet: ALICE, weight: 50, signed: false },
      { wallet: BOB, weight: 50, signed: true },
    ],
    action: 'play rock–paper–scissors',
    description: <p>Rock–paper–scissors, stake 10 usdc each, winner takes 20 usdc.</p>,
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    await expect(c.getByText('Bob', { selector: 'li span' }).closest('li')).toHaveAttribute(
      'data-state',
      'signed',
    )
    await expect(c.getByText('Alice (you)', { selector: 'li span' }).closest('li')).toHaveAttribute(
      'data-state',
      'waiting',
    )
    await expect(
      c.getByText(/^Bob asks you to play rock–paper–scissors: you put in 10/),
    ).toBeVisible()
    await expect(c.getByText(/winner takes 20 usdc/)).toBeVisible()
  },
}

/** State update (operate). */
export const SubmitState: Story = {
  args: {
    request: prepared({
      method: 'submit_app_state',
      params: { allocations: [alloc(ALICE, 'usdc', '59.5'), alloc(BOB, 'usdc', '40.5')] },
    }),
  },
}

/**
 * A withdrawal as core's guard describes it: the intent and each participant's exact change
 * (`effects`), one row each.
 */
export const WithdrawWithEffects: Story = {
  args: {
    intent: 'withdraw',
    request: prepared({
      method: 'submit_app_state',
      params: { allocations: [alloc(ALICE, 'usdc', '40'), alloc(BOB, 'usdc', '50')] },
    }),
    effects: [
      { participant: ALICE, asset: 'usdc', before: '50', after: '40', change: '-10' },
      { participant: BOB, asset: 'usdc', before: '50', after: '50', change: '0' },
    ],
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    await expect(c.getByText(/takes money out of the session/)).toBeInTheDocument()
    await expect(
      c.getByText(
        'Bob asks you to change the session: you give up 10 usdc (40 usdc in all), Bob keeps 50 usdc.',
      ),
    ).toBeInTheDocument()
    await expect(c.getByText('−10')).toBeInTheDocument()
    await expect(c.getAllByRole('row')).toHaveLength(3)
  },
}

/** Rows as sent, never merged: a participant listed twice is shown twice and flagged. */
export const DuplicateRows: Story = {
  args: {
    intent: 'withdraw',
    request: prepared({
      method: 'submit_app_state',
      params: {
        allocations: [
          alloc(BOB, 'usdc', '0'),
          alloc(BOB, 'usdc', '0'),
          alloc(ALICE, 'usdc', '100'),
        ],
      },
    }),
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    await expect(c.getAllByRole('row')).toHaveLength(4)
    await expect(c.getAllByText('listed twice')).toHaveLength(1)
    await expect(c.getByText(/lists a player twice/)).toBeInTheDocument()
  },
}

/** The method, session id, weights and the raw request sit under "Details", closed by default. */
export const RawDetails: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    const summary = c.getByText('Details')
    await expect(summary.closest('details')).not.toHaveAttribute('open')
    await expect(c.getByText('close_app_session', { exact: true }).closest('details')).toBe(
      summary.closest('details'),
    )
    await userEvent.click(summary)
    await expect(c.getByText(/close_app_session",\{\}/)).toBeVisible()
    await expect(c.getByText('close_app_session', { exact: true })).toBeVisible()
  },
}

/** Signing in progress. */
export const Approving: Story = { args: { state: 'approving' } }
/** Approved. */
export const Approved: Story = {
  args: {
    state: 'approved',
    request: prepared({
      signatures: [
        { wallet: BOB, signature: '0xabc' },
        { wallet: ALICE, signature: '0xdef' },
      ],
    }),
  },
}
/** Rejected. */
export const Rejected: Story = { args: { state: 'rejected' } }
/** Error while signing. */
export const ErrorState: Story = { args: { state: 'error', error: 'session key expired' } }
/** Keyboard: reject with the keyboard. */
export const KeyboardReject: Story = {
  play: async ({ canvasElement, args }) => {
    const c = within(canvasElement)
    c.getByRole('button', { name: 'Approve and sign' }).focus()
    await userEvent.tab()
    await expect(c.getByRole('button', { name: 'Reject' })).toHaveFocus()
    await userEvent.keyboard('{Enter}')
    await expect(args.onReject).toHaveBeenCalledOnce()
  },
}
/** Dark theme. */
export const Dark: Story = { parameters: { theme: 'dark' } }
