import { useLedgerBalances } from '@nitrolite-kit/react'
import { BalanceList } from '@nitrolite-kit/ui'
import { useState } from 'react'
import { NODE_HTTP_URL } from '../config.js'

/** Live ledger balances, and the devnode faucet. */
export function Balances({ devnode, address }: { devnode: boolean | undefined; address: string }) {
  const balances = useLedgerBalances()
  const [faucet, setFaucet] = useState<{
    state: 'idle' | 'pending' | 'done' | 'error'
    message?: string
  }>({ state: 'idle' })
  const getFunds = async () => {
    setFaucet({ state: 'pending' })
    try {
      const res = await fetch(`${NODE_HTTP_URL}/faucet`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ address, asset: 'usdc', amount: '100' }),
      })
      const body = (await res.json()) as { error?: string; balance?: string }
      if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`)
      setFaucet({ state: 'done', message: `Received 100 usdc (balance ${body.balance}).` })
    } catch (e) {
      setFaucet({ state: 'error', message: (e as Error).message })
    }
  }
  return (
    <section className="panel" aria-labelledby="balances-h">
      <h2 id="balances-h">Your ledger balances</h2>
      <BalanceList balances={balances.data} error={balances.error} heading={null} />
      {devnode && (
        <div className="row" style={{ marginTop: 12 }}>
          <button
            type="button"
            className="primary"
            onClick={getFunds}
            disabled={faucet.state === 'pending'}
          >
            {faucet.state === 'pending' ? 'Requesting…' : 'Get test funds'}
          </button>
          {faucet.state === 'done' && <span role="status">{faucet.message}</span>}
          {faucet.state === 'error' && (
            <span role="alert" className="error">
              {faucet.message}
            </span>
          )}
        </div>
      )}
    </section>
  )
}
