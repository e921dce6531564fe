import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, userEvent, within } from 'storybook/test'
import { ConnectionStatus } from './connection-status.js'

const meta = {
  title: 'Wallet/ConnectionStatus',
  component: ConnectionStatus,
  args: { status: 'connected', url: 'ws://localhost:8000/ws', onRetry: fn() },
  argTypes: {
    status: {
      control: 'select',
      options: [
        'disconnected',
        'connecting',
        'authenticating',
        'connected',
        'reconnecting',
        'error',
      ],
    },
  },
} satisfies Meta<typeof ConnectionStatus>

export default meta
type Story = StoryObj<typeof meta>

/** Connected. */
export const Connected: Story = {}
/** Connecting. */
export const Connecting: Story = { args: { status: 'connecting' } }
/** Authenticating (waiting for the wallet's EIP-712 signature). */
export const Authenticating: Story = { args: { status: 'authenticating' } }
/** Reconnecting after a lost connection. */
export const Reconnecting: Story = { args: { status: 'reconnecting' } }
/** Disconnected, with a connect button. */
export const Disconnected: Story = { args: { status: 'disconnected' } }
/** Error, with retry. */
export const ErrorState: Story = {
  args: { status: 'error', error: 'WebSocket closed (1006)' },
  play: async ({ canvasElement, args }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Retry' }))
    await expect(args.onRetry).toHaveBeenCalledOnce()
  },
}
/** Every status, light and dark. */
export const AllStates: Story = {
  parameters: { theme: 'side-by-side' },
  render: () => (
    <div style={{ display: 'grid', gap: 8 }}>
      {(
        [
          'disconnected',
          'connecting',
          'authenticating',
          'connected',
          'reconnecting',
          'error',
        ] as const
      ).map((s) => (
        <ConnectionStatus key={s} status={s} error="WebSocket closed (1006)" />
      ))}
    </div>
  ),
}
