/**
 * The `fvm-spec` command line. A thin shell over the interpreter: it reads files, prints
 * results and sets the exit status; everything it reports is computed by the pure core.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { findVectorFiles } from '../../vectors/discover.js'
import { runVectorText, type RunOptions, type VectorResult } from '../../vectors/run-vector.js'
import { traceEventToJson as traceJson } from '../trace/trace.js'
import { callTree, formatCallTree } from '../trace/call-tree.js'
import { parseFault, type Faults } from '../machine/faults.js'
import { engineOptions as sharedEngineOptions, runOptions } from './run-options.js'
import { runFile } from './run-file.js'
import { LARGE_STACK_MB } from '../invocation/large-stack.js'
import type { EngineOptions } from '../invocation/engine.js'
import { execVectorText, formatExecResult } from '../../vectors/exec.js'
import { commandAdapter, diffFiles, DEFAULT_TIMEOUT_MS, formatReport, inProcessAdapter, reportToJson, splitCommand, type DiffReport, type Difference } from '../../vectors/diff.js'
import { generatorRegistry, loadGeneratorModule, recipeOf } from '../../vectors/shrink.js'
import { shrinkDisagreement } from '../../vectors/shrink-diff.js'
import { writeGenerated } from '../../vectors/gen/generate.js'
import { coverageOfFiles, formatCoverage } from '../../vectors/coverage.js'
import { codeCoverageReport, exercisedRules, formatCodeCoverage, measureCodeCoverage, parseSources } from '../../vectors/code-coverage.js'

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const DEFAULT_CORPUS = join(PACKAGE_ROOT, 'vectors', 'corpus')

const USAGE = `usage: fvm-spec <command> [options]

commands:
  run [PATH...]   run test vectors (files, or folders searched recursively for *.json);
                  default: the corpus under vectors/corpus (embedded and generated)
      --bundles DIR   folder of built-in actor bundle CARs (or $FVM_SPEC_BUNDLES)
      --json          one JSON object per vector per line, then a summary line
      --trace DIR     write each vector's execution trace to DIR/<id>.jsonl (canonical JSON lines)
      --inject-fault F  run with one rule broken on purpose, to test a test (see spec/machine.md)
      --jobs N        run N vectors at once in worker threads (output order unchanged)
  trace VECTOR    run one vector and print its call tree with the gas each call spent
      --bundles DIR   as for run
  exec VECTOR     print fvm-spec's own result for one vector as one JSON object (the adapter
                  contract, docs/adapter-contract.md); exit 0 whenever it printed one
      --bundles DIR   as for run
      --inject-fault F  as for run
  diff --against "COMMAND" [PATH...]
                  run each vector through COMMAND (split into words without a shell, the vector's
                  path appended; the word fvm-spec means this checkout) and through fvm-spec, and
                  report the first difference; exit 0 only when nothing differs
      --bundles DIR   fvm-spec's side only (put --bundles in COMMAND for the other side)
      --json          one JSON object per vector per line, then a summary line
      --timeout S     seconds per vector before the child is killed (default 120)
      --jobs N        vectors run at once (default 1)
      --shrink DIR    shrink each differing vector that carries a recipe (_meta.recipe); write
                      the smallest to DIR and print a command that reproduces it
      --generator M   a module exporting more recipe generators (repeatable)
  gen --seed N --count K --out DIR [--nv 17|18]
                  generate K vectors per network version (nv17 and nv18, or one) from seed N
                  with the test bundle; their expected results are what fvm-spec computes
  coverage [PATH...]
                  run vectors with tracing and print which spec rules they exercise (syscalls,
                  exit codes, gas rules, overall from traces; then overall from the code that
                  ran, under V8 coverage); default: the corpus under vectors/corpus
      --bundles DIR   as for run
  help            this text
`

type Out = (line: string) => void

export async function main(argv: readonly string[], out: Out = (l) => process.stdout.write(l + '\n'), err: Out = (l) => process.stderr.write(l + '\n')): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'run':
      return runCommand(rest, out, err)
    case 'trace':
      return traceCommand(rest, out, err)
    case 'exec':
      return execCommand(rest, out, err)
    case 'diff':
      return diffCommand(rest, out, err)
    case 'gen':
      return genCommand(rest, out, err)
    case 'coverage':
      return await coverageCommand(rest, out, err)
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(USAGE)
      return command === undefined ? 2 : 0
    default:
      err(`fvm-spec: unknown command '${command}'\n${USAGE}`)
      return 2
  }
}

async function runCommand(argv: readonly string[], out: Out, err: Out): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { bundles: { type: 'string' }, json: { type: 'boolean', default: false }, trace: { type: 'string' }, 'inject-fault': { type: 'string' }, jobs: { type: 'string' } },
    })
  } catch (e) {
    err(`fvm-spec run: ${(e as Error).message}`)
    return 2
  }
  const { values, positionals } = parsed
  const traceDir = values.trace
  const jobs = values.jobs === undefined ? 1 : Number(values.jobs)
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) {
    err('fvm-spec run: --jobs takes a whole number from 1 to 64')
    return 2
  }
  const made = runOptions(values.bundles, values['inject-fault'], traceDir !== undefined)
  if ('problem' in made) {
    err(`fvm-spec run: ${made.problem}`)
    return 2
  }
  const runOpts: RunOptions = made
  if (traceDir !== undefined) mkdirSync(traceDir, { recursive: true })
  const paths = positionals.length > 0 ? positionals : [DEFAULT_CORPUS]
  for (const p of paths) {
    if (!existsSync(p)) {
      err(`fvm-spec run: no such file or folder: ${p}`)
      return 2
    }
  }
  const files = findVectorFiles(paths)
  const started = performance.now()
  const counts = { pass: 0, fail: 0, skip: 0, error: 0 }
  const report = (r: VectorResult): void => {
    counts[r.status]++
    if (traceDir !== undefined && r.traces !== undefined) writeTrace(traceDir, r)
    out(values.json === true ? jsonLine(r) : humanLine(r))
  }
  if (jobs === 1 || files.length < 2) {
    for (const file of files) report(runFile(file, runOpts))
  } else {
    await runInWorkers(files, Math.min(jobs, files.length), { bundles: values.bundles, fault: values['inject-fault'], trace: traceDir !== undefined }, report)
  }
  const seconds = Math.round(performance.now() - started) / 1000
  if (values.json === true) {
    out(JSON.stringify({ summary: { passed: counts.pass, failed: counts.fail, skipped: counts.skip, errors: counts.error, seconds } }))
  } else {
    if (counts.error > 0) out(`${counts.error} vector(s) could not be read (counted as failed)`)
    out(`${files.length} vectors in ${seconds.toFixed(2)} s`)
    out(`${counts.pass} passed, ${counts.fail + counts.error} failed, ${counts.skip} skipped`)
  }
  return counts.fail + counts.error > 0 ? 1 : 0
}

/** Engine options from --bundles / $FVM_SPEC_BUNDLES, reporting a problem on stderr. */
function engineOptions(flag: string | undefined, command: string, err: Out, engine: EngineOptions = {}): RunOptions | undefined {
  const o = sharedEngineOptions(flag, engine)
  if ('problem' in o) {
    err(`fvm-spec ${command}: ${o.problem}`)
    return undefined
  }
  return o
}

/**
 * `run --jobs N`: the files are dealt round-robin to N worker threads (each with its own engine
 * and a large stack); results are reported in file order, so the output does not depend on N.
 */
function runInWorkers(files: readonly string[], jobs: number, job: { bundles: string | undefined; fault: string | undefined; trace: boolean }, report: (r: VectorResult) => void): Promise<void> {
  const results: (VectorResult | undefined)[] = new Array<VectorResult | undefined>(files.length)
  let next = 0
  const flush = () => {
    while (next < files.length && results[next] !== undefined) report(results[next++] as VectorResult)
  }
  const workers = Array.from({ length: jobs }, (_, w) => {
    const mine = files.map((f, i) => [i, f] as const).filter(([i]) => i % jobs === w)
    return new Promise<void>((resolveWorker, rejectWorker) => {
      const worker = new Worker(new URL('./run-worker.mjs', import.meta.url), {
        workerData: { ...job, files: mine },
        resourceLimits: { stackSizeMb: LARGE_STACK_MB, maxOldGenerationSizeMb: 8192 },
      })
      worker.on('message', (m: { index: number; result: VectorResult }) => {
        results[m.index] = m.result
        flush()
      })
      worker.on('error', rejectWorker)
      worker.on('exit', () => resolveWorker())
    })
  })
  return Promise.all(workers).then(() => {
    // A worker that died leaves holes: those vectors are errors, not silently missing.
    for (let i = 0; i < files.length; i++) {
      if (results[i] === undefined) results[i] = { id: files[i] as string, file: files[i] as string, nv: null, status: 'error', reason: 'worker thread ended without a result', gas_used: null, expected_gas_used: null, ms: 0 }
    }
    flush()
  })
}

function traceCommand(argv: readonly string[], out: Out, err: Out): number {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { bundles: { type: 'string' } } })
  } catch (e) {
    err(`fvm-spec trace: ${(e as Error).message}`)
    return 2
  }
  const [file] = parsed.positionals
  if (file === undefined || parsed.positionals.length !== 1 || !existsSync(file)) {
    err('fvm-spec trace: give exactly one vector file')
    return 2
  }
  const base = engineOptions(parsed.values.bundles, 'trace', err)
  if (base === undefined) return 2
  const r = runVectorText(readFileSync(file, 'utf8'), file, { ...base, trace: true })
  out(humanLine(r))
  for (const [i, t] of (r.traces ?? []).entries()) {
    out(`message ${i}:`)
    for (const line of formatCallTree(callTree(t))) out('  ' + line)
  }
  return r.status === 'pass' || r.status === 'skip' ? 0 : 1
}

/** `fvm-spec exec`: one vector, one JSON object on stdout. @rule runner.exec-contract */
function execCommand(argv: readonly string[], out: Out, err: Out): number {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { bundles: { type: 'string' }, 'inject-fault': { type: 'string' } } })
  } catch (e) {
    err(`fvm-spec exec: ${(e as Error).message}`)
    return 2
  }
  const [file] = parsed.positionals
  if (file === undefined || parsed.positionals.length !== 1) {
    err('fvm-spec exec: give exactly one vector file')
    return 2
  }
  const base = engineOptions(parsed.values.bundles, 'exec', err)
  if (base === undefined) return 2
  let faults: Faults | undefined
  try {
    faults = parsed.values['inject-fault'] === undefined ? undefined : parseFault(parsed.values['inject-fault'])
  } catch (e) {
    err(`fvm-spec exec: --inject-fault: ${(e as Error).message}`)
    return 2
  }
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    err(`fvm-spec exec: cannot read ${file}: ${(e as Error).message}`)
    return 2
  }
  out(formatExecResult(execVectorText(text, file, { ...base, ...(faults === undefined ? {} : { faults }) })))
  return 0
}

/** `fvm-spec diff`: the differential harness. @rule runner.diff */
async function diffCommand(argv: readonly string[], out: Out, err: Out): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        against: { type: 'string' },
        bundles: { type: 'string' },
        json: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        jobs: { type: 'string' },
        shrink: { type: 'string' },
        generator: { type: 'string', multiple: true },
      },
    })
  } catch (e) {
    err(`fvm-spec diff: ${(e as Error).message}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.against === undefined) {
    err('fvm-spec diff: --against "COMMAND" is required (e.g. --against "fvm-spec exec")')
    return 2
  }
  let command: string[]
  try {
    command = splitCommand(values.against)
  } catch (e) {
    err(`fvm-spec diff: --against: ${(e as Error).message}`)
    return 2
  }
  if (command.length === 0) {
    err('fvm-spec diff: --against: empty command')
    return 2
  }
  const timeout = Number(values.timeout ?? DEFAULT_TIMEOUT_MS / 1000)
  const jobs = Number(values.jobs ?? 1)
  if (!(timeout > 0) || !Number.isInteger(jobs) || jobs < 1) {
    err('fvm-spec diff: --timeout needs seconds > 0 and --jobs a whole number ≥ 1')
    return 2
  }
  const base = engineOptions(values.bundles, 'diff', err)
  if (base === undefined) return 2
  let registry
  try {
    const extra = []
    for (const m of values.generator ?? []) extra.push(...(await loadGeneratorModule(m)))
    registry = generatorRegistry(extra)
  } catch (e) {
    err(`fvm-spec diff: --generator: ${(e as Error).message}`)
    return 2
  }
  const paths = positionals.length > 0 ? positionals : [DEFAULT_CORPUS]
  for (const p of paths) {
    if (!existsSync(p)) {
      err(`fvm-spec diff: no such file or folder: ${p}`)
      return 2
    }
  }
  const ours = inProcessAdapter(base)
  const theirs = commandAdapter(command, { timeoutMs: timeout * 1000 })
  const started = performance.now()
  const reports = await diffFiles(findVectorFiles(paths), ours, theirs, {
    jobs,
    onReport: (r) => out(values.json === true ? reportToJson({ ...r, file: displayPath(r.file) }) : formatReport({ ...r, file: displayPath(r.file) }, ours.label, 'other')),
  })
  const count = (s: DiffReport['status']) => reports.filter((r) => r.status === s).length
  const summary = { same: count('same'), differ: count('differs'), skipped: count('skip'), adapter_errors: count('adapter-error'), seconds: Math.round(performance.now() - started) / 1000 }
  if (values.json === true) out(JSON.stringify({ summary }))
  else out(`${reports.length} vectors against ${theirs.label}: ${summary.same} same, ${summary.differ} differ, ${summary.skipped} skipped, ${summary.adapter_errors} adapter errors (${summary.seconds.toFixed(2)} s)`)

  if (values.shrink !== undefined) {
    mkdirSync(values.shrink, { recursive: true })
    for (const r of reports.filter((x) => x.status === 'differs')) {
      const shrinkable = recipeOf(readFileSync(r.file, 'utf8'))
      const gen = shrinkable === undefined ? undefined : registry.get(shrinkable.generator)
      if (shrinkable === undefined || gen === undefined) {
        err(`${r.id}: not shrunk: ${shrinkable === undefined ? 'the vector carries no recipe (_meta.recipe)' : `unknown generator '${shrinkable.generator}'`}`)
        continue
      }
      try {
        const s = await shrinkDisagreement(gen, gen.decode(shrinkable.recipe), r.difference as Difference, ours, theirs, values.shrink)
        const line = { shrunk: r.id, file: s.file, size: s.size, where: s.difference?.where ?? null, tries: s.tries, reproduce: s.reproduce }
        if (values.json === true) out(JSON.stringify(line))
        else {
          out(`SHRUNK ${r.id} → ${s.file} (${Object.entries(s.size).map(([k, v]) => `${v} ${k}`).join(', ')}; ${s.tries} tried): ${s.difference?.where ?? 'no longer differs'}`)
          out(`  reproduce: ${s.reproduce}`)
        }
      } catch (e) {
        err(`${r.id}: shrinking failed: ${(e as Error).message}`)
      }
    }
  }
  return summary.differ + summary.adapter_errors > 0 ? 1 : 0
}

/** `fvm-spec gen`: generated vectors. @rule runner.generate */
function genCommand(argv: readonly string[], out: Out, err: Out): number {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], options: { seed: { type: 'string' }, count: { type: 'string' }, out: { type: 'string' }, nv: { type: 'string' } } })
  } catch (e) {
    err(`fvm-spec gen: ${(e as Error).message}`)
    return 2
  }
  const { seed, count, out: dir, nv } = parsed.values
  const n = Number(seed)
  const k = Number(count)
  if (seed === undefined || !Number.isSafeInteger(n) || count === undefined || !Number.isSafeInteger(k) || k < 1 || dir === undefined) {
    err('fvm-spec gen: give --seed N (an integer), --count K (≥ 1) and --out DIR')
    return 2
  }
  if (nv !== undefined && nv !== '17' && nv !== '18') {
    err('fvm-spec gen: --nv must be 17 or 18')
    return 2
  }
  const files = writeGenerated(dir, [{ seed: n, count: k, ...(nv === undefined ? {} : { nv: Number(nv) as 17 | 18 }) }])
  for (const f of files) out(displayPath(f))
  out(`wrote ${files.length} vectors to ${dir}`)
  return 0
}

/** `fvm-spec coverage`: rule coverage of a corpus. @rule runner.rule-coverage */
async function coverageCommand(argv: readonly string[], out: Out, err: Out): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { bundles: { type: 'string' } } })
  } catch (e) {
    err(`fvm-spec coverage: ${(e as Error).message}`)
    return 2
  }
  // No persistent module cache: the code coverage must see the instrumentation run.
  const base = engineOptions(parsed.values.bundles, 'coverage', err, { cache: false })
  if (base === undefined) return 2
  const paths = parsed.positionals.length > 0 ? parsed.positionals : [DEFAULT_CORPUS]
  for (const p of paths) {
    if (!existsSync(p)) {
      err(`fvm-spec coverage: no such file or folder: ${p}`)
      return 2
    }
  }
  const { value, coverage } = await measureCodeCoverage(PACKAGE_ROOT, () => coverageOfFiles(findVectorFiles(paths), base))
  const { report, problems } = value
  for (const p of problems) err(`not counted: ${p}`)
  for (const line of formatCoverage(report)) out(line)
  const exercised = exercisedRules(coverage, parseSources(PACKAGE_ROOT))
  for (const line of formatCodeCoverage(codeCoverageReport(report.defined, exercised))) out(line)
  return 0
}

function writeTrace(dir: string, r: VectorResult): void {
  const lines: string[] = []
  for (const [i, t] of (r.traces ?? []).entries()) {
    lines.push(JSON.stringify({ kind: 'message', index: i }))
    for (const e of t) lines.push(traceJson(e))
  }
  writeFileSync(join(dir, `${r.id.replace(/[^A-Za-z0-9._-]/g, '_')}.jsonl`), lines.join('\n') + '\n')
}


function displayPath(file: string): string {
  const rel = relative(process.cwd(), file)
  return rel.startsWith('..') && rel.split('/').length > 6 ? file : rel
}

function humanLine(r: VectorResult): string {
  const tag = r.status.toUpperCase().padEnd(5)
  const gas = r.gas_used === null ? '' : ` gas ${r.gas_used}`
  const why = r.reason === null ? '' : ` — ${r.reason}`
  return `${tag} ${r.id}${gas} (${r.ms} ms) ${displayPath(r.file)}${why}`
}

function jsonLine(r: VectorResult): string {
  const { traces: _traces, ...rest } = r
  return JSON.stringify({ ...rest, file: displayPath(r.file) })
}

