import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'consumer',
    environment: 'node',
    include: ['*.test.ts'],
    // npm install (~30 s with a warm npm cache), tsc, vite build and the Node example.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
})
