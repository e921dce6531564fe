import { useConnectionStatus, useNitroliteClient, useSignatureRequests } from '@nitrolite-kit/react'
import { ConnectionStatus } from '@nitrolite-kit/ui'
import { useEffect, useState } from 'react'
import { useConnect, useConnection } from 'wagmi'
import { clearAccount, type DemoAccount, nameBook } from '../accounts.js'
import { CLEARNODE_URL, NODE_HTTP_URL } from '../config.js'
import { shortAddress } from '../copy/words.js'
import { Balances } from './Balances.js'
import { CreateSession } from './CreateSession.js'
import { History } from './History.js'
import { useShareBalances } from './known-balances.js'
import { PlainErrorNote } from './PlainErrorNote.js'
import { SessionRoom } from './SessionRoom.js'
import { Sessions } from './Sessions.js'
import { SignatureRequests } from './SignatureRequests.js'

type Route =
  | { page: 'home' }
  | { page: 'create' }
  | { page: 'history' }
  | { page: 'session'; id: `0x${string}` }

function parseHash(): Route {
  const m = /^#\/session\/(0x[0-9a-fA-F]{64})$/.exec(location.hash)
  if (m) return { page: 'session', id: m[1] as `0x${string}` }
  if (location.hash === '#/create') return { page: 'create' }
  if (location.hash === '#/history') return { page: 'history' }
  return { page: 'home' }
}

/** Navigates to a page of the demo (`#/`, `#/create`, `#/history`, `#/session/<id>`). */
export function go(hash: string) {
  location.hash = hash
}

/** Whether the node is a devnode (it answers GET /info). */
function useIsDevnode() {
  const [devnode, setDevnode] = useState<boolean>()
  useEffect(() => {
    fetch(`${NODE_HTTP_URL}/info`)
      .then((r) => r.json())
      .then((j: { devnode?: boolean }) => setDevnode(Boolean(j.devnode)))
      .catch(() => setDevnode(false))
  }, [])
  return devnode
}

/** The signed-in demo: header, connection, pages (lobby, new session, history, a room). */
export function Shell({ account }: { account: DemoAccount }) {
  const [route, setRoute] = useState<Route>(parseHash)
  useEffect(() => {
    const on = () => setRoute(parseHash())
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  const { status: walletStatus } = useConnection()
  const { connect, connectors } = useConnect()
  useEffect(() => {
    const burner = connectors.find((c) => c.type === 'burner')
    if (walletStatus === 'disconnected' && burner) connect({ connector: burner })
  }, [walletStatus, connectors, connect])
  const { status, error } = useConnectionStatus()
  const client = useNitroliteClient()
  const devnode = useIsDevnode()
  const names = nameBook(account)
  const requests = useSignatureRequests()
  useShareBalances(account.address)
  return (
    <div className="demo">
      <header>
        <h1>Nitrolite Kit demo</h1>
        <div className="row">
          <span>
            Playing as <strong>{account.name}</strong>{' '}
            <span className="muted" title={account.address}>
              {shortAddress(account.address)}
            </span>
          </span>
          <button
            type="button"
            onClick={() => {
              clearAccount()
              location.hash = ''
              location.reload()
            }}
          >
            Switch account
          </button>
        </div>
        <div className="row connection">
          <ConnectionStatus status={status} onRetry={() => client?.connect().catch(() => {})} />
          <details className="dev">
            <summary>Details</summary>
            <p>
              Server: <code>{CLEARNODE_URL}</code>
              {devnode ? ' (local test server)' : ''}. Wallet: <code>{account.address}</code>.
            </p>
          </details>
        </div>
      </header>
      <nav aria-label="Pages">
        <button
          type="button"
          aria-current={route.page === 'home' ? 'page' : undefined}
          onClick={() => go('#/')}
        >
          Lobby
        </button>
        <button
          type="button"
          aria-current={route.page === 'create' ? 'page' : undefined}
          onClick={() => go('#/create')}
        >
          New session
        </button>
        <button
          type="button"
          aria-current={route.page === 'history' ? 'page' : undefined}
          onClick={() => go('#/history')}
        >
          History
        </button>
        {requests.length > 0 && (
          <span className="notice">
            {requests.length === 1
              ? '1 request is waiting for your answer'
              : `${requests.length} requests are waiting for your answer`}
          </span>
        )}
      </nav>
      <main>
        {status === 'error' && error && (
          <PlainErrorNote error={error} me={account.address} names={names} />
        )}
        <SignatureRequests names={names} me={account.address} />
        {route.page === 'home' && (
          <div className="grid">
            <Balances devnode={devnode} address={account.address} />
            <Sessions names={names} me={account.address} />
          </div>
        )}
        {route.page === 'create' && <CreateSession me={account.address} names={names} />}
        {route.page === 'history' && <History names={names} me={account.address} />}
        {route.page === 'session' && (
          <SessionRoom id={route.id} me={account.address} names={names} />
        )}
      </main>
    </div>
  )
}
