/**
 * Benchmark over a vector corpus (a benchmark, not a test): gas per second of execution, vectors
 * per second and where the time goes (in this process), then what a user of the command waits for
 * (fresh processes: cold start of `fvm-spec exec`, the whole corpus with `run --jobs 1` and
 * `--jobs 2`, peak memory), with the machine and its load.
 *
 *   npm run bench -- [PATH...] [--bundles DIR] [--runs N] [--no-system] [--cold-vector FILE]
 *   npm run bench -- --compare GIT-REF [PATH...] [--bundles DIR] [--runs N] [--no-system] [--cold-vector FILE]
 *
 * Default PATH: ../shared/vectors/fvm-test-vectors if present, else vectors/corpus. `--runs N`
 * (default 3): measured passes in this process, and fresh-process runs of each system figure;
 * medians are reported. `--compare REF` runs the tree at REF (extracted to a temporary folder,
 * sharing this tree's node_modules) and this working tree alternately, N rounds, each in fresh
 * processes, and prints them side by side. `--no-system`: the in-process figures only.
 * `--cold-vector FILE`: the vector of the cold-start figure (default: the corpus's vector of median
 * file size, a typical message that runs actor code).
 *
 * Setup (reading, decoding and verifying the vector, building the state tree and manifest) is timed
 * apart from execution. Gas charged for proof checks that the conformance kernel fakes is excluded
 * from the gas-per-second figure, since no work is done for it. The chain's gas model prices
 * 10 gas per nanosecond (10^10 gas/s); the figure is reported as a fraction of that. A warm-up pass
 * first compiles every actor module the corpus uses, as ref-fvm preloads the built-in actors when
 * it builds a machine: compilation is setup, not execution.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { findVectorFiles } from '../vectors/discover.js'
import { runVectorText, type RunOptions } from '../vectors/run-vector.js'
import { loadBundles } from '../vectors/bundles.js'
import { Engine } from '../interpreter/invocation/engine.js'
import { createInvoker } from '../interpreter/invocation/container.js'
import { Profiler } from '../interpreter/invocation/profiler.js'
import { useBaselineWasmTier } from '../tools/runner/pool.js'
import { coldStart, corpusRun, formatColdStart, formatCorpusRuns, load, machine, median, typicalVector, type ColdStart, type CorpusRun } from './bench-system.js'

const FAKED_PROOFS = ['crypto.verify_seal', 'crypto.verify_post', 'crypto.verify_aggregate_seals', 'crypto.verify_replica_update', 'crypto.verify_consensus_fault', 'crypto.batch_verify_seals']
const GAS_PER_SECOND_MODEL = 10_000_000_000
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
/** Set in the children of `--compare`: one measured pass, no system figures. Older trees ignore it. */
const CHILD = process.env['FVM_SPEC_BENCH_CHILD'] === '1'
// Actor WebAssembly on the tier the command runs it on (baseline only: tools/runner/pool.ts
// WASM_TIERING_FLAGS), so gas/s is what a user of the command gets. Set before the warm-up compiles.
useBaselineWasmTier()

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { bundles: { type: 'string' }, runs: { type: 'string' }, compare: { type: 'string' }, 'no-system': { type: 'boolean', default: false }, 'cold-vector': { type: 'string' } },
})
const shared = join('..', 'shared', 'vectors', 'fvm-test-vectors')
const paths = positionals.length > 0 ? positionals : [existsSync(shared) ? shared : join('vectors', 'corpus')]
const bundleDir = values.bundles ?? process.env['FVM_SPEC_BUNDLES']
const runs = CHILD ? 1 : Number(values.runs ?? 3)
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number ≥ 1')
const say = (line: string): void => void process.stdout.write(line + '\n')
const f2 = (x: number): string => x.toFixed(2)

/** One measured pass over the corpus in this process. */
interface Pass {
  readonly wallS: number
  readonly cpuS: number
  readonly setupS: number
  readonly executeS: number
  readonly gasUsed: bigint
  readonly fakedGas: bigint
  readonly gasPerSecond: number
  readonly counts: Record<'pass' | 'fail' | 'skip' | 'error', number>
  readonly profiler: Profiler
}

function measure(files: readonly string[], base: RunOptions): Pass {
  const profiler = new Profiler()
  const opts: RunOptions = { ...base, profiler }
  const counts = { pass: 0, fail: 0, skip: 0, error: 0 }
  let gasUsed = 0n
  const cpu0 = process.cpuUsage()
  const started = performance.now()
  for (const f of files) {
    const r = runVectorText(readFileSync(f, 'utf8'), f, opts)
    counts[r.status]++
    if (r.status === 'pass' || r.status === 'fail') for (const g of (r.gas_used ?? '').split(',')) if (g !== '') gasUsed += BigInt(g)
  }
  const wallS = (performance.now() - started) / 1000
  const c = process.cpuUsage(cpu0)
  const ms = (cat: string): number => profiler.stats.get(cat)?.ms ?? 0
  const executeMs = [...profiler.stats].filter(([cat]) => cat !== 'setup').reduce((s, [, v]) => s + v.ms, 0)
  const fakedGas = FAKED_PROOFS.reduce((s, cat) => s + (profiler.stats.get(cat)?.milligas ?? 0n), 0n) / 1000n
  return {
    wallS,
    cpuS: (c.user + c.system) / 1e6,
    setupS: ms('setup') / 1000,
    executeS: executeMs / 1000,
    gasUsed,
    fakedGas,
    gasPerSecond: Number(gasUsed - fakedGas) / (executeMs / 1000),
    counts,
    profiler,
  }
}

/** The categories the issue asks about, from the profiler's finer ones. */
function group(cat: string): string {
  if (cat === 'wasm' || cat === 'instantiate') return 'actor WebAssembly (incl. instantiation)'
  if (cat === 'crypto.verify_signature' || cat === 'crypto.recover_secp_public_key') return 'signature checks'
  if (cat === 'crypto.hash' || cat.startsWith('rand.') || cat === 'crypto.compute_unsealed_sector_cid') return 'hashing (hash, randomness, CommD)'
  if (cat.startsWith('ipld.') || cat.startsWith('self.') || cat.startsWith('actor.')) return 'state access (ipld, self, actor syscalls)'
  if (cat === 'flush') return 'state-tree flush'
  if (cat.startsWith('crypto.')) return 'faked proof checks (decoding and charging)'
  return 'call manager, kernel and other syscalls'
}

function pct(gasPerSecond: number): string {
  return `${((gasPerSecond / GAS_PER_SECOND_MODEL) * 100).toFixed(1)}%`
}

/** The execution benchmark in this process: a warm-up pass, then `runs` measured passes. */
function executionBench(): void {
  let opts: RunOptions = {}
  if (bundleDir !== undefined && bundleDir !== '') {
    const t = performance.now()
    const b = loadBundles(bundleDir)
    say(`bundles: ${b.files.join(', ')} (${b.blocks.size} blocks, ${((performance.now() - t) / 1000).toFixed(2)} s to load and verify)`)
    opts = { bundleBlocks: b.blocks, invoker: createInvoker({ engine: new Engine() }) }
  }
  const files = findVectorFiles(paths)
  const warmStart = performance.now()
  for (const f of files) runVectorText(readFileSync(f, 'utf8'), f, opts)
  say(`warm-up (compiling actor code): ${((performance.now() - warmStart) / 1000).toFixed(2)} s`)
  const passes: Pass[] = []
  for (let i = 0; i < runs; i++) {
    const p = measure(files, opts)
    passes.push(p)
    if (runs > 1) say(`  pass ${i + 1}: ${p.gasPerSecond.toExponential(3)} gas/s (${pct(p.gasPerSecond)}), execution ${f2(p.executeS)} s, ${f2(p.wallS)} s wall, ${f2(p.cpuS)} s cpu; load ${load()}`)
  }
  // The pass with the median gas/s stands for all of them.
  const sorted = [...passes].sort((a, b) => a.gasPerSecond - b.gasPerSecond)
  const p = sorted[Math.floor((sorted.length - 1) / 2)] as Pass
  const gps = median(passes.map((x) => x.gasPerSecond))
  say(`${files.length} vectors: ${p.counts.pass} passed, ${p.counts.fail} failed, ${p.counts.skip} skipped, ${p.counts.error} errors; ${f2(p.wallS)} s wall`)
  say(`vectors/s: ${(files.length / median(passes.map((x) => x.wallS))).toFixed(1)}`)
  say(`setup: ${f2(p.setupS)} s; execution: ${f2(p.executeS)} s`)
  say(`cpu: ${f2(p.cpuS)} s for a ${f2(p.wallS)} s pass (process, all threads)`)
  say(`gas executed: ${p.gasUsed} (of which ${p.fakedGas} charged for faked proofs, excluded below)`)
  say(`gas/s of execution: ${gps.toExponential(3)} = ${pct(gps)} of the 10 gas/ns model${runs > 1 ? ` (median of ${runs} passes)` : ''}`)
  const stats = [...p.profiler.stats].sort((a, b) => b[1].ms - a[1].ms)
  const executeMs = p.executeS * 1000
  const groups = new Map<string, number>()
  for (const [cat, st] of stats) if (cat !== 'setup') groups.set(group(cat), (groups.get(group(cat)) ?? 0) + st.ms)
  say('execution time by kind:')
  for (const [g, t] of [...groups].sort((a, b) => b[1] - a[1])) say(`  ${g.padEnd(44)} ${t.toFixed(0).padStart(8)} ms ${((t / executeMs) * 100).toFixed(1).padStart(5)}%`)
  say('where the time goes (exclusive ms, calls):')
  for (const [cat, s] of stats.slice(0, 25)) say(`  ${cat.padEnd(36)} ${s.ms.toFixed(0).padStart(8)} ms ${String(s.calls).padStart(9)}`)
}

/** The figures of one execution benchmark, read back from its output (older trees print the same lines). */
interface ExecutionFigures {
  readonly gasPerSecond: number
  readonly vectorsPerSecond: number
  readonly executeS: number
  readonly counts: string
  /** Milliseconds per kind of execution time, and per profiler category ('instantiate', 'wasm', each syscall). */
  readonly ms: ReadonlyMap<string, number>
}

function parseExecution(out: string): ExecutionFigures | string {
  const gas = /^gas\/s of execution: ([0-9.e+]+)/m.exec(out)?.[1]
  const vps = /^vectors\/s: ([0-9.]+)/m.exec(out)?.[1]
  const exec = /^setup: [0-9.]+ s; execution: ([0-9.]+) s/m.exec(out)?.[1]
  const counts = /^\d+ vectors: (\d+ passed, \d+ failed, \d+ skipped)/m.exec(out)?.[1]
  if (gas === undefined || vps === undefined || exec === undefined || counts === undefined) return `unreadable bench output: ${out.slice(-400)}`
  const ms = new Map<string, number>()
  for (const m of out.matchAll(/^ {2}(\S.*?) +(\d+) ms +(?:[\d.]+%|\d+)$/gm)) ms.set((m[1] as string).trim(), Number(m[2]))
  return { gasPerSecond: Number(gas), vectorsPerSecond: Number(vps), executeS: Number(exec), counts, ms }
}

/** The tree at `ref`, extracted once to a temporary folder that uses this tree's node_modules. */
function materialise(ref: string): { root: string; label: string } {
  const sha = execFileSync('git', ['-C', ROOT, 'rev-parse', '--verify', `${ref}^{commit}`], { encoding: 'utf8' }).trim()
  const root = join(tmpdir(), `fvm-spec-bench-${sha.slice(0, 12)}`)
  if (!existsSync(join(root, 'package.json'))) {
    rmSync(root, { recursive: true, force: true })
    mkdirSync(root, { recursive: true })
    const archive = spawnSync('git', ['-C', ROOT, 'archive', '--format=tar', sha], { maxBuffer: 1024 * 1024 * 1024 })
    if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr.toString()}`)
    const tar = spawnSync('tar', ['-x', '-C', root], { input: archive.stdout })
    if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr.toString()}`)
  }
  if (!existsSync(join(root, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'))
  return { root, label: `${ref} (${sha.slice(0, 10)})` }
}

function compare(ref: string): void {
  const old = materialise(ref)
  const trees = [old, { root: ROOT, label: 'working tree' }]
  const absPaths = paths.map((p) => resolve(p))
  const bundles = bundleDir === undefined || bundleDir === '' ? undefined : resolve(bundleDir)
  const vector = coldVector(absPaths)
  say(`machine: ${machine()}; load ${load()}`)
  say(`comparing ${trees.map((t) => t.label).join(' and ')}: ${runs} rounds, the trees alternating (fresh processes)`)
  const exec = trees.map((): ExecutionFigures[] => [])
  const cold = trees.map((): ColdStart[] => [])
  const corpus = trees.map((): CorpusRun[] => [])
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0]
    for (const i of order) {
      const t = trees[i] as (typeof trees)[number]
      const args = ['--stack-size=8000', '--import', 'tsx', join(t.root, 'scripts', 'bench.ts'), ...(bundles === undefined ? [] : ['--bundles', bundles]), ...absPaths]
      const child = spawnSync(process.execPath, args, { cwd: t.root, env: { ...process.env, FVM_SPEC_BENCH_CHILD: '1' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      const figures = parseExecution(child.stdout ?? '')
      if (typeof figures === 'string') throw new Error(`${t.label}: ${figures}\n${child.stderr}`)
      exec[i]?.push(figures)
      say(`  round ${r + 1}, ${t.label}: ${figures.gasPerSecond.toExponential(3)} gas/s (${pct(figures.gasPerSecond)}), ${figures.vectorsPerSecond} vectors/s; ${figures.counts}; load ${load()}`)
    }
    if (values['no-system'] === true) continue
    for (const i of order) {
      const t = trees[i] as (typeof trees)[number]
      if (vector !== undefined && bundles !== undefined) cold[i]?.push(coldStart(t.root, vector, bundles, 1))
      const c = corpusRun(t.root, absPaths, bundles, 2)
      corpus[i]?.push(c)
      say(`  round ${r + 1}, ${t.label}: run --jobs 2 ${f2(c.wallS)} s wall, cpu ${c.cpuS === null ? 'n/a' : f2(c.cpuS)} s, peak RSS ${c.maxRssMb === null ? 'n/a' : c.maxRssMb.toFixed(0)} MiB; ${c.counts}; load ${load()}`)
    }
  }
  const row = (name: string, get: (i: number) => number, digits: (x: number) => string, higherIsBetter: boolean): string => {
    const [a, b] = [get(0), get(1)]
    const ratio = higherIsBetter ? b / a : a / b
    return `| ${name} | ${digits(a)} | ${digits(b)} | ${ratio.toFixed(2)}× |`
  }
  const med = <T>(xs: readonly T[] | undefined, f: (x: T) => number | null): number => median((xs ?? []).map(f).filter((x): x is number => x !== null))
  say('')
  say(`medians of ${runs} rounds; load ${load()}; ${machine()}`)
  say(`| figure | ${trees[0]?.label} | ${trees[1]?.label} | better by |`)
  say('|---|---|---|---|')
  say(row('gas/s of execution (× 10 gas/ns)', (i) => med(exec[i], (x) => x.gasPerSecond) / GAS_PER_SECOND_MODEL, f2, true))
  say(row('vectors/s (in process)', (i) => med(exec[i], (x) => x.vectorsPerSecond), (x) => x.toFixed(1), true))
  if (values['no-system'] !== true && bundles !== undefined && vector !== undefined) {
    say(row('cold start, exec with module cache (s)', (i) => med(cold[i], (x) => median(x.warmS)), f2, false))
    say(row('first-ever exec, empty cache (s)', (i) => med(cold[i], (x) => x.firstS), f2, false))
  }
  if (values['no-system'] !== true) {
    say(row('corpus run --jobs 2, wall (s)', (i) => med(corpus[i], (x) => x.wallS), f2, false))
    say(row('corpus run --jobs 2, cpu (s)', (i) => med(corpus[i], (x) => x.cpuS), f2, false))
    say(row('corpus run --jobs 2, peak RSS (MiB)', (i) => med(corpus[i], (x) => x.maxRssMb), (x) => x.toFixed(0), false))
  }
  // Time per kind and per profiler category: a lever shows in its own line even when the load
  // blurs the totals.
  const kinds = [...new Set(exec.flatMap((xs) => xs.flatMap((x) => [...x.ms.keys()])))]
  const byKind = kinds.map((k) => [k, trees.map((_, i) => med(exec[i], (x) => x.ms.get(k) ?? null))] as const).filter(([, [a, b]]) => Math.max(a ?? 0, b ?? 0) >= 20)
  if (byKind.length > 0) {
    say('')
    say(`| execution time (ms, median) | ${trees[0]?.label} | ${trees[1]?.label} |`)
    say('|---|---|---|')
    for (const [k, [a, b]] of byKind) say(`| ${k} | ${Number.isNaN(a) ? '–' : (a as number).toFixed(0)} | ${Number.isNaN(b) ? '–' : (b as number).toFixed(0)} |`)
  }
  say(`results: ${trees.map((t, i) => `${t.label} ${[...new Set([...(exec[i] ?? []).map((x) => x.counts), ...(corpus[i] ?? []).map((x) => x.counts)])].join(' / ')}`).join('; ')}`)
}

/** The vector of the cold-start figure: --cold-vector, else the corpus's vector of median size. */
function coldVector(absPaths: string[]): string | undefined {
  const named = values['cold-vector']
  const v = named !== undefined ? resolve(named) : typicalVector(findVectorFiles(absPaths))
  if (v !== undefined) say(`  cold-start vector: ${v}`)
  return v
}

function systemBench(): void {
  const absPaths = paths.map((p) => resolve(p))
  const bundles = bundleDir === undefined || bundleDir === '' ? undefined : resolve(bundleDir)
  say(`fresh processes of bin/fvm-spec.mjs (${runs} runs each):`)
  const vector = coldVector(absPaths)
  if (vector !== undefined && bundles !== undefined) say(`  ${formatColdStart(coldStart(ROOT, vector, bundles, runs))}; load ${load()}`)
  for (const jobs of [1, 2]) {
    const rs: CorpusRun[] = []
    for (let i = 0; i < runs; i++) rs.push(corpusRun(ROOT, absPaths, bundles, jobs))
    say(`  ${formatCorpusRuns(jobs, rs)}; load ${load()}`)
  }
}

if (values.compare !== undefined) {
  compare(values.compare)
} else {
  if (!CHILD) say(`machine: ${machine()}; load ${load()}`)
  executionBench()
  if (!CHILD && values['no-system'] !== true) systemBench()
  if (!CHILD) say(`load at the end: ${load()}`)
}
