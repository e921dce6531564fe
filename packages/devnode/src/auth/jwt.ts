import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { JWT_TTL_S } from '../config.js'
import type { Store } from '../db/store.js'
import { nowSec } from '../util/time.js'
import type { Challenge } from './challenge.js'

/** The claims the devnode reads back from a JWT it issued. */
export interface JwtClaims {
  policy: { wallet: string; session_key: string }
}

/** The per-database HS256 secret, created on first use (tokens survive a restart). */
export function loadJwtSecret(store: Store): Buffer {
  let secret = store.meta('jwt_secret')
  if (!secret) {
    secret = randomBytes(32).toString('hex')
    store.setMeta('jwt_secret', secret)
  }
  return Buffer.from(secret, 'hex')
}

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url')
}

/** An HS256 JWT carrying the Go node's claims for an authenticated wallet and its key. */
export function issueJwt(secret: Buffer, walletAddress: string, ch: Challenge): string {
  const now = nowSec()
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const payload = b64url(
    JSON.stringify({
      policy: {
        wallet: walletAddress,
        session_key: ch.sessionKey,
        scope: ch.scope,
        application: ch.application,
        allowance: ch.allowances.length ? ch.allowances : null,
        expiration: new Date(ch.expiresAt * 1000).toISOString(),
      },
      iss: 'clearnode',
      iat: now,
      nbf: now,
      exp: now + JWT_TTL_S,
    }),
  )
  const sig = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')
  return `${header}.${payload}.${sig}`
}

/** The claims of a valid, unexpired token signed with `secret`, or `undefined`. */
export function verifyJwt(secret: Buffer, token: string): JwtClaims | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  const [h, p, s] = parts as [string, string, string]
  const expected = createHmac('sha256', secret).update(`${h}.${p}`).digest()
  const given = Buffer.from(s, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  try {
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'))
    if (claims.iss !== 'clearnode' || typeof claims.exp !== 'number' || claims.exp <= nowSec())
      return undefined
    if (typeof claims.policy?.wallet !== 'string' || typeof claims.policy?.session_key !== 'string')
      return undefined
    return claims
  } catch {
    return undefined
  }
}
