// Helpers for tests that start processes: start them in their own process group, kill the whole
// group, and assert that what was killed is really gone (pid, group and listening port).
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process'
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { connect } from 'node:net'

/**
 * Spawns `command` as the leader of a new process group (`detached: true`), so that
 * {@link killGroup} reaches it and everything it started, however many wrappers are involved.
 */
export function spawnGroup(command: string, args: string[], options: SpawnOptions = {}) {
  const child = spawn(command, args, { ...options, detached: true })
  if (child.pid === undefined) throw new Error(`could not spawn ${command}`)
  return child as ChildProcess & { pid: number }
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
export function signalGroup(child: ChildProcess & { pid: number }, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid, signal)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}

/**
 * Waits until none of `pids` exists (a negative id stands for a process group). Throws, naming
 * the survivors and their command lines, when some still exist after `timeoutMs`.
 */
export async function assertGone(pids: number[], timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let alive = pids.filter(exists)
  while (alive.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20))
    alive = alive.filter(exists)
  }
  if (alive.length)
    throw new Error(
      `still running after ${timeoutMs} ms:\n${alive.map((p) => `  ${p} ${cmdline(Math.abs(p))}`).join('\n')}`,
    )
}

/**
 * Kills the process group led by `child` with `signal` (SIGKILL unless told), waits for the
 * child to exit, and asserts that neither it nor any member of its group is left.
 */
export async function killGroup(
  child: ChildProcess & { pid: number },
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<void> {
  signalGroup(child, signal)
  await exited(child)
  await assertGone([child.pid, -child.pid])
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

/** Every live descendant of `pid` (children, their children, …), read from /proc. */
export function descendants(pid: number = process.pid): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue
    }
    // "pid (comm) state ppid …": comm may contain spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    const list = children.get(ppid) ?? []
    list.push(Number(entry))
    children.set(ppid, list)
  }
  const out: number[] = []
  const queue = [pid]
  while (queue.length) {
    for (const c of children.get(queue.shift()!) ?? []) {
      out.push(c)
      queue.push(c)
    }
  }
  return out
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
