// A session's members in the forms the hot path needs (checksummed, lower-case keys, a set),
// computed once per session instead of re-checksumming every participant on every message.
import { type Address, getAddress } from 'viem'

/** One session's members, derived from the participants list it was resolved with. */
export interface SessionMembers {
  /** Checksummed addresses, in the participants' order (entries that are not addresses dropped). */
  addresses: Address[]
  /** `addresses` as a set, for membership checks. */
  set: ReadonlySet<string>
  /** Distinct lower-case addresses: the keys of live delivery. */
  keys: string[]
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i])

/** Remembers {@link SessionMembers} for the most recently used `size` sessions. */
export class MemberCache {
  private readonly bySid = new Map<string, { from: readonly string[]; members: SessionMembers }>()

  /** Keeps at most `size` sessions (default 10 000). */
  constructor(private readonly size = 10_000) {}

  /** The members of `sid` for `participants` (recomputed when the list differs from last time). */
  of(sid: string, participants: readonly string[]): SessionMembers {
    const hit = this.bySid.get(sid)
    if (hit && (hit.from === participants || sameList(hit.from, participants))) return hit.members
    const addresses = participants.filter((p) => ADDRESS.test(p)).map((p) => getAddress(p))
    const members: SessionMembers = {
      addresses,
      set: new Set(addresses),
      keys: [...new Set(addresses.map((a) => a.toLowerCase()))],
    }
    this.bySid.delete(sid)
    this.bySid.set(sid, { from: [...participants], members })
    if (this.bySid.size > this.size) {
      const oldest = this.bySid.keys().next().value
      if (oldest !== undefined) this.bySid.delete(oldest)
    }
    return members
  }
}
