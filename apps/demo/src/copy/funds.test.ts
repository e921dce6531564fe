import { describe, expect, it } from 'vitest'
import { checkCover } from './funds.js'

const A = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const B = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const ctx = { me: A, names: { [A]: 'Alice', [B]: 'Bob' } }

describe('given a stake', () => {
  it('should name the funder who cannot cover it, with their balance', () => {
    const r = checkCover(
      {
        asset: 'usdc',
        funders: [
          { address: A, amount: '1000', balance: '2000' },
          { address: B, amount: '1000', balance: '975' },
        ],
      },
      ctx,
    )
    expect(r.problems).toEqual(['Bob has only 975 usdc — lower the stake.'])
  })

  it('should compare exactly (no float rounding) and pass an exact cover', () => {
    const r = checkCover(
      {
        asset: 'usdc',
        funders: [
          { address: A, amount: '0.3', balance: '0.3' },
          { address: B, amount: '0.300001', balance: '0.3' },
        ],
      },
      ctx,
    )
    expect(r.problems).toEqual(['Bob has only 0.3 usdc — lower the stake.'])
  })

  it('should speak to the viewer, apply the sign-in limit and flag unknown balances', () => {
    const r = checkCover(
      {
        asset: 'usdc',
        cap: '1000',
        funders: [
          { address: A, amount: '1200', balance: '90' },
          { address: B, amount: '1200' },
        ],
      },
      ctx,
    )
    expect(r.problems).toEqual([
      'You can put in at most 1000 usdc per sign-in in this demo — lower the stake.',
      'You have only 90 usdc — lower the stake or get test funds in the Lobby.',
    ])
    expect(r.unknown).toEqual([
      "Bob's balance isn't visible from this browser. If it doesn't cover 1200 usdc, Bob's app will decline.",
    ])
  })
})
