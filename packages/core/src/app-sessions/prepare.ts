import {
  createAppSessionMessage,
  createCloseAppSessionMessage,
  createSubmitAppStateMessage,
  type MessageSigner,
} from '@erc7824/nitrolite'
import type { Address, Hex } from 'viem'
import { formatAmount, parseAmount, sumByAsset } from '../amounts/amounts.js'
import { AllowanceExceededError, ValidationError } from '../errors.js'
import type {
  Allocation,
  Allowance,
  AppDefinition,
  AppSession,
  Intent,
  PreparedRequest,
  SignedMethod,
} from '../types.js'
import {
  requiredSigners,
  validateAllocations,
  validateDefinition,
} from '../validation/validation.js'
import { computeAppSessionId } from './app-session-id.js'

/** What preparing a request needs to know; everything else comes from the arguments. */
export interface PrepareContext {
  /** This client's wallet. */
  me: Address
  /** Decimals of every asset the node serves. */
  decimals: Record<string, number>
  /** The session key's spending caps. */
  allowances: Allowance[]
  /** A fresh request id. */
  nextId(): number
}

/** Parameters of a create. */
export interface CreateAppSessionParameters {
  definition: AppDefinition
  allocations: Allocation[]
  sessionData?: string
}

/** Parameters of a submit (`version` defaults to the session's next). */
export interface SubmitAppStateParameters {
  appSessionId: Hex
  allocations: Allocation[]
  intent?: Intent
  version?: number
  sessionData?: string
}

/** Parameters of a close. */
export interface CloseAppSessionParameters {
  appSessionId: Hex
  allocations: Allocation[]
  sessionData?: string
}

type Requirement = ReturnType<typeof requiredSigners>

/**
 * Builds the request with the SDK and captures the exact `req` bytes its signer is asked to sign:
 * that string is what every co-signer signs.
 */
async function build<M extends SignedMethod>(
  ctx: PrepareContext,
  method: M,
  params: Record<string, unknown>,
  requirement: Requirement,
  appSessionId: Hex,
  definition?: AppDefinition,
): Promise<PreparedRequest<M>> {
  const requestId = ctx.nextId()
  const timestamp = Date.now()
  let payload = ''
  const capture: MessageSigner = async (p) => {
    payload = JSON.stringify(p)
    return '0x'
  }
  const sdkParams = params as never
  if (method === 'create_app_session')
    await createAppSessionMessage(capture, sdkParams, requestId, timestamp)
  else if (method === 'submit_app_state')
    await createSubmitAppStateMessage(capture, sdkParams, requestId, timestamp)
  else await createCloseAppSessionMessage(capture, sdkParams, requestId, timestamp)
  return {
    method,
    params,
    payload,
    requestId,
    timestamp,
    requiredSigners: requirement.signers as { wallet: Address; weight: number }[],
    quorum: requirement.threshold,
    signatures: [],
    appSessionId,
    definition,
  }
}

/** Throws `AllowanceExceededError` when `mine` commits more of an asset than the session key may. */
export function checkAllowance(
  mine: Allocation[],
  decimals: Record<string, number>,
  allowances: Allowance[],
): void {
  for (const [asset, amount] of Object.entries(sumByAsset(mine, decimals))) {
    if (amount === 0n) continue
    const cap = allowances.find((a) => a.asset === asset)
    const capUnits = cap ? parseAmount(cap.amount, decimals[asset] ?? 18) : 0n
    if (amount > capUnits)
      throw new AllowanceExceededError({
        asset,
        requested: formatAmount(amount, decimals[asset] ?? 18),
        available: cap?.amount ?? '0',
      })
  }
}

/** Validates and builds a `create_app_session` request (signers: every funder). */
export function prepareCreate(
  ctx: PrepareContext,
  p: CreateAppSessionParameters,
): Promise<PreparedRequest<'create_app_session'>> {
  const issues = [
    ...validateDefinition(p.definition).map((i) => ({ ...i, path: `definition.${i.path}` })),
    ...validateAllocations(p.allocations, {
      mode: 'create',
      definition: p.definition,
      decimals: ctx.decimals,
    }),
  ]
  if (issues.length) throw new ValidationError(issues, 'The session')
  checkAllowance(
    p.allocations.filter((a) => a.participant === ctx.me),
    ctx.decimals,
    ctx.allowances,
  )
  const params: Record<string, unknown> = {
    definition: p.definition,
    allocations: p.allocations.map(({ participant, asset, amount }) => ({
      participant,
      asset,
      amount,
    })),
  }
  if (p.sessionData !== undefined) params.session_data = p.sessionData
  return build(
    ctx,
    'create_app_session',
    params,
    requiredSigners(p.definition, p.allocations, 'create', ctx.decimals),
    computeAppSessionId(p.definition),
    p.definition,
  )
}

/** Builds a submit/close request for an open session: quorum signers, optional session data. */
function buildStateChange<M extends 'submit_app_state' | 'close_app_session'>(
  ctx: PrepareContext,
  method: M,
  session: AppSession,
  p: { appSessionId: Hex; allocations: Allocation[]; sessionData?: string },
  extra: Record<string, unknown> = {},
) {
  const params: Record<string, unknown> = {
    app_session_id: p.appSessionId,
    allocations: p.allocations,
    ...extra,
  }
  if (p.sessionData !== undefined) params.session_data = p.sessionData
  const mode = method === 'close_app_session' ? 'close' : 'operate'
  return build(ctx, method, params, requiredSigners(session, p.allocations, mode), p.appSessionId)
}

/**
 * Validates and builds a `submit_app_state` request for an open `session` whose allocations are
 * known. `operate` must conserve every asset; `deposit` only raises holdings, `withdraw` only
 * lowers them.
 */
export function prepareSubmit(
  ctx: PrepareContext,
  session: AppSession,
  p: SubmitAppStateParameters,
): Promise<PreparedRequest<'submit_app_state'>> {
  const intent = p.intent ?? 'operate'
  const issues = validateAllocations(p.allocations, {
    mode: intent,
    definition: session,
    decimals: ctx.decimals,
    current: session.allocations,
  })
  if (issues.length) throw new ValidationError(issues, 'The new state')
  const versioned =
    session.protocol === 'NitroRPC/0.4' ? { intent, version: p.version ?? session.version + 1 } : {}
  return buildStateChange(ctx, 'submit_app_state', session, p, versioned)
}

/** Validates and builds a `close_app_session` request: final allocations that conserve the total. */
export function prepareClose(
  ctx: PrepareContext,
  session: AppSession,
  p: CloseAppSessionParameters,
): Promise<PreparedRequest<'close_app_session'>> {
  const issues = validateAllocations(p.allocations, {
    mode: 'close',
    definition: session,
    decimals: ctx.decimals,
    current: session.allocations,
  })
  if (p.allocations.length === 0)
    issues.push({
      path: 'allocations',
      code: 'required',
      message: 'List the final allocation of every participant.',
    })
  if (issues.length) throw new ValidationError(issues, 'The final state')
  return buildStateChange(ctx, 'close_app_session', session, p)
}
