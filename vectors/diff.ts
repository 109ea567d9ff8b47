/**
 * The differential harness behind `fvm-spec diff`: run each vector through two VMs, both speaking
 * the adapter contract (docs/adapter-contract.md), and report the first field on which they
 * disagree. One side is normally fvm-spec in-process; the other a command run once per vector
 * with the vector's path appended. A child that cannot start, crashes, times out or prints
 * something that is not a contract result is that vector's `adapter-error`; the harness goes on.
 *
 * @rule runner.diff
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execVectorText, isUnsupported, parseExecResult, type ExecResult } from './exec.js'
import type { RunOptions } from './run-vector.js'

/** A VM behind the adapter contract. */
export interface Adapter {
  /** How reports name this side, e.g. "fvm-spec" or the command line. */
  readonly label: string
  /**
   * The command line that runs this adapter from a shell (its arguments before the vector's
   * path), when there is one: printed in reproduction commands. An in-process adapter gives the
   * `fvm-spec exec …` invocation that computes the same thing.
   */
  readonly command: readonly string[]
  run(file: string): Promise<AdapterRun>
}

export type AdapterRun = { readonly ok: true; readonly result: ExecResult; readonly ms: number } | { readonly ok: false; readonly problem: string; readonly ms: number }

/** fvm-spec itself, in this process: `fvm-spec exec` without the process. */
export function inProcessAdapter(opts: RunOptions = {}, command: readonly string[] = ['fvm-spec', 'exec'], label = 'fvm-spec'): Adapter {
  return {
    label,
    command,
    run(file: string): Promise<AdapterRun> {
      const started = performance.now()
      let text: string
      try {
        text = readFileSync(file, 'utf8')
      } catch (e) {
        return Promise.resolve({ ok: false, problem: `cannot read ${file}: ${(e as Error).message}`, ms: 0 })
      }
      const result = execVectorText(text, file, opts)
      return Promise.resolve({ ok: true, result, ms: elapsed(started) })
    },
  }
}

export interface CommandOptions {
  /** Per vector; the child's process group is killed when it runs longer. Default 120 000. */
  readonly timeoutMs?: number
  /** Stdout beyond this many bytes is garbage: the child is killed. Default 64 MiB. */
  readonly maxOutputBytes?: number
  readonly cwd?: string
}

export const DEFAULT_TIMEOUT_MS = 120_000

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
/** This checkout's command, run by the node that runs the harness. */
export const FVM_SPEC_BIN = join(PACKAGE_ROOT, 'bin', 'fvm-spec.mjs')

/**
 * The word `fvm-spec` as a command's program means this checkout's `bin/fvm-spec.mjs`, run by the
 * same node (so `--against "fvm-spec exec"` works without installing anything); any other
 * program is looked up on PATH as usual.
 */
export function resolveProgram(argv: readonly string[]): readonly string[] {
  const [program, ...rest] = argv
  return program === 'fvm-spec' ? [process.execPath, FVM_SPEC_BIN, ...rest] : argv
}

/** Another VM's adapter: `argv` (split by `splitCommand`) with the vector's path appended, no shell. */
export function commandAdapter(argv: readonly string[], opts: CommandOptions = {}): Adapter {
  if (argv.length === 0) throw new Error('empty command')
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const maxOut = opts.maxOutputBytes ?? 64 * 1024 * 1024
  const [program, ...args] = resolveProgram(argv) as [string, ...string[]]
  return {
    label: quoteCommand(argv),
    command: argv,
    run(file: string): Promise<AdapterRun> {
      const started = performance.now()
      return new Promise((done) => {
        let settled = false
        let timer: ReturnType<typeof setTimeout> | undefined = undefined
        const finish = (r: AdapterRun) => {
          if (!settled) {
            settled = true
            clearTimeout(timer)
            done(r)
          }
        }
        const fail = (problem: string) => finish({ ok: false, problem, ms: elapsed(started) })
        let child: ReturnType<typeof spawn>
        try {
          // detached: the child leads its own process group, so a timeout kills its children too.
          child = spawn(program, [...args, file], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, cwd: opts.cwd, windowsHide: true })
        } catch (e) {
          fail(`cannot start ${program}: ${(e as Error).message}`)
          return
        }
        const out: Buffer[] = []
        let outBytes = 0
        let errTail = ''
        let killedFor: string | undefined
        const kill = (why: string) => {
          killedFor ??= why
          try {
            if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
          } catch {
            child.kill('SIGKILL')
          }
        }
        timer = setTimeout(() => kill(`timed out after ${timeoutMs / 1000} s`), timeoutMs)
        child.stdout?.on('data', (b: Buffer) => {
          outBytes += b.length
          if (outBytes > maxOut) kill(`printed more than ${maxOut} bytes on stdout`)
          else out.push(b)
        })
        child.stderr?.on('data', (b: Buffer) => {
          errTail = (errTail + b.toString('utf8')).slice(-2000)
        })
        child.on('error', (e) => fail(`cannot start ${program}: ${e.message}`))
        child.on('close', (code, signal) => {
          const stderr = lastLines(errTail)
          if (killedFor !== undefined) return fail(killedFor)
          if (signal !== null) return fail(`killed by ${signal}${stderr}`)
          if (code !== 0) return fail(`exited with status ${code}${stderr}`)
          const parsed = parseExecResult(Buffer.concat(out).toString('utf8'))
          if (!parsed.ok) return fail(`output breaks the adapter contract: ${parsed.problem}${stderr}`)
          finish({ ok: true, result: parsed.result, ms: elapsed(started) })
        })
      })
    },
  }
}

function lastLines(text: string): string {
  const lines = text.trim().split('\n').slice(-3).join(' | ')
  return lines === '' ? '' : `; stderr: ${lines}`
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10
}

/**
 * Splits a command line into words without a shell: words are separated by blanks; '…' quotes
 * literally; "…" quotes with \" \\ \$ \` as escapes; a backslash outside quotes escapes the next
 * character. Nothing else is special: no variables, globs, pipes or redirections.
 */
export function splitCommand(line: string): string[] {
  const words: string[] = []
  let word = ''
  let inWord = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word)
      word = ''
      inWord = false
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1)
      if (end < 0) throw new Error(`unterminated ' in command: ${line}`)
      word += line.slice(i + 1, end)
      inWord = true
      i = end
    } else if (c === '"') {
      inWord = true
      let j = i + 1
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1] as string)) j++
        word += line[j]
      }
      if (j >= line.length) throw new Error(`unterminated " in command: ${line}`)
      i = j
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new Error(`command ends with a backslash: ${line}`)
      word += line[++i]
      inWord = true
    } else {
      word += c
      inWord = true
    }
  }
  if (inWord) words.push(word)
  return words
}

/** Quotes words so that `splitCommand` (and a POSIX shell) reads them back unchanged. */
export function quoteCommand(words: readonly string[]): string {
  return words.map((w) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' ')
}

/** Where two results first differ: `where` names the field, e.g. `receipt 0 gas_used`. */
export interface Difference {
  readonly where: string
  /** The field without the receipt index (exit_code, return, gas_used, receipt, error, post_state_root, nv): what shrinking keeps. */
  readonly field: string
  readonly ours: string
  readonly theirs: string
}

/**
 * The first difference between two results, in this order: nv; then per message i, whether it has
 * a receipt, exit_code, return, gas_used; then whether either stopped with an error; then the
 * post-state root. Error texts are not compared (two VMs word them differently), only their presence.
 */
export function compareResults(ours: ExecResult, theirs: ExecResult): Difference | undefined {
  const d = (where: string, field: string, a: unknown, b: unknown): Difference => ({ where, field, ours: String(a), theirs: String(b) })
  if (ours.nv !== null && theirs.nv !== null && ours.nv !== theirs.nv) return d('nv', 'nv', ours.nv, theirs.nv)
  const n = Math.max(ours.receipts.length, theirs.receipts.length)
  for (let i = 0; i < n; i++) {
    const a = ours.receipts[i]
    const b = theirs.receipts[i]
    if (a === undefined || b === undefined) {
      const none = (r: ExecResult) => `no receipt (error: ${r.error ?? 'none'})`
      return d(`receipt ${i}`, 'receipt', a === undefined ? none(ours) : `exit_code ${a.exit_code}`, b === undefined ? none(theirs) : `exit_code ${b.exit_code}`)
    }
    if (a.exit_code !== b.exit_code) return d(`receipt ${i} exit_code`, 'exit_code', a.exit_code, b.exit_code)
    if (a.return !== b.return) return d(`receipt ${i} return`, 'return', `"${a.return}"`, `"${b.return}"`)
    if (a.gas_used !== b.gas_used) return d(`receipt ${i} gas_used`, 'gas_used', a.gas_used, b.gas_used)
  }
  if ((ours.error === null) !== (theirs.error === null)) return d('error', 'error', ours.error ?? 'none', theirs.error ?? 'none')
  const ra = ours.post_state_root?.['/'] ?? null
  const rb = theirs.post_state_root?.['/'] ?? null
  if (ra !== rb) return d('post_state_root', 'post_state_root', ra, rb)
  return undefined
}

export type DiffStatus = 'same' | 'differs' | 'skip' | 'adapter-error'

export interface DiffReport {
  readonly id: string
  readonly file: string
  readonly status: DiffStatus
  readonly difference: Difference | null
  /** Why a vector was skipped or an adapter failed. */
  readonly reason: string | null
  /** Of a skipped vector: which side declined it. A one-sided skip is a vector not compared. */
  readonly skippedBy: 'ours' | 'theirs' | 'both' | null
  readonly ours: ExecResult | null
  readonly theirs: ExecResult | null
  readonly ms: number
}

/** Runs one vector through both adapters (theirs is started first, so a child runs while ours computes). */
export async function diffVector(file: string, ours: Adapter, theirs: Adapter): Promise<DiffReport> {
  const started = performance.now()
  const theirsP = theirs.run(file)
  const [a, b] = [await ours.run(file), await theirsP]
  const ms = elapsed(started)
  const id = a.ok ? a.result.id : b.ok ? b.result.id : file
  const base = { id, file, ours: a.ok ? a.result : null, theirs: b.ok ? b.result : null, ms, skippedBy: null }
  if (!a.ok || !b.ok) {
    const reason = [!a.ok ? `${ours.label}: ${a.problem}` : null, !b.ok ? `${theirs.label}: ${b.problem}` : null].filter((x) => x !== null).join('; ')
    return { ...base, status: 'adapter-error', difference: null, reason }
  }
  const [oursSkip, theirsSkip] = [isUnsupported(a.result), isUnsupported(b.result)]
  if (oursSkip || theirsSkip) {
    const reason = [oursSkip ? `${ours.label}: ${a.result.error}` : null, theirsSkip ? `${theirs.label}: ${b.result.error}` : null].filter((x) => x !== null).join('; ')
    return { ...base, status: 'skip', difference: null, reason, skippedBy: oursSkip && theirsSkip ? 'both' : oursSkip ? 'ours' : 'theirs' }
  }
  const difference = compareResults(a.result, b.result)
  return difference === undefined ? { ...base, status: 'same', difference: null, reason: null } : { ...base, status: 'differs', difference, reason: null }
}

/** Diffs many vectors, `jobs` at a time; `onReport` sees the reports in the order of `files`. */
export async function diffFiles(
  files: readonly string[],
  ours: Adapter,
  theirs: Adapter,
  opts: { readonly jobs?: number; readonly onReport?: (r: DiffReport) => void } = {},
): Promise<DiffReport[]> {
  const jobs = Math.max(1, opts.jobs ?? 1)
  const reports: (DiffReport | undefined)[] = new Array<DiffReport | undefined>(files.length).fill(undefined)
  let next = 0
  let emitted = 0
  const emit = () => {
    for (let r = reports[emitted]; emitted < files.length && r !== undefined; r = reports[++emitted]) opts.onReport?.(r)
  }
  const worker = async () => {
    while (next < files.length) {
      const i = next++
      reports[i] = await diffVector(files[i] as string, ours, theirs)
      emit()
    }
  }
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker))
  return reports as DiffReport[]
}

/**
 * Vectors that only one side skipped were not compared: a diff against an adapter that lacks
 * something this side has (bundles, a network version) would otherwise look clean. Returns the
 * loud message, or undefined when every vector was compared or skipped by both sides.
 *
 * @rule runner.diff-skips
 */
export function oneSidedSkips(reports: readonly DiffReport[], ours: string, theirs: string): string | undefined {
  const by = (side: 'ours' | 'theirs') => reports.filter((r) => r.skippedBy === side)
  const parts: string[] = []
  for (const [side, skipper, runner] of [['theirs', theirs, ours], ['ours', ours, theirs]] as const) {
    const skipped = by(side)
    if (skipped.length === 0) continue
    const first = skipped[0] as DiffReport
    parts.push(`${skipped.length} vector(s) were skipped by ${skipper} but run by ${runner}, so they were NOT compared (first: ${first.id}: ${first.reason ?? ''})`)
  }
  return parts.length === 0 ? undefined : parts.join('; ')
}

export function formatReport(r: DiffReport, ours: string, theirs: string): string {
  switch (r.status) {
    case 'same':
      return `SAME   ${r.id} (${r.ms} ms)`
    case 'differs': {
      const d = r.difference as Difference
      return `DIFFER ${r.id}: ${d.where}: ${ours} ${d.ours} ≠ ${theirs} ${d.theirs} (${r.file})`
    }
    case 'skip':
      return `SKIP   ${r.id}: ${r.reason}`
    case 'adapter-error':
      return `ERROR  ${r.id}: ${r.reason} (${r.file})`
  }
}

export function reportToJson(r: DiffReport): string {
  return JSON.stringify({ id: r.id, file: r.file, status: r.status, difference: r.difference, reason: r.reason, skipped_by: r.skippedBy, ms: r.ms })
}
