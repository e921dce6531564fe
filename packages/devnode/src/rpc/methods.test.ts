import { expect, it } from 'vitest'
import { METHODS, methodsFor } from './methods.js'

it('the method table: access, reply name and balance push of every method', () => {
  const rows = [...METHODS].map(
    ([name, m]) =>
      `${name} ${m.access} → ${m.reply ?? '(no reply)'}${m.pushesBalances ? ' +bu' : ''}${m.relayOnly ? ' [relay]' : ''}`,
  )
  expect(rows).toMatchInlineSnapshot(`
    [
      "ping public → pong",
      "get_config public → get_config",
      "get_assets public → get_assets",
      "get_channels public → get_channels",
      "auth_request public → auth_challenge",
      "auth_verify public → auth_verify",
      "get_user_tag private → get_user_tag",
      "get_ledger_balances private → get_ledger_balances",
      "get_ledger_entries public → get_ledger_entries",
      "get_ledger_transactions public → get_ledger_transactions",
      "get_rpc_history private → get_rpc_history",
      "get_session_keys private → get_session_keys",
      "revoke_session_key private → revoke_session_key",
      "transfer private → transfer +bu",
      "get_app_definition public → get_app_definition",
      "get_app_sessions public → get_app_sessions",
      "create_app_session private → create_app_session +bu",
      "submit_app_state private → submit_app_state +bu",
      "close_app_session private → close_app_session +bu",
      "create_channel private → create_channel",
      "resize_channel private → resize_channel",
      "close_channel private → close_channel",
      "cleanup_session_key_cache public → cleanup_session_key_cache",
      "message public → (no reply) [relay]",
    ]
  `)
})

it('relay off drops `message`; prototype names are not methods', () => {
  expect(methodsFor(true).has('message')).toBe(true)
  expect(methodsFor(false).has('message')).toBe(false)
  for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty'])
    expect(methodsFor(true).get(name)).toBeUndefined()
})
