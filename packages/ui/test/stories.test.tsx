/**
 * Stories double as tests: every story of every component is rendered with its play function
 * (portable stories) and checked with axe. Only `color-contrast` is off (jsdom cannot compute it).
 */
import { composeStories, setProjectAnnotations } from '@storybook/react'
import { cleanup } from '@testing-library/react'
import axe from 'axe-core'
import { afterEach, describe, expect, it } from 'vitest'
import * as preview from '../../../.storybook/preview.js'

setProjectAnnotations([preview])

type StoryModule = Parameters<typeof composeStories>[0]
const modules = import.meta.glob<StoryModule>('../src/**/*.stories.tsx', { eager: true })

afterEach(() => {
  cleanup()
  document.body.innerHTML = ''
})

async function axeViolations(root: Element) {
  const result = await axe.run(root, {
    rules: { 'color-contrast': { enabled: false } },
    resultTypes: ['violations'],
  })
  return result.violations.map(
    (v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
  )
}

for (const [path, mod] of Object.entries(modules)) {
  const stories = composeStories(mod) as Record<string, { run: () => Promise<void> }>
  describe(path.replace('../src/', ''), () => {
    for (const [name, Story] of Object.entries(stories)) {
      it(`${name}: renders, plays and has no axe violations`, async () => {
        await Story.run()
        expect(document.body.children.length).toBeGreaterThan(0)
        expect(await axeViolations(document.body)).toEqual([])
      })
    }
  })
}
