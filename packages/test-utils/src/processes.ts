// Helpers for tests that start processes: start them in their own process group with a marker
// in their environment, kill the whole group, and assert that what was killed is really gone
// (pid, group, every process carrying the marker, listening port).
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { connect } from 'node:net'

/** Environment variable that marks every process a test starts (inherited by descendants). */
export const MARKER_VAR = 'NK_TEST_PROCESS'
let counter = 0

/** A marker unique to this test process and call, for {@link markedEnv}. */
export function newMarker(tag: string): string {
  return `${tag}-${process.pid}-${Date.now()}-${++counter}`
}

/** `base` (process.env unless told) plus the marker variable. */
export function markedEnv(marker: string, base: NodeJS.ProcessEnv = process.env) {
  return { ...base, [MARKER_VAR]: marker }
}

export type GroupChild = ChildProcess & { pid: number; marker: string }

/**
 * Spawns `command` as the leader of a new process group (`detached: true`) with a fresh marker
 * in its environment, so that {@link killGroup} reaches it and everything it started, however
 * many wrappers are involved, and can check that none of it is left.
 */
export function spawnGroup(command: string, args: string[], options: SpawnOptions = {}) {
  const marker = newMarker('spawn')
  const child = spawn(command, args, {
    ...options,
    env: markedEnv(marker, options.env ?? process.env),
    detached: true,
  })
  if (child.pid === undefined) throw new Error(`could not spawn ${command}`)
  return Object.assign(child, { marker }) as GroupChild
}

/** True while a process (or, for a negative id, any process of that group) exists. */
export function exists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false
    throw error
  }
}

/** Resolves once `child` has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

/** Sends `signal` to the whole process group led by `child`; no-op when the group is gone. */
export function signalGroup(child: { pid: number }, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid, signal)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}

/** The state letter of `pid` from /proc (R, S, Z, …), or undefined when it does not exist. */
function state(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]
  } catch {
    return undefined
  }
}

/** The process group of `pid` from /proc, or undefined when it does not exist. */
function group(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2])
  } catch {
    return undefined
  }
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .map(Number)
}

/**
 * True while the process `id` (or, for a negative id, a member of process group -id) is
 * running. A zombie (exited, not yet reaped) no longer runs: it holds no files and no ports.
 */
export function running(id: number): boolean {
  if (id > 0) return exists(id) && state(id) !== 'Z'
  return pids().some((p) => group(p) === -id && state(p) !== 'Z')
}

/**
 * Waits until none of `ids` is running (see {@link running}; a negative id stands for a process
 * group). Throws, naming the survivors and their command lines, when some still run after
 * `timeoutMs`.
 */
export async function assertGone(ids: number[], timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let alive = ids.filter(running)
  while (alive.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20))
    alive = alive.filter(running)
  }
  if (alive.length)
    throw new Error(
      `still running after ${timeoutMs} ms:\n${alive.map((p) => `  ${p} ${cmdline(Math.abs(p))}`).join('\n')}`,
    )
}

/** Running processes whose environment carries `marker` (see {@link markedEnv}). */
function carrying(marker: string): number[] {
  const needle = `\0${MARKER_VAR}=${marker}\0`
  return pids().filter((p) => {
    if (p === process.pid) return false
    try {
      return `\0${readFileSync(`/proc/${p}/environ`, 'utf8')}`.includes(needle) && running(p)
    } catch {
      return false
    }
  })
}

/** Running members of the process groups `groups`. */
function members(groups: number[]): number[] {
  if (!groups.length) return []
  return pids().filter((p) => {
    const g = group(p)
    return g !== undefined && groups.includes(g) && running(p)
  })
}

/**
 * Process groups led by a process carrying `marker`. Some programs (Chromium) start their
 * helpers with a clean environment, but those stay in the leader's group: snapshot the groups
 * while the leader runs and pass them to {@link assertNoneLeft}.
 */
export function markedGroups(marker: string): number[] {
  return carrying(marker).filter((p) => group(p) === p)
}

/**
 * Running processes that carry `marker`, plus the members of `groups` and of the groups led by
 * a process carrying `marker`.
 */
export function markedProcesses(marker: string, groups: number[] = []): number[] {
  const marked = carrying(marker)
  const leaders = marked.filter((p) => group(p) === p)
  return [...new Set([...marked, ...members([...groups, ...leaders])])]
}

/**
 * Waits until none of {@link markedProcesses}(marker, groups) runs. When some still run after
 * `timeoutMs`, kills them (so nothing outlives the test) and throws, naming them and their
 * command lines.
 */
export async function assertNoneLeft(
  marker: string,
  groups: number[] = [],
  timeoutMs = 5_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let left = markedProcesses(marker, groups)
  while (left.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20))
    left = markedProcesses(marker, groups)
  }
  if (!left.length) return
  const lines = left.map((p) => `  ${p} ${cmdline(p)}`)
  for (const p of left) {
    try {
      process.kill(p, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  throw new Error(`processes left running after ${timeoutMs} ms (killed now):\n${lines.join('\n')}`)
}

/**
 * Kills the process group led by `child` with `signal` (SIGKILL unless told), waits for the
 * child to exit, and asserts that neither it, nor any member of its group, nor any process
 * carrying its marker is left.
 */
export async function killGroup(child: GroupChild, signal: NodeJS.Signals = 'SIGKILL') {
  signalGroup(child, signal)
  await exited(child)
  await assertGone([child.pid, -child.pid])
  await assertNoneLeft(child.marker, [child.pid])
}

/** Resolves when a TCP connection to host:port is refused; rejects if it is accepted. */
export function assertPortRefuses(port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host })
    socket.once('connect', () => {
      socket.destroy()
      reject(new Error(`${host}:${port} still accepts connections`))
    })
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') resolve()
      else reject(error)
    })
  })
}

/** The command line of `pid` ('' when it cannot be read). */
export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return ''
  }
}

/** The paths of the files `pid` has open, read from /proc/<pid>/fd. */
export function openFiles(pid: number): string[] {
  const out: string[] = []
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      out.push(readlinkSync(`/proc/${pid}/fd/${fd}`))
    } catch {
      // closed while we were reading
    }
  }
  return out
}
