// The build step: bundles the command (tools/cli/main.ts and io.ts) and the run pool's worker
// (tools/runner/worker.ts) into plain JavaScript in dist/, with esbuild (transpiling only: the
// types are checked by `npm run typecheck`). bin/fvm-spec.mjs runs dist/ when it is there and
// fresh (bin/dist.mjs), and the TypeScript sources through tsx otherwise, so a stale or missing
// build is never run and never needed. `npm ci` and `npm install` build it (the `prepare`
// script); `npm run build` rebuilds it.
//
// Every bundled file's `import.meta.url` is replaced by the URL of its source file (relative to
// the bundle, so the folder may move): paths computed from it (the package root, the module
// cache's sources, the test bundle's WAT, the run pool's worker) are the same as from source.
//
// dist/build.json lists every input with its size and modification time; the build is fresh
// while none of them has changed.
//
//   node scripts/build.mjs [--outdir DIR] [--if-possible]
//
// --if-possible (the `prepare` script): a failed build is reported and leaves no dist/, and the
// install goes on (the commands then run from the sources).
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const { values } = parseArgs({ options: { outdir: { type: 'string' }, 'if-possible': { type: 'boolean', default: false } } })
const outdir = resolve(values.outdir ?? join(ROOT, 'dist'))
/** The entry points, by the name of their bundle in dist/. */
export const ENTRIES = { main: 'tools/cli/main.ts', io: 'tools/cli/io.ts', worker: 'tools/runner/worker.ts' }
/** Not bundled: development tools, and what must stay a package of its own. */
const EXTERNAL = ['tsx', 'tsx/*', 'esbuild', 'typescript', 'wabt', 'solc', 'fast-check', '@ethereumjs/*', 'tiny-secp256k1']

/** Replaces `import.meta.url` in the package's own TypeScript by its source file's URL. */
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${join('/', 'node_modules', '/')}`)) return undefined
      const text = readFileSync(args.path, 'utf8')
      if (!text.includes('import.meta.url')) return { contents: text, loader: 'ts' }
      // Every bundle and chunk lands in the output folder itself (entryNames/chunkNames below).
      const rel = relative(outdir, args.path).split('\\').join('/')
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'ts' }
    })
  },
}

let build
try {
  ;({ build } = await import('esbuild'))
} catch (e) {
  giveUp(e)
}

/** A build that cannot be made: an error, or with --if-possible a note (the sources still run). */
function giveUp(e) {
  if (!values['if-possible']) throw e
  process.stderr.write(`fvm-spec: no JavaScript build (${e?.message ?? e}); the commands run from the TypeScript sources\n`)
  process.exit(0)
}

const staging = `${outdir}.tmp-${process.pid}`
rmSync(staging, { recursive: true, force: true })
mkdirSync(staging, { recursive: true })
try {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, join(ROOT, file)])),
    outdir: staging,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL,
    // CommonJS dependencies bundled into ESM need require for Node's own modules.
    banner: { js: "import { createRequire as __fvmSpecCreateRequire } from 'node:module'; const require = __fvmSpecCreateRequire(import.meta.url);" },
    metafile: true,
    sourcemap: false,
    logLevel: 'warning',
    plugins: [sourceUrls],
  })
  const inputs = {}
  for (const file of Object.keys(result.metafile.inputs).sort()) {
    const path = resolve(ROOT, file)
    const st = statSync(path)
    inputs[relative(ROOT, path).split('\\').join('/')] = { size: st.size, mtimeMs: st.mtimeMs }
  }
  for (const extra of ['package.json', 'package-lock.json', 'scripts/build.mjs']) {
    const st = statSync(join(ROOT, extra))
    inputs[extra] = { size: st.size, mtimeMs: st.mtimeMs }
  }
  writeFileSync(join(staging, 'build.json'), JSON.stringify({ entries: Object.keys(ENTRIES), inputs }, null, 1) + '\n')
  rmSync(outdir, { recursive: true, force: true })
  renameSync(staging, outdir)
  process.stdout.write(`built ${relative(ROOT, outdir) || '.'}/ from ${Object.keys(inputs).length} files\n`)
} catch (e) {
  rmSync(staging, { recursive: true, force: true })
  giveUp(e)
}
