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
import { formatMessageTrace } from '../trace/call-tree.js'
import { parseFault, type Faults } from '../machine/faults.js'
import { engineOptions as sharedEngineOptions, runOptions } from './run-options.js'
import { runFile } from './run-file.js'
import { LARGE_STACK_MB } from '../invocation/large-stack.js'
import { execVectorText, formatExecResult } from '../../vectors/exec.js'
import { commandAdapter, diffFiles, DEFAULT_TIMEOUT_MS, formatReport, inProcessAdapter, oneSidedSkips, reportToJson, splitCommand, type DiffReport } from '../../vectors/diff.js'
import { generatorRegistry, loadGeneratorModule, type ShrinkOptions, type ShrinkProgress } from '../../vectors/shrink.js'
import { shrinkDiffering } from '../../vectors/shrink-diff.js'
import { writeGenerated } from '../../vectors/gen/generate.js'
import { coverageOfFiles, formatCoverage } from '../../vectors/coverage.js'
import { whatifCommand, WHATIF_USAGE } from '../../tools/whatif/command.js'
import { reportCommand, REPORT_USAGE } from '../../tools/report/command.js'
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
  trace VECTOR    run one vector and print its call tree with the gas each call spent, the
                  totals per charge name and their sum against the receipt's gas_used
      --bundles DIR   as for run
      --all           every charge of each call and every charge name (default: the largest)
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
      --allow-skips   accept vectors one side skipped and the other ran (default: exit 1, as
                      they were not compared)
      --shrink DIR    shrink each differing vector that carries a recipe (_meta.recipe); write
                      the smallest to DIR and print a command that reproduces it; --jobs
                      candidates at once, progress on stderr
      --max-candidates N  candidates tried per vector at most (default 300)
      --time-limit S  start no candidate after S seconds per vector
      --generator M   a module exporting more recipe generators (repeatable)
  gen --seed N --count K --out DIR [--nv 17|18]
                  generate K vectors per network version (nv17 and nv18, or one) from seed N
                  with the test bundle; their expected results are what fvm-spec computes
  coverage [PATH...]
                  run vectors with tracing and print which spec rules they exercise (syscalls,
                  exit codes, gas rules, overall from traces; then overall from the code that
                  ran, under V8 coverage); default: the corpus under vectors/corpus
      --bundles DIR   as for run
${WHATIF_USAGE}${REPORT_USAGE}  help            this text
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
    case 'whatif':
      return whatifCommand(rest, out, err)
    case 'report':
      return reportCommand(rest, out, err)
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
function engineOptions(flag: string | undefined, command: string, err: Out): RunOptions | undefined {
  const o = sharedEngineOptions(flag)
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
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { bundles: { type: 'string' }, all: { type: 'boolean', default: false } } })
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
  const gasUsed = r.gas_used?.split(',') ?? []
  for (const [i, t] of (r.traces ?? []).entries()) {
    out(`message ${i}:`)
    const used = gasUsed[i]
    for (const line of formatMessageTrace(t, used === undefined ? undefined : BigInt(used), { all: parsed.values.all })) out('  ' + line)
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
        'allow-skips': { type: 'boolean', default: false },
        'max-candidates': { type: 'string' },
        'time-limit': { type: 'string' },
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
  const maxCandidates = Number(values['max-candidates'] ?? 300)
  const timeLimit = values['time-limit'] === undefined ? undefined : Number(values['time-limit'])
  if (!(timeout > 0) || !Number.isInteger(jobs) || jobs < 1 || !Number.isInteger(maxCandidates) || maxCandidates < 1 || (timeLimit !== undefined && !(timeLimit > 0))) {
    err('fvm-spec diff: --timeout and --time-limit need seconds > 0, --jobs and --max-candidates a whole number ≥ 1')
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
  const skippedBy = (side: DiffReport['skippedBy']) => reports.filter((r) => r.skippedBy === side).length
  const summary = { same: count('same'), differ: count('differs'), skipped: count('skip'), skipped_by_other_only: skippedBy('theirs'), skipped_by_fvm_spec_only: skippedBy('ours'), adapter_errors: count('adapter-error'), seconds: Math.round(performance.now() - started) / 1000 }
  if (values.json === true) out(JSON.stringify({ summary }))
  else out(`${reports.length} vectors against ${theirs.label}: ${summary.same} same, ${summary.differ} differ, ${summary.skipped} skipped${summary.skipped_by_other_only + summary.skipped_by_fvm_spec_only > 0 ? ` (${summary.skipped_by_other_only} by the other side only, ${summary.skipped_by_fvm_spec_only} by fvm-spec only)` : ''}, ${summary.adapter_errors} adapter errors (${summary.seconds.toFixed(2)} s)`)

  // @rule runner.diff-skips
  const skips = oneSidedSkips(reports, ours.label, theirs.label)
  if (skips !== undefined) err(`fvm-spec diff: ${values['allow-skips'] === true ? 'warning' : 'ERROR'}: ${skips}${values['allow-skips'] === true ? '' : '. Give the other side what it needs (e.g. --bundles inside --against), or pass --allow-skips to accept this.'}`)

  if (values.shrink !== undefined) {
    mkdirSync(values.shrink, { recursive: true })
    const shrinkOptions = (id: string): ShrinkOptions => ({ jobs, maxTries: maxCandidates, ...(timeLimit === undefined ? {} : { timeLimitMs: timeLimit * 1000 }), onProgress: shrinkProgress(id, err) })
    await shrinkDiffering(reports, registry, ours, theirs, values.shrink, shrinkOptions, (l) => {
      if (l.kind === 'not-shrunk') return err(`${l.id}: not shrunk: ${l.reason}`)
      const s = l.result
      const bound = s.stopped === 'minimal' ? '' : `, stopped at the ${s.stopped === 'max-tries' ? '--max-candidates' : '--time-limit'} bound`
      if (values.json === true) out(JSON.stringify({ shrunk: l.id, file: s.file, size: s.size, where: s.difference?.where ?? null, tries: s.tries, stopped: s.stopped, reproduce: s.reproduce }))
      else {
        out(`SHRUNK ${l.id} → ${s.file} (${Object.entries(s.size).map(([k, v]) => `${v} ${k}`).join(', ')}; ${s.tries} tried${bound}): ${s.difference?.where ?? 'no longer differs'}`)
        out(`  reproduce: ${s.reproduce}`)
      }
    })
  }
  return summary.differ + summary.adapter_errors > 0 || (skips !== undefined && values['allow-skips'] !== true) ? 1 : 0
}

/** Shrinking progress on stderr, at most once a second (and the last candidate of a step). */
function shrinkProgress(id: string, err: Out): (p: ShrinkProgress) => void {
  let last = -Infinity
  return (p) => {
    if (p.elapsedMs - last < 1000 && p.running > 0) return
    last = p.elapsedMs
    err(`shrinking ${id}: ${p.tries} tried, ${p.steps} taken, now ${Object.entries(p.size).map(([k, v]) => `${v} ${k}`).join(', ')} (${(p.elapsedMs / 1000).toFixed(1)} s${p.running > 0 ? `, ${p.running} running` : ''})`)
  }
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
  const base = engineOptions(parsed.values.bundles, 'coverage', err)
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

