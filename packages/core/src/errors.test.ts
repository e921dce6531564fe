import { expect, it } from 'vitest'
import { ValidationError } from './errors.js'

it('behavior: a ValidationError reads as one sentence', () => {
  const error = new ValidationError(
    [
      { path: 'allocations[0].amount', message: 'must not be negative.', code: 'negative' },
      { path: 'allocations[1].amount', message: 'has too many decimals', code: 'precision' },
    ],
    'The final state',
  )
  expect(error.shortMessage).toBe(
    'The final state is invalid: allocations[0].amount: must not be negative; allocations[1].amount: has too many decimals.',
  )
})
