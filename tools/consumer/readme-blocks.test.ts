import { expect, it } from 'vitest'
import { blockFileName, readmeBlocks } from './readme-blocks.js'

const md = [
  '# pkg',
  '## Example',
  '```tsx',
  "import { a } from 'a'",
  '```',
  '### Reads',
  '<!-- readme: fragment',
  'declare const client: number',
  '-->',
  '',
  '```ts',
  'client + 1',
  '```',
  '```sh',
  'pnpm add x',
  '```',
  '<!-- readme: consumer -->',
  '```ts',
  'export default {}',
  '```',
  '<!-- readme: fragment -->',
  'Words in between drop the marker.',
  '```ts',
  'const x = 1',
  '```',
].join('\n')

it('default: ts and tsx blocks with their section, heading, kind and context', () => {
  const blocks = readmeBlocks(md)
  expect(
    blocks.map(({ lang, line, section, heading, kind, context }) => ({
      lang,
      line,
      section,
      heading,
      kind,
      context,
    })),
  ).toEqual([
    { lang: 'tsx', line: 3, section: 'Example', heading: 'Example', kind: 'module', context: '' },
    {
      lang: 'ts',
      line: 11,
      section: 'Example',
      heading: 'Reads',
      kind: 'fragment',
      context: 'declare const client: number',
    },
    { lang: 'ts', line: 18, section: 'Example', heading: 'Reads', kind: 'consumer', context: '' },
    { lang: 'ts', line: 23, section: 'Example', heading: 'Reads', kind: 'module', context: '' },
  ])
  expect(blocks[0]!.code).toBe("import { a } from 'a'\n")
  expect(blockFileName(blocks[1]!)).toBe('reads-l11.ts')
})

it('behavior: an unclosed fence throws', () => {
  expect(() => readmeBlocks('```ts\nconst x = 1\n')).toThrow(/unclosed/)
})
