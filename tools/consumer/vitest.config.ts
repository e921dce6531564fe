import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'consumer',
    environment: 'node',
    include: ['*.test.ts'],
    // npm install (~30 s with a warm npm cache), tsc (the app and the READMEs' blocks; over a
    // minute on a busy 2-core machine), vite build and the Node example.
    testTimeout: 240_000,
    hookTimeout: 300_000,
  },
})
