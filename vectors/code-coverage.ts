/**
 * Code coverage of rules: which spec rules are exercised by code that actually ran, measured with
 * V8's precise coverage rather than inferred from traces (`vectors/coverage.ts`).
 *
 * Every `@rule <id>` citation in the non-test TypeScript of interpreter/, vectors/ and tools/ is a *site*,
 * and each site belongs to code, found with the TypeScript compiler API:
 *
 * | the citation stands | the site ran when |
 * |---|---|
 * | in the leading comment (JSDoc or `//`) of a function, method, constructor, accessor or arrow, or of a declaration initialised with one | that function ran |
 * | anywhere else inside a function (in its body, above a statement) | the innermost enclosing function ran |
 * | at module level above (or inside) a declaration holding functions (`const x: SyscallDef = { handler: ... }`, a class, a table of closures) | any function of that top-level declaration ran |
 * | at module level above pure data without functions (a `const` table, an enum) | the module was loaded |
 * | at module level elsewhere: the file's header comment (above the imports), above a type or an interface | any function of the module ran (a module without functions: it was loaded) |
 *
 * "A function ran" means it, or a function nested in it, was called at least once during the
 * measured run: a factory that ran at import time counts through the closures it returned.
 *
 * A rule is *exercised* when at least one of its sites ran. V8 reports, per script, each function
 * it compiled with its name, its start offset in the code tsx (esbuild) produced and how many
 * times it was called since coverage started. The edge (`measureCodeCoverage`) maps that start
 * back to the original .ts source through the inline source map tsx emits; the pure part
 * (`exercisedRules`) then marks the innermost function of the parsed source containing that
 * position (checked against the name V8 reports; when the two disagree, the innermost function of
 * that name containing the position wins). A function record without a position is matched by
 * name alone (every function of that name in the file; an anonymous site falls back to its
 * enclosing named function).
 *
 * @rule runner.rule-coverage
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { RULE_CITATION } from '../spec/rules.js'

/** One function V8 reports: its name, calls since coverage started, and (if known) its start in the original source. */
export interface FunctionCoverage {
  readonly name: string
  readonly count: number
  /** Offset in the original .ts text of the function's start, when the source map gave it. */
  readonly start?: number
}

/** One script: its file relative to the repository root (forward slashes) and its functions. */
export interface ScriptCoverage {
  readonly file: string
  readonly functions: readonly FunctionCoverage[]
}

/** How a citation site is judged to have run (the table above). */
export type SiteMode = 'function' | 'module-code' | 'module-loaded'

export interface CitationSite {
  readonly rule: string
  readonly file: string
  /** 1-based line of the citation. */
  readonly line: number
  readonly mode: SiteMode
  /** For `function`: the functions any of which running makes the site run. */
  readonly functions: readonly ts.FunctionLikeDeclaration[]
}

export interface ParsedSource {
  readonly file: string
  readonly sourceFile: ts.SourceFile
  /** Every function-like node of the file, in source order. */
  readonly functions: readonly ts.FunctionLikeDeclaration[]
  readonly sites: readonly CitationSite[]
}

function isFunctionLike(n: ts.Node): n is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(n) ||
    ts.isFunctionExpression(n) ||
    ts.isArrowFunction(n) ||
    ts.isMethodDeclaration(n) ||
    ts.isConstructorDeclaration(n) ||
    ts.isGetAccessorDeclaration(n) ||
    ts.isSetAccessorDeclaration(n)
  )
}

function propertyNameText(n: ts.PropertyName | ts.BindingName): string {
  if (ts.isIdentifier(n) || ts.isPrivateIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n)) return n.text
  return ''
}

/** The name V8 gives a function: its own, else the one inferred from what it is assigned to. */
export function functionName(f: ts.FunctionLikeDeclaration): string {
  if (ts.isConstructorDeclaration(f)) {
    const c = f.parent
    return ts.isClassLike(c) && c.name !== undefined ? c.name.text : ''
  }
  if (f.name !== undefined) return propertyNameText(f.name)
  const p = f.parent
  if (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) return propertyNameText(p.name)
  if (ts.isParenthesizedExpression(p) || ts.isAsExpression(p) || ts.isSatisfiesExpression(p)) {
    const q = p.parent
    if (ts.isVariableDeclaration(q) || ts.isPropertyAssignment(q) || ts.isPropertyDeclaration(q)) return propertyNameText(q.name)
  }
  return ''
}

/** The function-like nodes within `n` (itself included) not nested inside another function within `n`. */
function outerFunctions(n: ts.Node): ts.FunctionLikeDeclaration[] {
  if (isFunctionLike(n)) return [n]
  const out: ts.FunctionLikeDeclaration[] = []
  n.forEachChild((c) => {
    out.push(...outerFunctions(c))
  })
  return out
}

function enclosingFunction(n: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let p: ts.Node | undefined = n.parent; p !== undefined; p = p.parent) if (isFunctionLike(p)) return p
  return undefined
}

/** Where the citation at `pos` belongs. */
function siteOf(sf: ts.SourceFile, pos: number): { mode: SiteMode; functions: ts.FunctionLikeDeclaration[] } {
  // Descend to the outermost node whose leading comments hold `pos` (the node the comment is
  // attached to); if none, `pos` is a comment inside `cur` not attached to any child.
  let cur: ts.Node = sf
  let attached: ts.Node | undefined
  for (;;) {
    let next: ts.Node | undefined
    cur.forEachChild((c) => {
      if (next === undefined && c.pos <= pos && pos < c.end) next = c
    })
    if (next === undefined) break
    if (pos < next.getStart(sf)) {
      attached = next
      break
    }
    cur = next
  }
  if (attached !== undefined) {
    const own = ownFunction(attached)
    if (own !== undefined) return { mode: 'function', functions: [own] }
  }
  const around = attached ?? cur
  const enclosing = isFunctionLike(around) ? around : enclosingFunction(around)
  if (enclosing !== undefined) return { mode: 'function', functions: [enclosing] }
  let top: ts.Node = around
  while (top.parent !== undefined && top.parent !== sf) top = top.parent
  if (top === sf) return { mode: 'module-code', functions: [] }
  const fns = attached === undefined ? [] : outerFunctions(attached)
  if (fns.length > 0) return { mode: 'function', functions: fns }
  const topFns = outerFunctions(top)
  if (topFns.length > 0) return { mode: 'function', functions: topFns }
  return { mode: ts.isVariableStatement(top) || ts.isEnumDeclaration(top) || ts.isExpressionStatement(top) ? 'module-loaded' : 'module-code', functions: [] }
}

const unwrap = (e: ts.Expression): ts.Expression => (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) ? unwrap(e.expression) : e)

/** The function a commented node is or names: itself, or the function its declaration is initialised with. */
function ownFunction(n: ts.Node): ts.FunctionLikeDeclaration | undefined {
  if (isFunctionLike(n)) return n
  let init: ts.Expression | undefined
  if (ts.isVariableStatement(n) && n.declarationList.declarations.length === 1) init = n.declarationList.declarations[0]?.initializer
  else if (ts.isVariableDeclaration(n) || ts.isPropertyAssignment(n) || ts.isPropertyDeclaration(n)) init = n.initializer
  else if (ts.isExportAssignment(n)) init = n.expression
  if (init === undefined) return undefined
  const e = unwrap(init)
  return isFunctionLike(e) ? e : undefined
}

/** Parses one source file and finds its citation sites. */
export function parseSource(file: string, text: string): ParsedSource {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)
  const functions: ts.FunctionLikeDeclaration[] = []
  const visit = (n: ts.Node): void => {
    if (isFunctionLike(n)) functions.push(n)
    n.forEachChild(visit)
  }
  visit(sourceFile)
  const sites: CitationSite[] = []
  for (const m of text.matchAll(RULE_CITATION)) {
    const pos = m.index
    const { mode, functions: fns } = siteOf(sourceFile, pos)
    sites.push({ rule: m[1] as string, file, line: sourceFile.getLineAndCharacterOfPosition(pos).line + 1, mode, functions: fns })
  }
  return { file, sourceFile, functions, sites }
}

const bareName = (n: string) => n.replace(/^(get|set) /, '')

function contains(f: ts.Node, sf: ts.SourceFile, pos: number): boolean {
  return f.getStart(sf) <= pos && pos < f.end
}

/** The functions of `src` that ran according to `script`. */
export function functionsThatRan(src: ParsedSource, script: ScriptCoverage): Set<ts.FunctionLikeDeclaration> {
  const ran = new Set<ts.FunctionLikeDeclaration>()
  const sf = src.sourceFile
  for (const r of script.functions) {
    if (r.count <= 0) continue
    const name = bareName(r.name)
    if (r.start === undefined) {
      if (name === '' || name.startsWith('<')) continue
      for (const f of src.functions) if (functionName(f) === name) ran.add(f)
      continue
    }
    const start = r.start
    const containing = src.functions.filter((f) => contains(f, sf, start))
    const innermost = containing[containing.length - 1]
    if (innermost === undefined) continue
    const named = name === '' || name.startsWith('<') ? [] : containing.filter((f) => functionName(f) === name)
    ran.add(named.length > 0 && functionName(innermost) !== name ? (named[named.length - 1] as ts.FunctionLikeDeclaration) : innermost)
  }
  return ran
}

/** Whether `inner` is nested in `outer`. */
function within(inner: ts.Node, outer: ts.Node): boolean {
  for (let p = inner.parent as ts.Node | undefined; p !== undefined; p = p.parent) if (p === outer) return true
  return false
}

/** Whether a site ran, given the functions that ran in its file and whether the file was loaded. */
function siteRan(site: CitationSite, ran: ReadonlySet<ts.FunctionLikeDeclaration>, loaded: boolean, src: ParsedSource, byName: ReadonlySet<string> | undefined): boolean {
  if (!loaded) return false
  if (site.mode === 'module-loaded' || src.functions.length === 0) return true
  if (site.mode === 'module-code') return ran.size > 0 || (byName !== undefined && byName.size > 0)
  return site.functions.some((f) => {
    if (ran.has(f) || [...ran].some((g) => within(g, f))) return true
    if (byName === undefined) return false
    // Name-level fallback for records without a position: an anonymous function counts as its enclosing named one.
    let g: ts.FunctionLikeDeclaration | undefined = f
    while (g !== undefined && functionName(g) === '') g = enclosingFunction(g)
    return g !== undefined && byName.has(functionName(g))
  })
}

/**
 * The rules exercised by code that ran: a rule is exercised when one of its citation sites ran.
 * Pure: `coverage` is V8's report reduced to `ScriptCoverage`s, `sources` the parsed files.
 */
export function exercisedRules(coverage: readonly ScriptCoverage[], sources: readonly ParsedSource[]): Set<string> {
  const out = new Set<string>()
  for (const s of exercisedSites(coverage, sources)) out.add(s.rule)
  return out
}

/** The citation sites that ran. */
export function exercisedSites(coverage: readonly ScriptCoverage[], sources: readonly ParsedSource[]): CitationSite[] {
  const scripts = new Map<string, ScriptCoverage[]>()
  for (const s of coverage) scripts.set(s.file, [...(scripts.get(s.file) ?? []), s])
  const out: CitationSite[] = []
  for (const src of sources) {
    const mine = scripts.get(src.file) ?? []
    const ran = new Set<ts.FunctionLikeDeclaration>()
    const byName = new Set<string>()
    for (const s of mine) {
      for (const f of functionsThatRan(src, s)) ran.add(f)
      for (const r of s.functions) if (r.count > 0 && r.start === undefined && r.name !== '' && !r.name.startsWith('<')) byName.add(bareName(r.name))
    }
    for (const site of src.sites) if (siteRan(site, ran, mine.length > 0, src, byName.size > 0 ? byName : undefined)) out.push(site)
  }
  return out
}

// ---- The edge: reading the sources, and running code under the inspector. ----

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === 'corpus' || name.startsWith('.')) continue
    const p = join(dir, name)
    if (statSync(p).isDirectory()) walk(p, out)
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.endsWith('.d.ts')) out.push(p)
  }
  return out
}

const toRel = (root: string, p: string) => relative(root, p).split(sep).join('/')

/** Parses every non-test .ts file of the given folders (default: interpreter/, vectors/ and tools/). */
export function parseSources(root: string, folders: readonly string[] = ['interpreter', 'vectors', 'tools']): ParsedSource[] {
  return folders.flatMap((d) => walk(join(root, d))).map((p) => parseSource(toRel(root, p), readFileSync(p, 'utf8')))
}

interface V8Function {
  functionName: string
  ranges: { startOffset: number; endOffset: number; count: number }[]
}

function lineStarts(text: string): number[] {
  const out = [0]
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) out.push(i + 1)
  return out
}

function lineCol(starts: readonly number[], offset: number): [number, number] {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((starts[mid] as number) <= offset) lo = mid
    else hi = mid - 1
  }
  return [lo, offset - (starts[lo] as number)]
}

const INLINE_MAP = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/

/** Maps generated offsets to original offsets with the script's inline source map; undefined without one. */
function originalOffsets(generated: string, original: string): ((offset: number) => number | undefined) | undefined {
  const m = INLINE_MAP.exec(generated)
  if (m === null) return undefined
  let map: SourceMap
  try {
    map = new SourceMap(JSON.parse(Buffer.from(m[1] as string, 'base64').toString('utf8')))
  } catch {
    return undefined
  }
  const gen = lineStarts(generated)
  const orig = lineStarts(original)
  return (offset) => {
    const [l, c] = lineCol(gen, offset)
    const e = map.findEntry(l, c)
    if (!('originalLine' in e)) return undefined
    const s = orig[e.originalLine]
    return s === undefined ? undefined : s + e.originalColumn
  }
}

type InspectorSession = import('node:inspector/promises').Session
let session: InspectorSession | undefined

/**
 * Starts V8 precise coverage (call counts) in this thread. V8 counts only functions created after
 * coverage started, so call this before the code to measure is imported (the CLI does so in
 * bin/fvm-spec.mjs for `coverage`); without it `measureCodeCoverage` starts late and misses the
 * functions of modules already loaded.
 */
export async function startCodeCoverage(): Promise<void> {
  if (session !== undefined) return
  const { Session } = await import('node:inspector/promises')
  const s = new Session()
  s.connect()
  await s.post('Profiler.enable')
  await s.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true })
  session = s
}

/**
 * Runs `run` under precise coverage and returns its result with the coverage of the repository's
 * .ts scripts: counts are calls made during `run` only (the counters are reset just before it),
 * function starts are mapped back to the original sources, and a script loaded before `run`
 * appears even if none of its functions ran. Stops coverage afterwards.
 */
export async function measureCodeCoverage<T>(root: string, run: () => T | Promise<T>): Promise<{ value: T; coverage: ScriptCoverage[] }> {
  await startCodeCoverage()
  const s = session as InspectorSession
  try {
    const before = await s.post('Profiler.takePreciseCoverage')
    const value = await run()
    const after = await s.post('Profiler.takePreciseCoverage')
    await s.post('Profiler.stopPreciseCoverage')
    await s.post('Debugger.enable')
    const coverage: ScriptCoverage[] = []
    const seen = new Set<string>()
    for (const sc of [...after.result, ...before.result]) {
      if (!sc.url.startsWith('file:') || seen.has(sc.url)) continue
      seen.add(sc.url)
      const path = fileURLToPath(sc.url.replace(/\?.*$/, ''))
      const file = toRel(root, path)
      if (file.startsWith('..') || !file.endsWith('.ts')) continue
      if (!after.result.includes(sc)) {
        coverage.push({ file, functions: [] })
        continue
      }
      let map: ((o: number) => number | undefined) | undefined
      try {
        const { scriptSource } = await s.post('Debugger.getScriptSource', { scriptId: sc.scriptId })
        map = originalOffsets(scriptSource, readFileSync(path, 'utf8'))
      } catch {
        map = undefined
      }
      const functions = (sc.functions as V8Function[]).map((f): FunctionCoverage => {
        const r = f.ranges[0]
        const start = r === undefined || map === undefined ? undefined : map(r.startOffset)
        return { name: f.functionName, count: r?.count ?? 0, ...(start === undefined ? {} : { start }) }
      })
      coverage.push({ file, functions })
    }
    await s.post('Debugger.disable')
    await s.post('Profiler.disable')
    return { value, coverage }
  } finally {
    s.disconnect()
    session = undefined
  }
}

export interface CodeCoverageReport {
  readonly defined: readonly string[]
  readonly exercised: readonly string[]
  readonly notExercised: readonly string[]
}

/** The report against the rules spec/ defines. */
export function codeCoverageReport(defined: readonly string[], exercised: ReadonlySet<string>): CodeCoverageReport {
  const ids = [...new Set(defined)].sort()
  return { defined: ids, exercised: ids.filter((r) => exercised.has(r)), notExercised: ids.filter((r) => !exercised.has(r)) }
}

/** Lines for people: the figure, then the rules not exercised. */
export function formatCodeCoverage(r: CodeCoverageReport): string[] {
  const pct = r.defined.length === 0 ? '0' : ((100 * r.exercised.length) / r.defined.length).toFixed(1)
  return [`rules exercised by code that ran: ${r.exercised.length}/${r.defined.length} (${pct}%)`, `not exercised by code that ran: ${r.notExercised.join(' ')}`]
}
