import { usePresence } from '@nitrolite-kit/react'
import type { Address } from 'viem'

/** "Bob is here" / "Bob is away" for each other player, from the relay connection. */
export function PeerPresence({
  participants,
  me,
  names,
}: {
  participants: readonly Address[]
  me: Address
  names: Record<string, string>
}) {
  const others = participants.filter((p) => p.toLowerCase() !== me.toLowerCase())
  return (
    <ul className="presence" aria-label="Who is here" aria-live="polite">
      {others.map((p) => (
        <Peer key={p} address={p} name={names[p] ?? `${p.slice(0, 8)}…`} />
      ))}
    </ul>
  )
}

function Peer({ address, name }: { address: Address; name: string }) {
  const { status, since } = usePresence({ address })
  // No relay connection right now: the connection status says so; nothing to claim here.
  if (status === 'unknown') return null
  if (status === 'online')
    return (
      <li className="presence-online">
        <span className="dot" aria-hidden="true" /> {name} is here
      </li>
    )
  return (
    <li className="presence-away">
      <span className="dot" aria-hidden="true" /> {name} is away
      {since
        ? ` (left at ${new Date(since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })})`
        : ''}
      <span className="muted"> · they see what you do when they come back</span>
    </li>
  )
}
