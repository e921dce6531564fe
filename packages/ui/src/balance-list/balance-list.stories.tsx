import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, within } from 'storybook/test'
import { BalanceList } from './balance-list.js'

const meta = {
  title: 'Wallet/BalanceList',
  component: BalanceList,
  args: {
    balances: [
      { asset: 'usdc', amount: '87.5' },
      { asset: 'ytest.usd', amount: '0' },
      { asset: 'eth', amount: '0.000000000000000001' },
    ],
  },
} satisfies Meta<typeof BalanceList>

export default meta
type Story = StoryObj<typeof meta>

/** Balances, zeros included. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getAllByRole('row')).toHaveLength(4)
  },
}
/** Zero balances hidden. */
export const HideZero: Story = { args: { hideZero: true } }
/** Loading. */
export const Loading: Story = { args: { balances: undefined } }
/** Empty. */
export const Empty: Story = { args: { balances: [] } }
/** Error. */
export const ErrorState: Story = { args: { balances: undefined, error: 'authentication required' } }
/** Dark theme. */
export const Dark: Story = { parameters: { theme: 'dark' } }
