import { expect, it } from 'vitest'
import * as exports from './index.js'

it('exports', () => {
  expect(Object.keys(exports).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_BROKER_PRIVATE_KEY",
      "appSessionId",
      "goDefinitionJson",
      "parseAssets",
      "recoverRaw",
      "selectSignatures",
      "startDevnode",
    ]
  `)
})
