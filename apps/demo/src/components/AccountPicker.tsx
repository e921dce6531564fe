import { privateKeyToAccount } from 'viem/accounts'
import { DEV_ACCOUNTS, generateAccount, saveAccount } from '../accounts.js'

/** First screen: pick a dev account (each browser profile keeps its own). */
export function AccountPicker() {
  const choose = (name: string, privateKey: `0x${string}`) => {
    saveAccount(name, privateKey)
    location.reload()
  }
  return (
    <main className="demo">
      <header>
        <h1>Nitrolite Kit demo</h1>
      </header>
      <section className="panel" aria-labelledby="pick">
        <h2 id="pick">Who are you?</h2>
        <p className="muted">
          Dev accounts sign locally (public Hardhat keys: never hold real value with them). Open a
          second browser profile or a private window to play as someone else.
        </p>
        <div className="row">
          {DEV_ACCOUNTS.map((a) => (
            <button
              key={a.name}
              type="button"
              className="primary"
              onClick={() => choose(a.name, a.privateKey)}
            >
              {a.name}
              <span className="muted" style={{ color: 'inherit', marginLeft: 6 }}>
                {privateKeyToAccount(a.privateKey).address.slice(0, 8)}…
              </span>
            </button>
          ))}
          <button
            type="button"
            onClick={() => {
              const g = generateAccount()
              choose(g.name, g.privateKey)
            }}
          >
            Generate a new account
          </button>
        </div>
      </section>
    </main>
  )
}
