import { type Address, getAddress, type Hex, keccak256, toBytes } from 'viem'

/** An asset the devnode serves, e.g. `{ symbol: 'usdc', decimals: 6 }`. */
export interface AssetConfig {
  /** Ledger symbol, e.g. `usdc` (what allocations, balances and the faucet name). */
  symbol: string
  /** Decimals reported by `get_assets` and enforced by the faucet (0–36). */
  decimals: number
  /** Token address reported by `get_assets` and `assets`; a deterministic fake one by default. */
  token?: Address
  /** Chain id reported by `get_assets` and `assets`; {@link DEFAULT_CHAIN_ID} by default. */
  chainId?: number
}

/**
 * How the node runs, as Go's `CLEARNODE_MODE`: `test` also serves the test-mode methods
 * (`cleanup_session_key_cache`); `production` (the default) refuses them.
 */
export type DevnodeMode = 'production' | 'test'

/** The modes {@link DevnodeMode} allows. */
export const DEVNODE_MODES: readonly DevnodeMode[] = ['production', 'test']

/** Logger used by the devnode (defaults to silent). */
export interface DevnodeLogger {
  debug(message: string, meta?: unknown): void
  info(message: string, meta?: unknown): void
  warn(message: string, meta?: unknown): void
  error(message: string, meta?: unknown): void
}

/**
 * The broker key the devnode signs with unless told otherwise (Hardhat/Anvil account #9).
 * Public and well known: never use it for anything of value.
 */
export const DEFAULT_BROKER_PRIVATE_KEY: Hex =
  '0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6'

/** Assets served when none are given. */
export const DEFAULT_ASSETS = 'usdc:6,eth:18'

/** Chain id reported for an asset that names none. */
export const DEFAULT_CHAIN_ID = 1337

/** Default largest WebSocket frame (bytes) that is processed: 1 MiB. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024

/**
 * Frames up to this multiple of the frame limit are answered with an error; larger ones make
 * the WebSocket library close the socket (1009).
 */
export const OVERSIZE_CLOSE_FACTOR = 4

/** Largest accepted `POST /faucet` body, in bytes. */
export const FAUCET_BODY_LIMIT = 64 * 1024

/** Default faucet cap per call, in units of the asset (`faucetMaxPerCall`). */
export const DEFAULT_FAUCET_MAX_PER_CALL = '100000'

/** Default faucet cap per (address, asset) over the database's life (`faucetMaxPerAddress`). */
export const DEFAULT_FAUCET_MAX_PER_ADDRESS = '1000000'

/** Longest faucet amount string accepted (characters). */
export const FAUCET_AMOUNT_MAX_CHARS = 100

/**
 * Default number of pre-creation relay messages (a `message` whose `sid` names no session yet)
 * one wallet may send per minute (`relayInviteRatePerMinute`): a token bucket of this size,
 * refilled continuously at this rate.
 */
export const DEFAULT_RELAY_INVITE_RATE_PER_MINUTE = 30

/**
 * Most signatures any request may carry, whatever its method (a definition may list many
 * participants, but their count is the sender's choice).
 */
export const MAX_REQUEST_SIGNATURES = 64

/** How long an auth challenge stays valid. */
export const CHALLENGE_TTL_MS = 5 * 60_000

/** Most auth challenges kept at once; beyond it `auth_request` fails. */
export const MAX_CHALLENGES = 1000

/** Largest age of a private request's timestamp; also the transfer replay window. */
export const MSG_EXPIRY_MS = 60_000

/**
 * How far in the future a state-changing request's timestamp may be (clock skew). Beyond it
 * the request is refused: a far-future signature would otherwise never expire.
 */
export const MAX_FUTURE_SKEW_MS = 10_000

/** A wallet idle this long must re-authenticate before private calls. */
export const AUTH_IDLE_MS = 24 * 3600_000

/** Lifetime of an issued JWT, in seconds. */
export const JWT_TTL_S = 24 * 3600

/** App-session protocols accepted by `create_app_session`. */
export const PROTOCOLS: ReadonlySet<string> = new Set(['NitroRPC/0.2', 'NitroRPC/0.4'])

/** A token address as the SDK's parsers accept it: `0x` and 40 hex digits. */
const TOKEN_ADDRESS = /^0x[0-9a-fA-F]{40}$/

/** Largest chain id (Go stores it as a `uint32`). */
const MAX_CHAIN_ID = 0xffffffff

/**
 * Parses an asset list such as `usdc:6,eth:18` or `usdc:6:137:0x3c49…3359` into asset configs:
 * each entry is `symbol:decimals`, optionally followed by `:chainId:tokenAddress` (both or
 * neither). Entries without them get the defaults of {@link resolveAssets}.
 */
export function parseAssets(spec: string): AssetConfig[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const fields = part.split(':')
      const [symbol, decimals, chainId, token] = fields
      const usage = `use \`symbol:decimals\` or \`symbol:decimals:chainId:tokenAddress\`, e.g. \`usdc:6\` or \`usdc:6:137:0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359\``
      if (fields.length !== 2 && fields.length !== 4)
        throw new Error(`Invalid asset \`${part}\`: ${usage}.`)
      const asset: AssetConfig = { symbol: symbol ?? '', decimals: intOf(decimals) }
      if (fields.length === 4) {
        asset.chainId = intOf(chainId)
        asset.token = token as Address
      }
      try {
        return checkAsset(asset)
      } catch (error) {
        throw new Error(`Invalid asset \`${part}\`: ${(error as Error).message}; ${usage}.`)
      }
    })
}

/** An integer field as a number (`NaN` when it is not digits, refused by `checkAsset`). */
function intOf(text: string | undefined): number {
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : Number.NaN
}

/** Returns the asset if its symbol, decimals, chain id and token are valid; throws otherwise. */
function checkAsset(a: AssetConfig): AssetConfig {
  if (typeof a.symbol !== 'string' || !a.symbol || /[\s:,]/.test(a.symbol))
    throw new Error(`symbol must be a non-empty name without spaces, \`:\` or \`,\``)
  if (!Number.isInteger(a.decimals) || a.decimals < 0 || a.decimals > 36)
    throw new Error(`decimals must be an integer from 0 to 36, got ${String(a.decimals)}`)
  if (a.chainId !== undefined) {
    if (!Number.isInteger(a.chainId) || a.chainId < 1 || a.chainId > MAX_CHAIN_ID)
      throw new Error(
        `chain id must be an integer from 1 to ${MAX_CHAIN_ID}, got ${String(a.chainId)}`,
      )
  }
  if (a.token !== undefined && (typeof a.token !== 'string' || !TOKEN_ADDRESS.test(a.token)))
    throw new Error(`token address must be 0x and 40 hex digits, got ${String(a.token)}`)
  return a
}

/**
 * Fills in each asset's chain id ({@link DEFAULT_CHAIN_ID} unless given) and token address (as
 * given, or a deterministic fake one derived from the symbol), after checking every field. A
 * symbol may be served on several chains (as Go's asset config allows), once per chain.
 */
export function resolveAssets(assets: AssetConfig[] | string | undefined): Required<AssetConfig>[] {
  const list =
    typeof assets === 'string' ? parseAssets(assets) : (assets ?? parseAssets(DEFAULT_ASSETS))
  const seen = new Set<string>()
  return list.map((given) => {
    let a: AssetConfig
    try {
      a = checkAsset(given)
    } catch (error) {
      throw new Error(`Invalid asset ${JSON.stringify(given)}: ${(error as Error).message}.`)
    }
    const chainId = a.chainId ?? DEFAULT_CHAIN_ID
    const key = `${a.symbol}@${chainId}`
    if (seen.has(key))
      throw new Error(`Asset \`${a.symbol}\` is listed twice for chain ${chainId}.`)
    seen.add(key)
    return {
      symbol: a.symbol,
      decimals: a.decimals,
      chainId,
      token:
        a.token ?? getAddress(keccak256(toBytes(`nitrolite-devnode:${a.symbol}`)).slice(0, 42)),
    }
  })
}
