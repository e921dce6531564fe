// Type-checks README blocks in memory with the TypeScript compiler API, as files of the folder
// `dir` (so that their imports resolve from that folder's node_modules, the package's own name
// included). Only the blocks' own diagnostics are reported: the packages they import are
// checked by their own builds.
import { dirname, join } from 'node:path'
import ts from 'typescript'
import { blockFileName, type ReadmeBlock } from './readme-blocks.js'

/** `tsc --strict` for a Node program (NodeNext, top-level await) or a browser module (Bundler). */
export const STRICT_NODE: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2022.d.ts'],
  types: ['node'],
  skipLibCheck: true,
  noEmit: true,
}

/**
 * See {@link STRICT_NODE}: a fresh Vite React app's `tsconfig.app.json` (`pnpm create vite
 * --template react-ts`: strict, unused locals and parameters, verbatim module syntax; DOM,
 * react-jsx, Bundler).
 */
export const STRICT_BROWSER: ts.CompilerOptions = {
  strict: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noFallthroughCasesInSwitch: true,
  verbatimModuleSyntax: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  jsx: ts.JsxEmit.ReactJSX,
  types: [],
  skipLibCheck: true,
  noEmit: true,
}

/** "declared but never read" (6133, 6196) and "all … are unused" (6192, 6198). */
const UNUSED = new Set([6133, 6192, 6196, 6198])

/** The source of a block as it is checked: a fragment after its context, a module as is. */
export function checkedSource(block: ReadmeBlock): string {
  if (block.kind !== 'fragment') return block.code
  // `export {}` keeps a fragment a module (its context's `declare const`s stay local).
  return `${block.context}\nexport {}\n${block.code}`
}

/**
 * Type-checks `blocks` as files of `dir` under `options` (extra `customConditions`, e.g.
 * `source`, are the caller's). Returns one formatted message per diagnostic, naming the README
 * line; an empty array when every block compiles.
 */
export function typecheckBlocks(
  blocks: ReadmeBlock[],
  dir: string,
  options: ts.CompilerOptions,
  readme = 'README.md',
): string[] {
  const files = new Map<string, { block: ReadmeBlock; text: string }>()
  for (const block of blocks)
    files.set(join(dir, '__readme__', blockFileName(block)), { block, text: checkedSource(block) })
  const host = ts.createCompilerHost(options, true)
  const getSourceFile = host.getSourceFile.bind(host)
  const fileExists = host.fileExists.bind(host)
  const readFile = host.readFile.bind(host)
  const dirs = new Set<string>()
  for (const f of files.keys())
    for (let d = dirname(f); d.length > dir.length; d = dirname(d)) dirs.add(d)
  const directoryExists = host.directoryExists?.bind(host)
  host.directoryExists = (d) => dirs.has(d) || (directoryExists ? directoryExists(d) : true)
  host.fileExists = (f) => files.has(f) || fileExists(f)
  host.readFile = (f) => files.get(f)?.text ?? readFile(f)
  host.getSourceFile = (f, language, onError, create) => {
    const file = files.get(f)
    return file
      ? ts.createSourceFile(f, file.text, language, true)
      : getSourceFile(f, language, onError, create)
  }
  host.getDefaultLibLocation = () => dirname(ts.getDefaultLibFilePath(options))
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host })
  const out: string[] = []
  for (const [name, { block }] of files) {
    const source = program.getSourceFile(name)!
    const offset = block.kind === 'fragment' ? block.context.split('\n').length + 2 : 0
    for (const d of [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ]) {
      // A fragment's values are used by the code around it, which the README leaves out.
      if (block.kind === 'fragment' && UNUSED.has(d.code)) continue
      const at = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line
      const where =
        at < offset
          ? `${readme}:${block.line} (the fragment's context)`
          : `${readme}:${block.line + 1 + at - offset}`
      out.push(
        `${where} [${block.heading}]: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      )
    }
  }
  return out
}
