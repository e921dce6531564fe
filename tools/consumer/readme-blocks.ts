// The ```ts / ```tsx blocks of a README, as the README tests and the consumer app read them.
//
// Every block is a complete module (imports included) unless an HTML comment right before its
// fence says otherwise (a blank line may sit between them):
//
//   <!-- readme: fragment
//   import type { ClearNodeClient } from '@nitrolite-kit/core'
//   declare const client: ClearNodeClient
//   -->
//
// marks a fragment: it is type-checked after the lines that follow `fragment` (its context), and
// not run. `<!-- readme: consumer -->` marks a block that needs an app's own dependencies (a
// `vite.config.ts`): `tools/consumer` type-checks and uses it, the package's README test does not.
import { readFileSync } from 'node:fs'

/** How a README test treats a block. */
export type BlockKind = 'module' | 'fragment' | 'consumer'

/** One fenced TypeScript block of a README. */
export interface ReadmeBlock {
  /** The fence's language. */
  lang: 'ts' | 'tsx'
  /** The block's text, exactly as in the README (ends with a newline). */
  code: string
  /** 1-based line of the opening fence. */
  line: number
  /** The nearest `##` heading above the block, without the hashes. */
  section: string
  /** The nearest heading of any level above the block. */
  heading: string
  /** `module` unless a marker comment above the fence says `fragment` or `consumer`. */
  kind: BlockKind
  /** For fragments: the declarations the block is type-checked after. */
  context: string
}

const MARKER = /^<!--\s*readme:\s*(fragment|consumer)\b([\s\S]*?)-->\s*$/

/** Every ```ts and ```tsx block of the markdown `text`, in order. */
export function readmeBlocks(text: string): ReadmeBlock[] {
  const lines = text.split('\n')
  const blocks: ReadmeBlock[] = []
  let section = ''
  let heading = ''
  let marker: { kind: BlockKind; context: string } | undefined
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const h = /^(#{1,6})\s+(.*)$/.exec(line)
    if (h) {
      heading = h[2]!.trim()
      if (h[1] === '##') section = heading
      marker = undefined
      continue
    }
    if (line.startsWith('<!--')) {
      let end = i
      while (end < lines.length && !lines[end]!.includes('-->')) end++
      const m = MARKER.exec(lines.slice(i, end + 1).join('\n'))
      marker = m ? { kind: m[1] as BlockKind, context: m[2]!.trim() } : undefined
      i = end
      continue
    }
    const fence = /^(`{3,})(\S*)/.exec(line)
    if (fence) {
      const close = lines.findIndex((l, j) => j > i && l.startsWith(fence[1]!))
      if (close < 0) throw new Error(`README line ${i + 1}: unclosed code fence`)
      const lang = fence[2]
      if (lang === 'ts' || lang === 'tsx') {
        blocks.push({
          lang,
          code: `${lines.slice(i + 1, close).join('\n')}\n`,
          line: i + 1,
          section,
          heading,
          kind: marker?.kind ?? 'module',
          context: marker?.kind === 'fragment' ? marker.context : '',
        })
      }
      marker = undefined
      i = close
      continue
    }
    if (line.trim() !== '') marker = undefined
  }
  return blocks
}

/**
 * The lines of a module block after its imports (and the blank line below them): what the
 * README means by "N lines after its imports".
 */
export function linesAfterImports(block: ReadmeBlock): string[] {
  const lines = block.code.replace(/\n$/, '').split('\n')
  let last = -1
  lines.forEach((l, i) => {
    if (/^import\b/.test(l) || /^\} from /.test(l)) last = i
  })
  const rest = lines.slice(last + 1)
  return rest[0] === '' ? rest.slice(1) : rest
}

/** {@link readmeBlocks} of a README file. */
export function readmeBlocksOf(file: string): ReadmeBlock[] {
  return readmeBlocks(readFileSync(file, 'utf8'))
}

/**
 * A file name for a block: the path its first line names (`// src/game.tsx`), so that blocks can
 * import each other as the README shows, else its heading and line, e.g. `example-l21.tsx`.
 */
export function blockFileName(block: ReadmeBlock): string {
  const named = /^\/\/ ([\w./-]+\.tsx?)\b/.exec(block.code)?.[1]
  if (named) return named
  const slug = block.heading
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  return `${slug || 'block'}-l${block.line}.${block.lang}`
}
