import { checksumAddress, isZeroAddress } from '../internal/address.js'
import {
  type Address,
  type AppDefinition,
  type Protocol,
  type ValidationIssue,
  validateDefinition,
} from '../internal/core.js'

/**
 * What the {@link SessionEditor} edits: an app definition whose numeric fields are kept as the
 * user typed them, so half-typed or invalid input can be shown with its error instead of lost.
 * Convert with {@link definitionFromDraft} / {@link draftFromDefinition}.
 */
export interface SessionDraft {
  /** Application name; a session key is scoped to it. */
  application: string
  /** Defaults to `NitroRPC/0.4`. */
  protocol: Protocol
  /** Participant addresses, in order (order is part of the session id). */
  participants: string[]
  /** One weight per participant, as typed (whole numbers). */
  weights: string[]
  /** Signature weight needed for state updates and close, as typed. */
  quorum: string
  /** Challenge period in seconds, as typed. */
  challenge: string
  /** Non-zero nonce, as typed; {@link generateNonce} makes one. */
  nonce: string
}

/** Quorum presets offered by the editor (`custom` = anything else). */
export type QuorumPreset = 'server-controlled' | 'equal-peers' | 'majority' | 'custom'

/** Default challenge period: one day. */
export const DEFAULT_CHALLENGE = 86_400

/** A fresh nonce (current time in ms: non-zero, unique per creator in practice). */
export function generateNonce(): string {
  return String(Date.now())
}

/**
 * A new draft. Unless given, the protocol is `NitroRPC/0.4`, the challenge one day, the quorum
 * "equal peers" over the given participants, and the nonce freshly generated.
 */
export function createSessionDraft(init: Partial<SessionDraft> = {}): SessionDraft {
  const participants = init.participants ?? ['', '']
  const base: SessionDraft = {
    application: init.application ?? '',
    protocol: init.protocol ?? 'NitroRPC/0.4',
    participants,
    weights: init.weights ?? participants.map(() => '1'),
    quorum: init.quorum ?? String(participants.length),
    challenge: init.challenge ?? String(DEFAULT_CHALLENGE),
    nonce: init.nonce ?? generateNonce(),
  }
  return base
}

/** The draft for an existing definition. */
export function draftFromDefinition(definition: AppDefinition): SessionDraft {
  return {
    application: definition.application,
    protocol: definition.protocol,
    participants: [...definition.participants],
    weights: definition.weights.map(String),
    quorum: String(definition.quorum),
    challenge: String(definition.challenge),
    nonce: String(definition.nonce),
  }
}

const INT_RE = /^-?\d+$/
const UINT_RE = /^\d+$/

function parseInt64(value: string): number | undefined {
  const v = value.trim()
  if (!INT_RE.test(v)) return undefined
  const n = Number(v)
  return Number.isSafeInteger(n) ? n : undefined
}

function parseUint(value: string): number | undefined {
  const v = value.trim()
  if (!UINT_RE.test(v)) return undefined
  const n = Number(v)
  return Number.isSafeInteger(n) ? n : undefined
}

/** Result of {@link analyzeSessionDraft}. */
export interface SessionDraftAnalysis {
  /** The definition, when every field parses and no rule is broken. */
  definition: AppDefinition | undefined
  /** Every problem, with paths `application`, `participants`, `participants.<i>`, `weights`, `weights.<i>`, `quorum`, `challenge`, `nonce`. */
  issues: ValidationIssue[]
  /** Sum of the weights that parse. */
  totalWeight: number
}

/** Normalizes a core issue path (`participants[1]` → `participants.1`). */
export function normalizePath(path: string): string {
  return path.replace(/\[(\d+)\]/g, '.$1').replace(/^definition\./, '')
}

/**
 * Parses a draft and checks it with the node's rules (`validateDefinition` from core: protocol,
 * participants, checksummed unique addresses, weights, quorum, nonce), plus the editor's input
 * checks (whole numbers, empty rows).
 */
export function analyzeSessionDraft(draft: SessionDraft): SessionDraftAnalysis {
  const issues: ValidationIssue[] = []
  const weights = draft.weights.map((w, i) => {
    const n = parseInt64(w)
    if (n === undefined)
      issues.push({
        path: `weights.${i}`,
        code: 'invalid_weight',
        message:
          w.trim() === ''
            ? 'Enter a number of votes (a whole number).'
            : 'Votes must be a whole number.',
      })
    return n ?? 0
  })
  const uintField = (key: 'quorum' | 'challenge' | 'nonce', label: string): number => {
    const n = parseUint(draft[key])
    if (n === undefined) {
      const v = draft[key].trim()
      issues.push({
        path: key,
        code: `invalid_${key}`,
        message:
          v === ''
            ? `Enter a ${label}.`
            : v.startsWith('-')
              ? `The ${label} cannot be negative.`
              : `The ${label} must be a whole number.`,
      })
    }
    return n ?? 0
  }
  const quorum = uintField('quorum', 'number of votes needed')
  const challenge = uintField('challenge', 'challenge period')
  const nonceParsed = parseUint(draft.nonce)
  const nonce = uintField('nonce', 'nonce')
  // Any casing is accepted: the definition carries the checksum casing the node compares exactly.
  const participants: string[] = draft.participants.map((p) => checksumAddress(p) ?? p.trim())
  // Empty rows and the zero address get an input message; everything else (address format,
  // duplicates) comes from core's validateDefinition.
  participants.forEach((p, i) => {
    if (p === '')
      issues.push({
        path: `participants.${i}`,
        code: 'missing_address',
        message: "Enter the participant's address.",
      })
    else if (isZeroAddress(p))
      issues.push({
        path: `participants.${i}`,
        code: 'zero_address',
        message:
          'This is the zero address (0x000…000): nobody can sign for it. Enter a real address.',
      })
  })
  const candidate: AppDefinition = {
    application: draft.application,
    protocol: draft.protocol,
    participants: participants as Address[],
    weights,
    quorum,
    challenge,
    nonce,
  }
  const taken = new Set(issues.map((i) => i.path))
  const weightsUnparsed = [...taken].some((p) => p.startsWith('weights.'))
  for (const issue of validateDefinition(candidate)) {
    const path = normalizePath(issue.path)
    // A field that does not parse already has its own message; don't add a rule message on top.
    if (taken.has(path)) continue
    // Casing is fixed for the user (see `participants` above), never an error.
    if (issue.code === 'not_checksummed') continue
    if (path === 'nonce' && nonceParsed === undefined) continue
    // The quorum/weight-sum rule is meaningless until every weight parses.
    if (path === 'quorum' && weightsUnparsed) continue
    issues.push({ ...issue, path, message: plainMessage(issue, weights) })
  }
  const totalWeight = weights.reduce((a, b) => a + b, 0)
  return { definition: issues.length === 0 ? candidate : undefined, issues, totalWeight }
}

/**
 * The node's rule messages in plain language (no "quorum", "weights", "nonce"): the `code` keeps
 * naming the rule for developers, and the protocol terms are explained under the editor's Details.
 */
function plainMessage(issue: ValidationIssue, weights: number[]): string {
  switch (issue.code) {
    case 'required':
      return 'Enter the application name.'
    case 'unsupported_protocol':
      return 'Choose a supported protocol version.'
    case 'too_few_participants':
      return 'Add at least two participants.'
    case 'negative_weight':
      return 'Votes cannot be negative.'
    case 'invalid_quorum':
      return 'At least 1 vote must be needed to approve a change.'
    case 'quorum_too_high': {
      const total = weights.reduce((a, b) => a + b, 0)
      const needed = /\((\d+)\)/.exec(issue.message)?.[1] ?? 'More'
      return `${needed} votes needed, but all participants together have only ${total}.`
    }
    case 'zero_nonce':
      return 'Must not be 0: generate a new one.'
    case 'invalid_nonce':
      return 'Must be a positive whole number.'
    case 'invalid_challenge':
      return 'Must be a whole number of seconds (0 or more).'
    default:
      return issue.message
  }
}

/** What {@link addParticipantToDraft} and {@link removeParticipantFromDraft} did. */
export interface DraftChange {
  /** The new draft. */
  draft: SessionDraft
  /** A plain sentence for the user (announced in a live region). */
  note: string
}

function sumOf(weights: string[]): number {
  return weights.reduce((a, w) => a + (parseInt64(w) ?? 0), 0)
}

/** Recomputes the quorum a preset implies from the weights (equal peers: all; majority: more than half). */
function requorum(draft: SessionDraft, preset: QuorumPreset): SessionDraft {
  const sum = sumOf(draft.weights)
  if (preset === 'equal-peers') return { ...draft, quorum: String(sum) }
  if (preset === 'majority') return { ...draft, quorum: String(Math.floor(sum / 2) + 1) }
  return draft
}

const KEEP_NOTE: Record<QuorumPreset, string> = {
  'equal-peers': 'Everyone must still approve changes',
  majority: 'More than half of the votes still approve changes',
  'server-controlled': 'The first participant still approves changes alone',
  custom: 'The votes needed are unchanged',
}

const votes = (n: string) => `${n} vote${n === '1' ? '' : 's'}`

/**
 * Appends a participant without touching anyone's votes: with equal votes (equal peers, majority)
 * the newcomer gets the same number and the votes needed follow the preset; otherwise (server
 * controlled, custom) the newcomer gets 0 votes and the votes needed stay as they are.
 */
export function addParticipantToDraft(draft: SessionDraft, address = ''): DraftChange {
  const preset = detectQuorumPreset(draft)
  const first = parseInt64(draft.weights[0] ?? '')
  const equal = preset === 'equal-peers' || preset === 'majority'
  const weight = equal && first !== undefined ? String(first) : '0'
  const next = requorum(
    {
      ...draft,
      participants: [...draft.participants, address],
      weights: [...draft.weights, weight],
    },
    preset,
  )
  return {
    draft: next,
    note: `Participant ${next.participants.length} added with ${votes(weight)}. ${KEEP_NOTE[preset]}: ${next.quorum} of ${sumOf(next.weights)} votes.`,
  }
}

/**
 * Removes participant `index` and its votes, keeping everyone else's: the votes needed follow the
 * preset (equal peers, majority) or stay as they are (custom); removing the deciding first
 * participant of a server-controlled draft makes the next one decide.
 */
export function removeParticipantFromDraft(draft: SessionDraft, index: number): DraftChange {
  const preset = detectQuorumPreset(draft)
  const removed: SessionDraft = {
    ...draft,
    participants: draft.participants.filter((_, i) => i !== index),
    weights: draft.weights.filter((_, i) => i !== index),
  }
  const next =
    preset === 'server-controlled' && index === 0
      ? applyQuorumPreset(removed, preset)
      : requorum(removed, preset)
  return {
    draft: next,
    note: `Participant ${index + 1} removed. ${KEEP_NOTE[preset]}: ${next.quorum} of ${sumOf(next.weights)} votes.`,
  }
}

/** Applies a quorum preset to the draft's weights and quorum. */
export function applyQuorumPreset(draft: SessionDraft, preset: QuorumPreset): SessionDraft {
  const n = draft.participants.length
  if (preset === 'custom' || n === 0) return draft
  if (preset === 'server-controlled') {
    return {
      ...draft,
      weights: draft.participants.map((_, i) => (i === 0 ? '100' : '0')),
      quorum: '100',
    }
  }
  const weights = draft.participants.map(() => '1')
  const quorum = preset === 'equal-peers' ? n : Math.floor(n / 2) + 1
  return { ...draft, weights, quorum: String(quorum) }
}

/** Which preset the draft's weights and quorum correspond to. */
export function detectQuorumPreset(draft: SessionDraft): QuorumPreset {
  const n = draft.participants.length
  const w = draft.weights.map((x) => parseInt64(x))
  const q = parseUint(draft.quorum)
  if (n < 2 || w.some((x) => x === undefined) || q === undefined) return 'custom'
  const weights = w as number[]
  if (weights[0] === 100 && weights.slice(1).every((x) => x === 0) && q === 100)
    return 'server-controlled'
  const first = weights[0] ?? 0
  if (first > 0 && weights.every((x) => x === first)) {
    const sum = first * n
    if (q === sum) return 'equal-peers'
    if (q === Math.floor(sum / 2) + 1) return 'majority'
  }
  return 'custom'
}

/** Labels of the quorum presets. */
export const QUORUM_PRESET_LABELS: Record<QuorumPreset, string> = {
  'server-controlled': 'Server-controlled',
  'equal-peers': 'Equal peers',
  majority: 'Majority',
  custom: 'Custom',
}

/**
 * One sentence saying whose signatures the session will need, e.g. "Changes and closing need
 * approval worth 2 of 3 votes: any 2 of the 3 participants."
 */
export function describeRequiredSigners(
  definition: Pick<AppDefinition, 'participants' | 'weights' | 'quorum'>,
  options: { you?: string | undefined; name?: (address: string, index: number) => string } = {},
): string {
  const { participants, weights, quorum } = definition
  const name =
    options.name ??
    ((a: string, i: number) => {
      const short = a.length > 12 ? `${a.slice(0, 6)}…${a.slice(-4)}` : a || `participant ${i + 1}`
      return options.you && a.toLowerCase() === options.you.toLowerCase() ? `${short} (you)` : short
    })
  const create = 'Creating it needs a signature from each participant who funds it.'
  if (participants.length === 0) return create
  const total = weights.reduce((a, b) => a + b, 0)
  if (quorum <= 0)
    return `${create} Changes and closing need no approval at all: anyone can move the funds.`
  if (quorum > total)
    return `${create} Changes can never be approved: more votes are needed than all participants have.`
  const alone = participants
    .map((p, i) => ({ p, i, w: weights[i] ?? 0 }))
    .filter((x) => x.w >= quorum)
    .map((x) => name(x.p, x.i))
  const nonZero = participants.map((p, i) => ({ p, i, w: weights[i] ?? 0 })).filter((x) => x.w > 0)
  let who: string
  if (quorum === total && nonZero.length > 0) {
    who =
      nonZero.length === 1
        ? `only ${name(nonZero[0]!.p, nonZero[0]!.i)}`
        : `all of ${nonZero.map((x) => name(x.p, x.i)).join(', ')}`
  } else if (alone.length > 0 && alone.length === nonZero.length) {
    who = alone.length === 1 ? `only ${alone[0]}` : `any one of ${alone.join(', ')}`
  } else {
    const first = nonZero[0]?.w ?? 0
    const equal = nonZero.length === participants.length && nonZero.every((x) => x.w === first)
    who = equal
      ? `any ${Math.ceil(quorum / first)} of the ${participants.length} participants`
      : `any participants whose votes add up to ${quorum}${alone.length ? ` (${alone.join(', ')} alone is enough)` : ''}`
  }
  return `${create} Changes and closing need approval worth ${quorum} of ${total} votes: ${who}.`
}
