import { generateAccount, listAccounts, saveAccount } from '../accounts.js'
import { shortAddress } from '../copy/words.js'

/** First screen: pick who this tab plays as (each tab keeps its own choice). */
export function AccountPicker() {
  const choose = (name: string, privateKey: `0x${string}`) => {
    saveAccount(name, privateKey)
    location.reload()
  }
  const accounts = listAccounts()
  return (
    <main className="demo">
      <header>
        <h1>Nitrolite Kit demo</h1>
      </header>
      <section className="panel" aria-labelledby="pick">
        <h2 id="pick">Who are you?</h2>
        <p className="muted">
          Pick a player. These are test accounts that live in this browser: never put real money in
          them. To play against yourself, open a second tab and pick someone else.
        </p>
        <div className="row">
          {accounts.map((a) => (
            <button
              key={a.address}
              type="button"
              className="primary"
              onClick={() => choose(a.name, a.privateKey)}
            >
              {a.name}
              <span className="addr-hint">{shortAddress(a.address)}</span>
            </button>
          ))}
          <button
            type="button"
            onClick={() => {
              const g = generateAccount()
              choose(g.name, g.privateKey)
            }}
          >
            Create a new guest player
          </button>
        </div>
      </section>
    </main>
  )
}
