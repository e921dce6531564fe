// @vitest-environment node
/**
 * Smoke test: builds the static Storybook, serves it on an ephemeral port and opens every story in
 * headless Chromium, asserting each one renders (no error display) with no console error.
 * Play functions run in the browser too; colour contrast is checked there with axe. Docs pages
 * (autodocs) are opened as well. Set NK_STORYBOOK_SCREENSHOTS=<dir> to save screenshots.
 * The Storybook build runs in its own process group and each Chromium carries a marker in its
 * environment: teardown kills them and asserts that none of their processes is left.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  closeTracked,
  launchTracked,
  type TrackedBrowser,
} from '@nitrolite-kit/test-utils/chromium'
import {
  assertPortRefuses,
  type GroupChild,
  killGroup,
  spawnGroup,
} from '@nitrolite-kit/test-utils/processes'
import type { Browser } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const uiDir = fileURLToPath(new URL('../', import.meta.url))
const axePath = fileURLToPath(new URL('../node_modules/axe-core/axe.min.js', import.meta.url))
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
}

/** The Storybook build, started in its own process group (killed and checked in afterAll). */
let build: GroupChild | undefined

function buildStorybook(outDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const bin = join(uiDir, 'node_modules', '.bin', 'storybook')
    const child = spawnGroup(
      bin,
      ['build', '-c', join(root, '.storybook'), '-o', outDir, '--quiet'],
      {
        cwd: root,
        env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1', CI: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    build = child
    let output = ''
    child.stdout?.on('data', (d) => {
      output += d
    })
    child.stderr?.on('data', (d) => {
      output += d
    })
    child.on('error', reject)
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`storybook build failed (${code}):\n${output}`)),
    )
  })
}

function serve(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end()
      return
    }
    const path = normalize(join(dir, decodeURIComponent(url.pathname)))
    const file = path.endsWith('/') ? join(path, 'index.html') : path
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' })
    res.end(readFileSync(file))
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

/** Browsers the tests opened, tracked so that teardown can check none of them is left. */
const browsers: TrackedBrowser[] = []

async function launchChromium(): Promise<Browser> {
  const tracked = await launchTracked({ executablePath: chromiumPath, args: CHROMIUM_ARGS })
  browsers.push(tracked)
  return tracked.browser
}

// Close every browser a test opened and check that none of its processes is left.
afterEach(async () => {
  for (const tracked of browsers.splice(0)) await closeTracked(tracked)
})

describe('Storybook smoke test', () => {
  let outDir = ''
  let server: Server | undefined
  let buildMs = 0

  beforeAll(async () => {
    if (!existsSync(chromiumPath)) {
      throw new Error(
        `Chromium not found at ${chromiumPath}. Install it with \`sudo apt-get install -y chromium\` (Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium/Chrome binary.`,
      )
    }
    outDir = mkdtempSync(join(tmpdir(), 'nk-storybook-'))
    const started = Date.now()
    await buildStorybook(outDir)
    buildMs = Date.now() - started
    server = await serve(outDir)
  }, 240_000)

  afterAll(async () => {
    const port = server ? (server.address() as AddressInfo).port : undefined
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
    if (outDir) rmSync(outDir, { recursive: true, force: true })
    // The build has normally exited by now; if it has not (a timeout), this kills its group.
    // Either way, nothing it started may be left.
    if (build) await killGroup(build)
    if (port !== undefined) await assertPortRefuses(port)
  })

  it('opens every story in headless Chromium with no error', async () => {
    const index = JSON.parse(readFileSync(join(outDir, 'index.json'), 'utf8')) as {
      entries: Record<string, { id: string; type: string; title: string; name: string }>
    }
    const stories = Object.values(index.entries).filter((e) => e.type === 'story')
    expect(stories.length).toBeGreaterThan(50)
    const port = (server!.address() as AddressInfo).port
    const shots = process.env.NK_STORYBOOK_SCREENSHOTS
    if (shots) mkdirSync(shots, { recursive: true })

    const browser = await launchChromium()
    const failures: string[] = []
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      let errors: string[] = []
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text())
      })
      page.on('pageerror', (err) => errors.push(err.message))
      page.on('response', (res) => {
        if (res.status() >= 400) errors.push(`HTTP ${res.status()} ${res.url()}`)
      })
      for (const story of stories) {
        errors = []
        await page.goto(`http://127.0.0.1:${port}/iframe.html?id=${story.id}&viewMode=story`)
        const state = await page
          .waitForFunction(
            () => {
              const cl = document.body.classList
              if (cl.contains('sb-show-errordisplay')) return 'error'
              const rootEl = document.getElementById('storybook-root')
              return cl.contains('sb-show-main') && rootEl && rootEl.childElementCount > 0
                ? 'rendered'
                : false
            },
            undefined,
            { timeout: 20_000 },
          )
          .then((h) => h.jsonValue())
          .catch(() => 'timeout')
        // Let play functions finish (they report failures to the console).
        await page.waitForTimeout(150)
        if (state !== 'rendered') {
          const text = await page
            .locator('#error-message')
            .textContent()
            .catch(() => '')
          failures.push(`${story.id}: ${state} ${text ?? ''}`)
        }
        // In a real browser colour contrast can be measured: check it on every story.
        if (state === 'rendered') {
          if (!(await page.evaluate(() => 'axe' in window)))
            await page.addScriptTag({ path: axePath })
          const contrast = await page.evaluate(async () => {
            const axe = (window as unknown as { axe: typeof import('axe-core') }).axe
            // The a11y addon may be running axe on the story: wait for it.
            for (let attempt = 0; ; attempt++) {
              try {
                const result = await axe.run(document.getElementById('storybook-root') as Element, {
                  runOnly: ['color-contrast'],
                })
                return result.violations.flatMap((v) =>
                  v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
                )
              } catch (error) {
                if (attempt > 50 || !String(error).includes('already running')) throw error
                await new Promise((r) => setTimeout(r, 100))
              }
            }
          })
          if (contrast.length)
            failures.push(`${story.id}: colour contrast:\n  ${contrast.join('\n  ')}`)
        }
        if (errors.length) failures.push(`${story.id}: console errors:\n  ${errors.join('\n  ')}`)
        if (shots) await page.screenshot({ path: join(shots, `${story.id}.png`), fullPage: true })
      }
    } finally {
      await browser.close()
    }
    expect(failures).toEqual([])
    expect(buildMs).toBeGreaterThan(0)
    // Each story is a fresh iframe load (~2–4 s on a busy 2-core machine, 80+ stories).
  }, 600_000)

  it('opens every docs page (autodocs) with no error', async () => {
    const index = JSON.parse(readFileSync(join(outDir, 'index.json'), 'utf8')) as {
      entries: Record<string, { id: string; type: string }>
    }
    const docs = Object.values(index.entries).filter((e) => e.type === 'docs')
    expect(docs.length).toBeGreaterThan(0)
    const port = (server!.address() as AddressInfo).port
    const browser = await launchChromium()
    const failures: string[] = []
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
      let errors: string[] = []
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text())
      })
      page.on('pageerror', (err) => errors.push(err.message))
      for (const entry of docs) {
        errors = []
        await page.goto(`http://127.0.0.1:${port}/iframe.html?id=${entry.id}&viewMode=docs`)
        const rendered = await page
          .waitForSelector('#storybook-docs .sbdocs-content', { timeout: 20_000 })
          .then(() => true)
          .catch(() => false)
        await page.waitForTimeout(300)
        if (!rendered) failures.push(`${entry.id}: docs page did not render`)
        if (errors.length) failures.push(`${entry.id}: console errors:\n  ${errors.join('\n  ')}`)
      }
    } finally {
      await browser.close()
    }
    expect(failures).toEqual([])
  }, 240_000)
})
