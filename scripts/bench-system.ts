/**
 * The process-level half of `npm run bench` (a benchmark, not a test): what a user of the
 * `fvm-spec` command waits for, measured on a source tree (this one, or an older one for
 * `--compare`) by running its bin/fvm-spec.mjs in fresh processes.
 *
 *  - cold start: `fvm-spec exec` of one vector in a fresh process, once with an empty module cache
 *    (the first-ever run) and then with the cache that run filled;
 *  - the corpus: `fvm-spec run --jobs N` over the vectors: wall time, CPU time (user + system,
 *    every thread) and peak resident memory (GNU time's maximum RSS, which counts the worker
 *    threads too: they are threads of the one process).
 *
 * Also the machine: CPU model, cores, node version and the load average.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'

/** One run of a command in a fresh process. */
export interface ProcessRun {
  readonly wallS: number
  /** User + system CPU seconds of the process (every thread), when GNU time is there to say. */
  readonly cpuS: number | null
  /** Peak resident set size in MiB, when GNU time is there to say. */
  readonly maxRssMb: number | null
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

const GNU_TIME = '/usr/bin/time'

/** Runs `node args` in `cwd` (environment `env` added), timing it; GNU time adds CPU time and peak memory. */
export function timedRun(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): ProcessRun {
  const useTime = existsSync(GNU_TIME)
  const dir = useTime ? mkdtempSync(join(tmpdir(), 'fvm-spec-bench-')) : null
  const report = dir === null ? null : join(dir, 'time')
  const [cmd, argv] = report === null ? [process.execPath, [...args]] : [GNU_TIME, ['-o', report, '-f', '%e %U %S %M', process.execPath, ...args]]
  const t0 = performance.now()
  const r = spawnSync(cmd, argv, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  const wallS = (performance.now() - t0) / 1000
  let cpuS: number | null = null
  let maxRssMb: number | null = null
  if (report !== null && existsSync(report)) {
    // The last line: GNU time writes "Command exited with non-zero status N" before it.
    const line = readFileSync(report, 'utf8').trim().split('\n').pop() ?? ''
    const [, user, sys, kb] = line.split(' ').map(Number)
    if (user !== undefined && sys !== undefined && Number.isFinite(user + sys)) cpuS = user + sys
    if (kb !== undefined && Number.isFinite(kb)) maxRssMb = kb / 1024
  }
  if (dir !== null) rmSync(dir, { recursive: true, force: true })
  return { wallS, cpuS, maxRssMb, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const n = s.length
  if (n === 0) return NaN
  return n % 2 === 1 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2
}

export function load(): string {
  return loadavg().map((x) => x.toFixed(2)).join(' ')
}

/** The machine, as the README's figures state it. */
export function machine(): string {
  let model = 'unknown CPU'
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))
    if (m?.[1] !== undefined) model = m[1].trim()
  } catch {
    // not Linux
  }
  return `${model}, ${availableParallelism()} cores, node ${process.version}`
}

/**
 * The vector the cold start is measured on: the one of median file size (ties broken by path). The
 * first vector of the mainnet corpus is a plain send that runs no actor code, which would measure
 * only the process start; the median one is a typical message (at the time of writing a
 * ProveCommitSector, two actors compiled on a first-ever run).
 */
export function typicalVector(files: readonly string[]): string | undefined {
  const sized = files.map((f) => ({ f, size: statSync(f).size })).sort((a, b) => a.size - b.size || (a.f < b.f ? -1 : a.f > b.f ? 1 : 0))
  return sized[Math.floor((sized.length - 1) / 2)]?.f
}

export interface ColdStart {
  readonly firstS: number
  readonly warmS: readonly number[]
  readonly ok: boolean
}

/**
 * `fvm-spec exec VECTOR` in fresh processes of the tree at `root`: first with an empty module
 * cache (the first-ever run, which compiles the actors it uses and fills the cache), then `runs`
 * times with that cache.
 */
export function coldStart(root: string, vector: string, bundles: string, runs: number): ColdStart {
  const cache = mkdtempSync(join(tmpdir(), 'fvm-spec-bench-cache-'))
  try {
    const env = { FVM_SPEC_CACHE: cache }
    const args = [join(root, 'bin', 'fvm-spec.mjs'), 'exec', '--bundles', bundles, vector]
    const first = timedRun(args, root, env)
    const warm: ProcessRun[] = []
    for (let i = 0; i < runs; i++) warm.push(timedRun(args, root, env))
    const ok = [first, ...warm].every((r) => r.status === 0 && r.stdout.startsWith('{'))
    return { firstS: first.wallS, warmS: warm.map((r) => r.wallS), ok }
  } finally {
    rmSync(cache, { recursive: true, force: true })
  }
}

export interface CorpusRun extends ProcessRun {
  /** The run's own count line, e.g. "269 passed, 0 failed, 1 skipped". */
  readonly counts: string
}

/** `fvm-spec run --jobs N` over `paths` with the tree at `root` (the default module cache). */
export function corpusRun(root: string, paths: readonly string[], bundles: string | undefined, jobs: number): CorpusRun {
  const args = [join(root, 'bin', 'fvm-spec.mjs'), 'run', '--jobs', String(jobs), ...(bundles === undefined ? [] : ['--bundles', bundles]), ...paths]
  const r = timedRun(args, root)
  const counts = /^\d+ passed, \d+ failed, \d+ skipped$/m.exec(r.stdout)?.[0] ?? `exit ${r.status}: ${r.stderr.trim().split('\n').pop() ?? ''}`
  return { ...r, counts }
}

const f2 = (x: number): string => x.toFixed(2)
const mb = (x: number | null): string => (x === null ? 'n/a' : `${x.toFixed(0)} MiB`)
const cpu = (x: number | null): string => (x === null ? 'n/a' : `${f2(x)} s`)

export function formatColdStart(c: ColdStart): string {
  return `cold start (fvm-spec exec, fresh process): ${f2(median(c.warmS))} s median of ${c.warmS.length} with the module cache (${c.warmS.map(f2).join(', ')}); first-ever run (empty cache): ${f2(c.firstS)} s${c.ok ? '' : ' [a run FAILED]'}`
}

export function formatCorpusRuns(jobs: number, runs: readonly CorpusRun[]): string {
  const walls = runs.map((r) => r.wallS)
  const rss = runs.map((r) => r.maxRssMb).filter((x): x is number => x !== null)
  const cpus = runs.map((r) => r.cpuS).filter((x): x is number => x !== null)
  const counts = [...new Set(runs.map((r) => r.counts))].join(' / ')
  return `corpus, run --jobs ${jobs}: ${f2(median(walls))} s wall median (${walls.map(f2).join(', ')}), cpu ${cpus.length > 0 ? cpu(median(cpus)) : 'n/a'}, peak RSS ${rss.length > 0 ? mb(median(rss)) : 'n/a'} (max ${rss.length > 0 ? mb(Math.max(...rss)) : 'n/a'}); ${counts}`
}
