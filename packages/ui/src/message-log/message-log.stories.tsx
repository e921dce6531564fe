import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { expect, fn, userEvent, within } from 'storybook/test'
import type { SessionMessage } from '../internal/core.js'
import { ALICE, messages, NAMES, SESSION_ID } from '../test/fixtures.js'
import { MessageComposer, MessageLog } from './message-log.js'

const meta = {
  title: 'Messages/MessageLog',
  component: MessageLog,
  args: { messages: messages(12), names: NAMES },
} satisfies Meta<typeof MessageLog>

export default meta
type Story = StoryObj<typeof meta>

/** A few messages; your own echoes are marked. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    await expect(c.getByRole('log')).toBeInTheDocument()
    await expect(c.getAllByText(/\(you\)/).length).toBeGreaterThan(0)
  },
}

/** No messages yet. */
export const Empty: Story = { args: { messages: [] } }

/** 10,000 messages: only the visible rows are in the DOM. */
export const Thousands: Story = {
  args: { messages: messages(10_000) },
  play: async ({ canvasElement }) => {
    const items = canvasElement.querySelectorAll('.nk-log-item')
    await expect(items.length).toBeLessThan(40)
    await expect(canvasElement.querySelector('[aria-posinset="10000"]')).not.toBeNull()
  },
}

/** Dark theme. */
export const Dark: Story = { parameters: { theme: 'dark' } }

/** Log + composer: sending appends your echo and the log follows it. */
export const WithComposer: Story = {
  render: function Render(args) {
    const [list, setList] = useState<SessionMessage[]>(args.messages as SessionMessage[])
    return (
      <div style={{ display: 'grid', gap: 8, maxWidth: 640 }}>
        <MessageLog {...args} messages={list} />
        <MessageComposer
          onSend={(text) =>
            setList((l) => [
              ...l,
              {
                appSessionId: SESSION_ID,
                id: l.length + 1,
                sender: ALICE,
                payload: text,
                timestamp: Date.UTC(2026, 10, 24, 11),
                own: true,
              },
            ])
          }
        />
      </div>
    )
  },
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    await userEvent.type(c.getByLabelText('Message'), 'gg, rematch?{Enter}')
    await expect(await c.findByText('gg, rematch?')).toBeInTheDocument()
    await expect(c.getByLabelText('Message')).toHaveValue('')
  },
}

/** Composer disabled while disconnected. */
export const ComposerDisabled: Story = {
  render: () => (
    <MessageComposer onSend={fn()} disabled disabledReason="Connect to send messages." />
  ),
}

/** Composer showing a send error (e.g. the node does not relay messages). */
export const ComposerError: Story = {
  render: () => (
    <MessageComposer
      onSend={() =>
        Promise.reject(
          new Error('This node does not relay session messages (unknown method: message).'),
        )
      }
    />
  ),
  play: async ({ canvasElement }) => {
    const c = within(canvasElement)
    await userEvent.type(c.getByLabelText('Message'), 'hello')
    await userEvent.click(c.getByRole('button', { name: 'Send' }))
    await expect(await c.findByRole('alert')).toHaveTextContent('does not relay')
    await expect(c.getByLabelText('Message')).toHaveValue('hello')
  },
}
