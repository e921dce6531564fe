import { defineProject } from 'vitest/config'

export default defineProject({
  test: { name: 'size', environment: 'node', include: ['*.test.ts'], testTimeout: 60_000 },
})
