// Chromium for tests, tracked: each launch carries a marker in its environment and its process
// groups are recorded while it runs, so that teardown can assert none of its processes is left.
import { type Browser, chromium, type LaunchOptions } from 'playwright-core'
import { assertNoneLeft, markedEnv, markedGroups, newMarker } from './processes.js'

export interface TrackedBrowser {
  browser: Browser
  marker: string
  /** Process groups of this browser (Playwright starts Chromium as a group leader). */
  groups: number[]
}

/** Launches Chromium with a marker and records its process group; throws if none is found. */
export async function launchTracked(options: LaunchOptions): Promise<TrackedBrowser> {
  const marker = newMarker('chromium')
  const browser = await chromium.launch({ ...options, env: markedEnv(marker, options.env) })
  const groups = markedGroups(marker)
  if (!groups.length) {
    await browser.close()
    throw new Error('launched Chromium, but found no process group carrying its marker')
  }
  return { browser, marker, groups }
}

/** Closes the browser, then asserts that none of its processes is left (killing any that is). */
export async function closeTracked({ browser, marker, groups }: TrackedBrowser): Promise<void> {
  await browser.close()
  await assertNoneLeft(marker, groups)
}
