/**
 * Running vectors in killable worker threads (each with its own engine and a large stack): `run
 * --jobs N` uses N of them, and `--timeout` or `--max-memory` at least one. A free worker takes
 * the next vector; each result is reported as soon as every earlier vector's result has been (a
 * reorder buffer), so the output is in file order whatever N is, and no finished result waits
 * for later ones.
 *
 * A vector that runs past the timeout, goes over its memory budget, or whose worker dies for any
 * other reason is that vector's `error`, and its worker is replaced; the run goes on. The budget
 * is enforced twice: the worker's JavaScript heap is capped by V8 (`maxOldGenerationSizeMb`), and
 * a watchdog samples the process's resident memory, which also counts what the heap does not
 * (WebAssembly memories). Resident memory is shared by all workers, so when it goes over with
 * several vectors running, they are all stopped and run again one at a time: the one that goes
 * over alone is the one reported. An abort (SIGINT, SIGTERM, a closed output) stops every worker
 * at once; results already computed are still reported, in order.
 *
 * @rule runner.streaming
 * @rule runner.vector-workers
 * @rule runner.limits
 */
import { Worker } from 'node:worker_threads'
import { LARGE_STACK_MB } from '../../interpreter/invocation/large-stack.js'
import { useV8Policy, YOUNG_GENERATION_MB } from './v8-policy.mjs'
import type { VectorResult } from '../../vectors/run-vector.js'

/** What every worker needs to build its run options (plain data: it crosses to the thread). */
export interface WorkerJob {
  readonly bundles: string | undefined
  readonly fault: string | undefined
  /** Each worker writes its vectors' traces there itself (they are not sent back). */
  readonly traceDir: string | undefined
  readonly maxVectorBytes: number | undefined
  /** --no-cache: no persistent module cache. */
  readonly noCache?: boolean | undefined
}

export interface PoolOptions {
  readonly jobs: number
  readonly job: WorkerJob
  /** Per vector, from the moment its worker takes it. */
  readonly timeoutMs?: number
  /** The memory one vector may use, in MiB (default DEFAULT_MEMORY_MB). */
  readonly memoryMb?: number
  readonly signal?: AbortSignal
  /** The worker's entry module (tests use stand-ins); default ./worker.mjs. */
  readonly workerUrl?: URL
  /** How often resident memory is sampled while a vector runs (ms). */
  readonly sampleMs?: number
  /** Called each time a vector's result is known (before it can be reported in order). */
  readonly onSettled?: (settled: number, total: number) => void
}

/** How the pool ended: every result reported, or stopped by the signal (some vectors not run). */
export interface PoolOutcome {
  readonly interrupted: boolean
}

/**
 * The memory budget of one vector when none is given (MiB): the spec lets an nv18 call stack
 * hold 2 GiB of WebAssembly memory (invocation.memory-limits), and the interpreter's own state for
 * the largest mainnet vector is a few hundred MiB.
 */
export const DEFAULT_MEMORY_MB = 4096

/**
 * The V8 settings of the pool's workers (tools/runner/v8-policy.mjs), and why.
 *
 * The heap of the pool's workers, tighter than V8's default for a large heap limit: each worker
 * holds a few MB of live data but allocates much more per vector, and with a heap limit of
 * gigabytes V8 lets a heap grow up to fourfold before collecting it. The young generation is
 * capped at 12 MiB (semi-spaces of 4 MiB) and the old generation grows by 25% between collections
 * (a V8 flag, so for the whole process). Measured over the mainnet corpus with --jobs 2 (with the
 * smaller node and CID memos of the same commit): peak RSS 365-423 MB (median of 4: 376) instead
 * of 600-750 MB, for about 8% more CPU time.
 *
 * Actor WebAssembly runs on V8's baseline compiler (Liftoff) only: no tier-up to TurboFan (V8
 * flags, so for the whole process; bin/fvm-spec.mjs sets them for the command's thread too). What
 * the memory of a corpus run was (measured with per-thread heap statistics, /proc smaps, glibc's
 * malloc_stats and heaptrack): the JavaScript heaps ~40 MB per worker, wasm memories of finished
 * instances ~10 MB resident (20–160 not yet collected, but mostly untouched pages), wasm code
 * ~30 MB, and ~200 MB of glibc malloc arenas of which only ~65 MB in use: TurboFan's compiles of
 * the actors' large functions on V8's background threads take up to ~85 MB of zone memory at
 * once, and glibc keeps it resident once freed. Without tier-up the mainnet corpus with --jobs 2
 * peaks at 262–298 MiB (median ~274, 15 runs at load 2–5) instead of 365–409 MiB (median 367,
 * 9 runs of the commit before, alternating with them), and takes less CPU (9.8–10.7 s instead of
 * 10.8–11.4 s: on it the optimizing compiles cost more than the faster code saves); --jobs 1
 * 185–194 MiB instead of 279–329. The cost: hot code runs slower once compiled (the in-process
 * bench passes ~1.8–2.1x the gas model instead of ~2.3x). What the code does, and so every
 * result, is the same on either tier (pool.test.ts compares them).
 */
export { WASM_TIERING_FLAGS, useBaselineWasmTier } from './v8-policy.mjs'
let processFlagsSet = false

/** Messages a worker posts. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly index: number; readonly result: VectorResult }
  | { readonly type: 'fatal'; readonly message: string }

/** The message a worker is given: one vector. */
export interface WorkerTask {
  readonly index: number
  readonly file: string
}

interface Slot {
  readonly worker: Worker
  ready: boolean
  /** The vector it is running. */
  index: number | undefined
  started: number
  timer: ReturnType<typeof setTimeout> | undefined
  /** Set when the pool ended it on purpose (timeout, memory, abort): its exit is not a death. */
  retired: boolean
  failure: string | undefined
}

/** A vector that produced no result of its own. */
export function errorResult(file: string, reason: string, ms: number): VectorResult {
  return { id: file, file, nv: null, status: 'error', reason, gas_used: null, expected_gas_used: null, ms: Math.round(ms * 10) / 10 }
}

function describeDeath(e: unknown, memoryMb: number): string {
  const err = e as { code?: string; message?: string } | undefined
  if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY') return `memory budget: the vector needed more than the ${memoryMb} MiB of heap it may use (--max-memory)`
  return `the worker thread died: ${err?.message ?? String(e)}`
}

const MiB = 1024 * 1024

export function runPool(files: readonly string[], opts: PoolOptions, report: (r: VectorResult) => void): Promise<PoolOutcome> {
  const memoryMb = opts.memoryMb ?? DEFAULT_MEMORY_MB
  const workerUrl = opts.workerUrl ?? new URL('./worker.mjs', import.meta.url)
  const results: (VectorResult | undefined)[] = new Array<VectorResult | undefined>(files.length)
  const slots = new Set<Slot>()
  /** Vectors to run again one at a time (they were running when resident memory went over). */
  const alone: number[] = []
  let printed = 0
  let queued = 0
  let stopped = false
  /** Workers that died before they were ready, in a row: a setup that cannot work stops the run. */
  let failedStarts = 0
  /** Workers told to stop that have not exited yet: their memory is not given back until they have. */
  let exiting = 0
  const baseline = process.memoryUsage.rss()
  const busy = () => [...slots].filter((s) => s.index !== undefined)
  const remaining = () => files.length - queued + alone.length

  return new Promise<PoolOutcome>((resolve) => {
    const finish = (interrupted: boolean) => {
      if (stopped) return
      stopped = true
      opts.signal?.removeEventListener('abort', onAbort)
      clearInterval(watchdog)
      for (const s of [...slots]) retire(s)
      if (interrupted) {
        // The vectors before a hole will never come: report what did finish, still in order.
        for (let i = printed; i < files.length; i++) {
          const r = results[i]
          if (r !== undefined) report(r)
        }
      }
      resolve({ interrupted })
    }
    const onAbort = () => finish(true)

    let settled = 0
    const settle = (index: number, r: VectorResult) => {
      if (stopped || results[index] !== undefined) return
      results[index] = r
      opts.onSettled?.(++settled, files.length)
      if (stopped) return
      while (printed < files.length && results[printed] !== undefined) {
        report(results[printed++] as VectorResult)
        if (stopped) return // the report itself may abort (a closed output)
      }
      if (printed === files.length) finish(false)
    }

    const retire = (s: Slot) => {
      if (s.retired) return
      exiting++
      s.retired = true
      clearTimeout(s.timer)
      slots.delete(s)
      void s.worker.terminate()
    }

    /** Stops the vector a slot is running and reports it as an error; the slot is replaced. */
    const kill = (s: Slot, reason: string) => {
      const index = s.index
      if (index === undefined) return
      s.index = undefined
      retire(s)
      settle(index, errorResult(files[index] as string, reason, performance.now() - s.started))
    }

    /** The next vector for a free worker: vectors to run alone go first, and only when no other runs. */
    const nextTask = (): number | undefined => {
      if (alone.length > 0) return busy().length === 0 ? alone.shift() : undefined
      return queued < files.length ? queued++ : undefined
    }

    const start = (s: Slot, index: number) => {
      s.index = index
      s.started = performance.now()
      if (opts.timeoutMs !== undefined) {
        const seconds = opts.timeoutMs / 1000
        s.timer = setTimeout(() => {
          if (s.index === index) kill(s, `timeout after ${seconds} s (--timeout)`)
          pump()
        }, opts.timeoutMs)
      }
      const task: WorkerTask = { index, file: files[index] as string }
      s.worker.postMessage(task)
    }

    /** Gives free workers work, retires the ones with none left, and starts workers still needed. */
    const pump = () => {
      if (stopped) return
      for (const s of [...slots]) {
        if (!s.ready || s.index !== undefined) continue
        const index = nextTask()
        if (index !== undefined) start(s, index)
        else if (remaining() === 0) retire(s)
      }
      const waiting = [...slots].filter((s) => s.index === undefined).length
      const wanted = alone.length > 0 ? 1 : Math.min(opts.jobs, remaining() + busy().length)
      for (let n = slots.size; n < wanted && remaining() > waiting; n++) spawn()
    }

    const spawn = () => {
      if (!processFlagsSet) {
        useV8Policy()
        processFlagsSet = true
      }
      const worker = new Worker(workerUrl, {
        workerData: opts.job,
        resourceLimits: { stackSizeMb: LARGE_STACK_MB, maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      })
      const s: Slot = { worker, ready: false, index: undefined, started: 0, timer: undefined, retired: false, failure: undefined }
      slots.add(s)
      worker.on('message', (m: WorkerMessage) => {
        if (s.retired) return
        if (m.type === 'ready') {
          s.ready = true
          failedStarts = 0
        } else if (m.type === 'result') {
          if (s.index !== m.index) return
          clearTimeout(s.timer)
          s.index = undefined
          settle(m.index, m.result)
        } else {
          s.failure = m.message
        }
        pump()
      })
      worker.on('error', (e) => {
        s.failure ??= describeDeath(e, memoryMb)
      })
      worker.on('exit', (code) => {
        if (s.retired) exiting--
        if (s.retired || stopped) return
        slots.delete(s)
        clearTimeout(s.timer)
        const why = s.failure ?? `the worker thread exited (status ${code})`
        if (s.index !== undefined) {
          settle(s.index, errorResult(files[s.index] as string, why, performance.now() - s.started))
        } else if (!s.ready && ++failedStarts >= 2) {
          // Twice in a row a worker could not even start: every vector left would fail the same way.
          for (const i of alone.splice(0)) settle(i, errorResult(files[i] as string, `not run: a worker could not start: ${why}`, 0))
          for (let i = queued; i < files.length; i++) settle(i, errorResult(files[i] as string, `not run: a worker could not start: ${why}`, 0))
          queued = files.length
        }
        pump()
      })
    }

    /** Resident memory over the budget of the vectors running: stop the one, or re-run the several alone. */
    const checkMemory = () => {
      const running = busy()
      if (stopped || running.length === 0 || exiting > 0) return
      const rss = process.memoryUsage.rss()
      const limit = baseline + running.length * memoryMb * MiB
      if (rss <= limit) return
      if (running.length === 1) {
        kill(running[0] as Slot, `memory budget: resident memory grew by ${Math.round((rss - baseline) / MiB)} MiB while the vector ran, more than the ${memoryMb} MiB it may use (--max-memory)`)
      } else {
        for (const s of running) {
          alone.push(s.index as number)
          s.index = undefined
          retire(s)
        }
        alone.sort((a, b) => a - b)
      }
      pump()
    }
    const watchdog = setInterval(checkMemory, opts.sampleMs ?? 200)

    if (opts.signal?.aborted === true) return finish(true)
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    if (files.length === 0) return finish(false)
    pump()
  })
}
