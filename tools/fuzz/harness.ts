/**
 * The fuzz harness: hostile inputs of three classes (vector, actor, syscall), each run through
 * the real command (`fvm-spec run --json` with a timeout, a memory budget and a size limit, its
 * vectors in worker threads), and checked for host failures — anything but one proper result
 * line per input:
 *
 * - the command exits with a status other than 0 or 1 (1 means some vector failed or was an
 *   error: a reported vector result), or writes anything on stderr (a stack trace);
 * - an input has no result line, or its line is out of place;
 * - an input ran into the timeout or the memory budget, or its worker thread died;
 * - a reason holds a stack trace or a JavaScript exception of the host (TypeError, RangeError, …,
 *   "Maximum call stack size exceeded"): the interpreter failed, instead of the vector;
 * - an `error` whose reason does not start with the vector's file (`runner.error-messages`).
 *
 * Inputs are deterministic per (seed, class, index). A failing input is written to the
 * reproducer folder with a line in `failures.jsonl` saying what was wrong and how to run it.
 *
 * @rule runner.fuzz
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { main } from '../cli/main.js'
import { PACKAGE_ROOT } from '../cli/paths.js'
import { actorInput } from './actor-class.js'
import { Rng } from './rng.js'
import { syscallInput } from './syscall-class.js'
import { vectorInput, type FuzzInput } from './vector-class.js'

export const FUZZ_CLASSES = ['vector', 'actor', 'syscall'] as const
export type FuzzClass = (typeof FUZZ_CLASSES)[number]

const GENERATORS: Readonly<Record<FuzzClass, (rng: Rng, opts: { known: boolean }) => FuzzInput>> = { vector: vectorInput, actor: actorInput, syscall: syscallInput }

export interface FuzzOptions {
  readonly seed: number
  /** Inputs per class. */
  readonly count: number
  readonly classes: readonly FuzzClass[]
  /** Worker threads of the command. */
  readonly jobs: number
  /** Per input, seconds (the command's --timeout). */
  readonly timeoutS: number
  /** Per input, MiB (the command's --max-memory). */
  readonly memoryMb: number
  /** The command's --max-vector-bytes: small, so that gzip bombs are cheap to catch. */
  readonly maxVectorBytes: number
  /** Inputs per run of the command. */
  readonly batch: number
  /** Where failing inputs are written. */
  readonly out: string
  /** Also generate the inputs of known findings (actor-class.ts knownFindings). */
  readonly known?: boolean
  /** Progress lines. */
  readonly log?: (line: string) => void
}

export const DEFAULT_FUZZ: Omit<FuzzOptions, 'seed' | 'count' | 'classes'> = {
  jobs: 2,
  timeoutS: 30,
  memoryMb: 3072,
  maxVectorBytes: 16 * 1024 * 1024,
  batch: 250,
  out: join(PACKAGE_ROOT, '.scratch', 'fuzz-failures'),
}

export interface FuzzFailure {
  readonly class: FuzzClass
  readonly index: number
  readonly problem: string
  readonly note: string
  /** The input, written to the reproducer folder (undefined for a failure of a whole run). */
  readonly file: string | undefined
  readonly reproduce: string
}

export interface ClassReport {
  readonly inputs: number
  /** Results by status (pass, fail, skip, error). */
  readonly statuses: Record<string, number>
  readonly seconds: number
}

export interface FuzzReport {
  readonly classes: Partial<Record<FuzzClass, ClassReport>>
  readonly failures: readonly FuzzFailure[]
  readonly seconds: number
}

/** JavaScript exceptions of the host: a reason holding one is the interpreter failing, not the vector. */
const HOST_EXCEPTION = /\b(TypeError|ReferenceError|SyntaxError|RangeError|EvalError|URIError|AggregateError|InternalError)\b|Maximum call stack size exceeded|Cannot read propert|is not a function|is not iterable/

/** What is wrong with one result line, if anything. */
export function hostProblem(file: string, line: Record<string, unknown> | undefined): string | undefined {
  if (line === undefined) return 'no result line'
  if (line['file'] !== file && line['file'] !== relative(process.cwd(), file)) return `result line out of place (for ${String(line['file'])})`
  const status = line['status']
  const reason = typeof line['reason'] === 'string' ? line['reason'] : ''
  if (!['pass', 'fail', 'skip', 'error'].includes(String(status))) return `unknown status ${String(status)}`
  if (/\n\s+at /.test(reason)) return `stack trace in the reason: ${reason.slice(0, 300)}`
  if (/timeout after/.test(reason)) return `timeout: ${reason}`
  if (/memory budget/.test(reason)) return `memory blow-up: ${reason}`
  if (/the worker thread (died|exited)|a worker could not start/.test(reason)) return `worker died: ${reason}`
  if (HOST_EXCEPTION.test(reason)) return `host exception: ${reason.slice(0, 400)}`
  // invocation.host-stack: the command runs on a 256 MiB stack, where no input may reach it.
  if (/host resource failure/.test(reason)) return `host stack: ${reason.slice(0, 400)}`
  if (status === 'error' && !reason.startsWith(`${file}: `) && !reason.startsWith(`${relative(process.cwd(), file)}: `)) return `error reason does not start with the file: ${reason.slice(0, 300)}`
  return undefined
}

function inputName(cls: FuzzClass, seed: number, index: number): string {
  return `${cls}-s${seed}-${String(index).padStart(6, '0')}.json`
}

/** Runs the fuzzer; the report has counts per class and every failure found. */
export async function fuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now()
  const work = mkdtempSync(join(tmpdir(), 'fvm-spec-fuzz-'))
  const failures: FuzzFailure[] = []
  const classes: Partial<Record<FuzzClass, ClassReport>> = {}
  const limits = ['--timeout', String(opts.timeoutS), '--max-memory', String(opts.memoryMb), '--max-vector-bytes', String(opts.maxVectorBytes)]
  const reproduce = (file: string) => `node ${relative(process.cwd(), join(PACKAGE_ROOT, 'bin', 'fvm-spec.mjs'))} run ${limits.join(' ')} ${file}`
  const fail = (f: Omit<FuzzFailure, 'reproduce'>, text: string | Uint8Array | undefined) => {
    mkdirSync(opts.out, { recursive: true })
    let file: string | undefined
    if (text !== undefined && f.file !== undefined) {
      file = join(opts.out, f.file)
      writeFileSync(file, text)
    }
    const failure: FuzzFailure = { ...f, file, reproduce: file === undefined ? '' : reproduce(file) }
    failures.push(failure)
    appendFileSync(join(opts.out, 'failures.jsonl'), JSON.stringify(failure) + '\n')
    opts.log?.(`FAILURE ${f.class} #${f.index}: ${f.problem}\n  input: ${f.note}${file === undefined ? '' : `\n  reproduce: ${failure.reproduce}`}`)
  }
  try {
    for (const cls of opts.classes) {
      const classStarted = performance.now()
      const statuses: Record<string, number> = {}
      for (let first = 0; first < opts.count; first += opts.batch) {
        const indices = Array.from({ length: Math.min(opts.batch, opts.count - first) }, (_, k) => first + k)
        const inputs = indices.map((i) => ({ index: i, name: inputName(cls, opts.seed, i), input: GENERATORS[cls](Rng.of(opts.seed, cls, i), { known: opts.known === true }) }))
        for (const x of inputs) writeFileSync(join(work, x.name), x.input.text)
        const files = inputs.map((x) => join(work, x.name))
        const out: string[] = []
        const err: string[] = []
        const code = await main(['run', '--json', '--jobs', String(opts.jobs), ...limits, ...files], (l) => out.push(l), (l) => err.push(l))
        const lines = out.map((l) => JSON.parse(l) as Record<string, unknown>)
        lines.pop() // the summary
        if ((code !== 0 && code !== 1) || err.length > 0) {
          fail({ class: cls, index: first, problem: `the run of inputs ${first}–${first + files.length - 1} exited ${code}${err.length > 0 ? ` with stderr: ${err.join('\n').slice(0, 1000)}` : ''}`, note: 'a whole run', file: undefined }, undefined)
        }
        for (const [k, x] of inputs.entries()) {
          const line = lines[k]
          const status = String(line?.['status'] ?? 'missing')
          statuses[status] = (statuses[status] ?? 0) + 1
          const problem = hostProblem(files[k] as string, line)
          if (problem !== undefined) fail({ class: cls, index: x.index, problem, note: x.input.note, file: x.name }, x.input.text)
        }
        for (const f of files) rmSync(f, { force: true })
        opts.log?.(`${cls}: ${first + files.length}/${opts.count} inputs, ${failures.filter((f) => f.class === cls).length} failures (${((performance.now() - classStarted) / 1000).toFixed(1)} s)`)
      }
      classes[cls] = { inputs: opts.count, statuses, seconds: Math.round(performance.now() - classStarted) / 1000 }
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  return { classes, failures, seconds: Math.round(performance.now() - started) / 1000 }
}

/** The report as lines: per class the inputs and results by status, then the failures. */
export function formatFuzzReport(r: FuzzReport): string[] {
  const lines: string[] = []
  for (const [cls, c] of Object.entries(r.classes)) {
    const by = Object.entries(c.statuses).sort().map(([s, n]) => `${n} ${s}`).join(', ')
    const failed = r.failures.filter((f) => f.class === cls).length
    lines.push(`${cls.padEnd(8)} ${c.inputs} inputs in ${c.seconds.toFixed(1)} s: ${by}; ${failed} host failure(s)`)
  }
  lines.push(`${r.failures.length} host failure(s) in ${r.seconds.toFixed(1)} s`)
  return lines
}
