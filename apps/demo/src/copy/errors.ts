import type { NameContext } from './sessions.js'
import { money, personName } from './words.js'

/** An error in plain words, and the technical text behind it (for a "Details" disclosure). */
export interface PlainError {
  /** One or two sentences a player understands, saying what to do. */
  text: string
  /** The original message (node wording, method names), for developers. */
  technical: string
}

type ErrorLike = {
  name?: string
  message?: string
  shortMessage?: string
  details?: string
  nodeMessage?: string
  reason?: string
}

const ADDRESS = '(0x[0-9a-fA-F]{40})'

/**
 * Maps what the node, the other player's guard or core said into plain words, naming people
 * instead of addresses. Unknown errors keep their short message, prefixed so it reads as a
 * sentence; the exact text is always kept in `technical`.
 */
export function plainError(
  error: unknown,
  { me, names, asset = 'usdc' }: NameContext & { asset?: string },
): PlainError {
  const e = (error ?? {}) as ErrorLike
  const technical =
    typeof error === 'string' ? error : (e.shortMessage ?? e.message ?? String(error))
  const all = [technical, e.details, e.nodeMessage, e.message].filter(Boolean).join('\n')
  const who = (address: string) => personName(address, names, me, 'You')

  const funds = new RegExp(`insufficient funds: ${ADDRESS}(?: for asset (\\w+))?`, 'i').exec(all)
  if (funds?.[1]) {
    const name = who(funds[1])
    const what = funds[2] ?? asset
    return {
      technical,
      text:
        name === 'You'
          ? `You don't have enough ${what} for this. Lower the amount, or get test funds in the Lobby.`
          : `${name} doesn't have enough ${what} for this. Lower the stake, or ask ${name} to get test funds first.`,
    }
  }
  const limit = /insufficient session key allowance: ([\d.]+) required, ([\d.]+) available/i.exec(
    all,
  )
  if (limit) {
    return {
      technical,
      text: `A player's spending limit for this sign-in has only ${money(limit[2] ?? '0', asset)} left, and this needs ${money(limit[1] ?? '0', asset)}. Lower the stake to ${limit[2]} or less.`,
    }
  }
  const cap = /may commit at most ([\d.]+) (\w+), but ([\d.]+) \w+ was requested/i.exec(all)
  if (cap) {
    return {
      technical,
      text: `You can put in at most ${money(cap[1] ?? '0', cap[2] ?? asset)} per sign-in in this demo (this needs ${cap[3]}). Lower the stake.`,
    }
  }
  if (e.name === 'SignatureCollectionError') {
    if (e.reason === 'rejected')
      return { technical, text: 'The other player declined. Nothing was signed or moved.' }
    if (e.reason === 'timeout')
      return {
        technical,
        text: "The other player didn't answer in time. Check that they have the demo open, then try again. Nothing was moved.",
      }
    if (e.reason === 'aborted') return { technical, text: 'Cancelled. Nothing was moved.' }
    return {
      technical,
      text: "The other player's app couldn't accept this request. Nothing was moved; try again.",
    }
  }
  if (e.name === 'TimeoutError')
    return {
      technical,
      text: "The server didn't answer in time. Check the Lobby before trying again: it may have gone through.",
    }
  if (e.name === 'ConnectionLostError' || e.name === 'ClientDisconnectedError')
    return {
      technical,
      text: 'The connection dropped. It comes back by itself; check the Lobby before trying again.',
    }
  if (e.name === 'ValidationError' || e.name === 'AmountError')
    return {
      technical,
      text: 'Something in the form is not right yet. Check the amounts and players.',
    }
  if (e.name === 'NodeRejectedError')
    return { technical, text: 'The server refused this. Nothing was moved.' }
  return { technical, text: 'Something went wrong. Nothing was moved.' }
}
