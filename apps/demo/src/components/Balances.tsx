import { useLedgerBalances } from '@nitrolite-kit/react'
import { BalanceList } from '@nitrolite-kit/ui'
import { useState } from 'react'
import { NODE_HTTP_URL } from '../config.js'
import { plainError } from '../copy/errors.js'

const FAUCET_AMOUNT = '100'

/** Live balances, and (on a devnode) a button for test funds. */
export function Balances({ devnode, address }: { devnode: boolean | undefined; address: string }) {
  const balances = useLedgerBalances()
  const [faucet, setFaucet] = useState<{
    state: 'idle' | 'pending' | 'done' | 'error'
    message?: string
    technical?: string
  }>({ state: 'idle' })
  const getFunds = async () => {
    setFaucet({ state: 'pending' })
    try {
      const res = await fetch(`${NODE_HTTP_URL}/faucet`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ address, asset: 'usdc', amount: FAUCET_AMOUNT }),
      })
      const body = (await res.json()) as { error?: string }
      if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`)
      // The live balance above is the one to read; the faucet's own figure goes stale at once.
      setFaucet({ state: 'done', message: `Received ${FAUCET_AMOUNT} usdc.` })
    } catch (e) {
      setFaucet({
        state: 'error',
        message: 'Test funds are not available right now. Try again in a moment.',
        technical: plainError(e, { names: {} }).technical,
      })
    }
  }
  return (
    <div className="panel">
      <BalanceList
        className="bare"
        balances={balances.data}
        error={balances.error}
        heading="Your money"
      />
      <p className="muted flush">What you can play with. It updates by itself.</p>
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
              {faucet.technical && (
                <details className="dev">
                  <summary>Details</summary>
                  <code>{faucet.technical}</code>
                </details>
              )}
            </span>
          )}
        </div>
      )}
    </div>
  )
}
