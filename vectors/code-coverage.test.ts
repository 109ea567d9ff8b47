import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { exercisedRules, exercisedSites, measureCodeCoverage, parseSource, parseSources, startCodeCoverage, type ScriptCoverage } from './code-coverage.js'

// V8 counts only functions created after coverage starts: start it before importing the interpreter.
await startCodeCoverage()
const { findVectorFiles } = await import('./discover.js')
const { coverageOfFiles } = await import('./coverage.js')

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

const SOURCE = `/**
 * A module. @rule r.header
 */
import { x } from './x.js'

/** @rule r.f */
export function f(): number {
  return x
}

export function g(): number[] {
  // @rule r.inner
  return [1].map((v) => v)
}

/** @rule r.data */
export const TABLE = { a: 1 }

/** @rule r.obj */
export const DEF = { name: 'n', body: (k: number) => k + 1 }

/** @rule r.factory */
function make() {
  return () => 1
}
export const made = make()

export class C {
  /** @rule r.method */
  get size(): number {
    return 1
  }
}

/** @rule r.type */
export interface T { readonly a: number }
`

const at = (s: string) => SOURCE.indexOf(s)

test('parseSource finds each citation and what it belongs to', () => {
  const p = parseSource('m.ts', SOURCE)
  assert.deepEqual(
    p.sites.map((s) => [s.rule, s.line, s.mode, s.functions.length]),
    [
      ['r.header', 2, 'module-code', 0],
      ['r.f', 6, 'function', 1],
      ['r.inner', 12, 'function', 1],
      ['r.data', 16, 'module-loaded', 0],
      ['r.obj', 19, 'function', 1],
      ['r.factory', 22, 'function', 1],
      ['r.method', 29, 'function', 1],
      ['r.type', 35, 'module-code', 0],
    ],
  )
})

test('exercisedRules maps a coverage result to rules exactly', () => {
  const p = parseSource('m.ts', SOURCE)
  const fn = (name: string, count: number, start?: number) => ({ name, count, ...(start === undefined ? {} : { start }) })
  // By position: g ran (so r.inner, and the module code: r.header, r.type), DEF's body ran
  // (r.obj), the closure make returned ran (r.factory); f, make and the getter did not.
  const cov: ScriptCoverage[] = [
    { file: 'm.ts', functions: [fn('f', 0, at('function f')), fn('g', 1, at('function g')), fn('', 1, at('(v) => v')), fn('body', 2, at('(k: number)')), fn('make', 0, at('function make')), fn('', 3, at('() => 1')), fn('get size', 0, at('get size'))] },
  ]
  assert.deepEqual([...exercisedRules(cov, [p])].sort(), ['r.data', 'r.factory', 'r.header', 'r.inner', 'r.obj', 'r.type'])
  // An accessor, which V8 names 'get size'.
  assert.deepEqual([...exercisedRules([{ file: 'm.ts', functions: [fn('get size', 1, at('get size'))] }], [p])].sort(), ['r.data', 'r.header', 'r.method', 'r.type'])
  // Without positions: by name only.
  assert.deepEqual([...exercisedRules([{ file: 'm.ts', functions: [fn('f', 1), fn('g', 0)] }], [p])].sort(), ['r.data', 'r.f', 'r.header', 'r.type'])
  // Loaded, nothing ran: only the data.
  assert.deepEqual([...exercisedRules([{ file: 'm.ts', functions: [] }], [p])], ['r.data'])
  // Not loaded: nothing.
  assert.deepEqual([...exercisedRules([{ file: 'other.ts', functions: [fn('f', 1)] }], [p])], [])
})

test('on the committed corpus, code that ran exercises at least the rules the traces credit', async () => {
  const t0 = Date.now()
  const { value, coverage } = await measureCodeCoverage(ROOT, () => coverageOfFiles(findVectorFiles([join(ROOT, 'vectors', 'corpus')])))
  const sources = parseSources(ROOT)
  const exercised = exercisedRules(coverage, sources)
  const defined = new Set(value.report.defined)
  const code = [...exercised].filter((r) => defined.has(r))
  assert.deepEqual(value.problems, [])
  assert.ok(code.length >= value.report.hit.length, `code ${code.length} < traces ${value.report.hit.length}`)
  // Code that certainly runs on any vector.
  for (const r of ['hamt.insert', 'hamt.flush', 'state.get-actor', 'types.address-bytes', 'wasm.stack-limiter', 'exec.apply-message']) assert.ok(exercised.has(r), r)
  assert.ok(exercisedSites(coverage, sources).length > 0)
  assert.ok(Date.now() - t0 < 20_000)
  // The figures the README and docs/differential-testing.md give are the ones measured here (and
  // printed by `fvm-spec coverage` without bundles): a rule added to spec/ or a corpus change
  // makes them stale, and this says which to write.
  const pct = (n: number) => `${((100 * n) / defined.size).toFixed(1)}%`
  const want = `traces ${value.report.hit.length}/${defined.size}, code ${code.length}/${defined.size} (${pct(code.length)})`
  const flat = (f: string) => readFileSync(join(ROOT, f), 'utf8').replace(/\s+/g, ' ')
  const readme = /`fvm-spec coverage` credits (\d+) of the (\d+) rules defined in spec\/.*? and (\d+)\/(\d+) \(([\d.]+%)\)/.exec(flat('README.md'))
  assert.ok(readme !== null, 'README: the coverage sentence')
  assert.equal(`traces ${readme[1]}/${readme[2]}, code ${readme[3]}/${readme[4]} (${readme[5]})`, want, 'README.md coverage figures')
  const diffDoc = flat(join('docs', 'differential-testing.md'))
  const traces = /(\d+)\/(\d+) rules defined in spec\/ credited from traces/.exec(diffDoc)
  const byCode = /each rule, `vectors\/code-coverage.ts`\): (\d+)\/(\d+) \(([\d.]+%)\)/.exec(diffDoc)
  assert.ok(traces !== null && byCode !== null, 'docs/differential-testing.md: the coverage figures')
  assert.equal(`traces ${traces[1]}/${traces[2]}, code ${byCode[1]}/${byCode[2]} (${byCode[3]})`, want, 'docs/differential-testing.md coverage figures')
})
