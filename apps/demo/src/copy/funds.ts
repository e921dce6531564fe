import type { NameContext } from './sessions.js'
import { money, personName, units } from './words.js'

/** One participant who puts money in, with their balance if the demo knows it. */
export interface Funder {
  address: string
  /** What they put in, a decimal string. */
  amount: string
  /** Their ledger balance of the asset, a decimal string; `undefined` when not known here. */
  balance?: string | undefined
}

/** The outcome of checking a stake before anything is signed. */
export interface CoverCheck {
  /** Plain sentences for every funder who cannot cover their part: "Bob has only 975 usdc — …". */
  problems: string[]
  /** Plain notes for funders whose balance this browser cannot see. */
  unknown: string[]
}

/**
 * Checks each funder's part against their known balance (exact decimals, never floats) and the
 * session-key limit of this sign-in (`cap`, for the viewer's own part).
 */
export function checkCover(
  { funders, asset, cap }: { funders: Funder[]; asset: string; cap?: string | undefined },
  { me, names }: NameContext,
): CoverCheck {
  const problems: string[] = []
  const unknown: string[] = []
  for (const f of funders) {
    const need = units(f.amount)
    if (need === undefined || need === 0n) continue
    const isMe = !!me && f.address.toLowerCase() === me.toLowerCase()
    const name = personName(f.address, names, me, 'You')
    if (isMe && cap !== undefined) {
      const limit = units(cap)
      if (limit !== undefined && need > limit)
        problems.push(
          `You can put in at most ${money(cap, asset)} per sign-in in this demo — lower the stake.`,
        )
    }
    if (f.balance === undefined) {
      if (!isMe)
        unknown.push(
          `${name}'s balance isn't visible from this browser. If it doesn't cover ${money(f.amount, asset)}, ${name}'s app will decline.`,
        )
      continue
    }
    const have = units(f.balance) ?? 0n
    if (have >= need) continue
    problems.push(
      isMe
        ? have === 0n
          ? `You have no ${asset} yet — get test funds in the Lobby first.`
          : `You have only ${money(f.balance, asset)} — lower the stake or get test funds in the Lobby.`
        : have === 0n
          ? `${name} has no ${asset} yet — ask ${name} to get test funds first.`
          : `${name} has only ${money(f.balance, asset)} — lower the stake.`,
    )
  }
  return { problems, unknown }
}
