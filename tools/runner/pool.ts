/**
 * Running vectors in killable worker threads (each with its own engine and a large stack): `run
 * --jobs N` uses N of them, and `--timeout` at least one. A free worker takes the next vector;
 * each result is reported as soon as every earlier vector's result has been (a reorder buffer),
 * so the output is in file order whatever N is, and no finished result waits for later ones.
 *
 * A vector that runs past the timeout, or whose worker dies (out of its memory budget, or for any
 * other reason), is that vector's `error` and its worker is replaced; the run goes on. An abort
 * (SIGINT, SIGTERM, a closed output) stops every worker at once; results already computed are
 * still reported, in order.
 *
 * @rule runner.streaming
 * @rule runner.vector-workers
 */
import { Worker } from 'node:worker_threads'
import { LARGE_STACK_MB } from '../../interpreter/invocation/large-stack.js'
import type { VectorResult } from '../../vectors/run-vector.js'

/** What every worker needs to build its run options (plain data: it crosses to the thread). */
export interface WorkerJob {
  readonly bundles: string | undefined
  readonly fault: string | undefined
  /** Each worker writes its vectors' traces there itself (they are not sent back). */
  readonly traceDir: string | undefined
  readonly maxVectorBytes?: number
}

export interface PoolOptions {
  readonly jobs: number
  readonly job: WorkerJob
  /** Per vector, from the moment its worker takes it. */
  readonly timeoutMs?: number
  /** The JavaScript heap a worker may use for one vector (its `maxOldGenerationSizeMb`). */
  readonly heapMb?: number
  readonly signal?: AbortSignal
}

/** How the pool ended: every result reported, or stopped by the signal (some vectors not run). */
export interface PoolOutcome {
  readonly interrupted: boolean
}

/** The heap budget of a worker when none is given (MiB). */
export const DEFAULT_WORKER_HEAP_MB = 8192

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
  /** Set when the pool ended it on purpose (timeout, abort): its exit is not a death. */
  retired: boolean
  failure: string | undefined
}

/** A vector that produced no result of its own. */
export function errorResult(file: string, reason: string, ms: number): VectorResult {
  return { id: file, file, nv: null, status: 'error', reason, gas_used: null, expected_gas_used: null, ms: Math.round(ms * 10) / 10 }
}

function describeDeath(e: unknown, heapMb: number): string {
  const err = e as { code?: string; message?: string } | undefined
  if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY') return `memory budget: the vector needed more than the ${heapMb} MiB heap a worker may use`
  return `the worker thread died: ${err?.message ?? String(e)}`
}

export function runPool(files: readonly string[], opts: PoolOptions, report: (r: VectorResult) => void): Promise<PoolOutcome> {
  const heapMb = opts.heapMb ?? DEFAULT_WORKER_HEAP_MB
  const results: (VectorResult | undefined)[] = new Array<VectorResult | undefined>(files.length)
  const slots = new Set<Slot>()
  let printed = 0
  let queued = 0
  let stopped = false
  /** Workers that died before they were ready, in a row: a setup that cannot work stops the run. */
  let failedStarts = 0

  return new Promise<PoolOutcome>((resolve) => {
    const finish = (interrupted: boolean) => {
      if (stopped) return
      stopped = true
      opts.signal?.removeEventListener('abort', onAbort)
      for (const s of slots) retire(s)
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

    const settle = (index: number, r: VectorResult) => {
      if (stopped || results[index] !== undefined) return
      results[index] = r
      while (printed < files.length && results[printed] !== undefined) {
        report(results[printed++] as VectorResult)
        if (stopped) return // the report itself may abort (a closed output)
      }
      if (printed === files.length) finish(false)
    }

    const retire = (s: Slot) => {
      s.retired = true
      clearTimeout(s.timer)
      slots.delete(s)
      void s.worker.terminate()
    }

    const dispatch = (s: Slot) => {
      if (stopped) return
      if (queued >= files.length) {
        retire(s)
        return
      }
      const index = queued++
      s.index = index
      s.started = performance.now()
      if (opts.timeoutMs !== undefined) {
        const seconds = opts.timeoutMs / 1000
        s.timer = setTimeout(() => {
          if (s.index !== index) return
          s.index = undefined
          retire(s)
          settle(index, errorResult(files[index] as string, `timeout after ${seconds} s`, performance.now() - s.started))
          refill()
        }, opts.timeoutMs)
      }
      const task: WorkerTask = { index, file: files[index] as string }
      s.worker.postMessage(task)
    }

    /** Starts workers until there are `jobs` of them or no vector left to give one. */
    const refill = () => {
      while (!stopped && slots.size < opts.jobs && queued + [...slots].filter((s) => s.index === undefined).length < files.length) spawn()
    }

    const spawn = () => {
      const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
        workerData: opts.job,
        resourceLimits: { stackSizeMb: LARGE_STACK_MB, maxOldGenerationSizeMb: heapMb },
      })
      const s: Slot = { worker, ready: false, index: undefined, started: 0, timer: undefined, retired: false, failure: undefined }
      slots.add(s)
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'ready') {
          s.ready = true
          failedStarts = 0
          dispatch(s)
        } else if (m.type === 'result') {
          if (s.index !== m.index) return
          clearTimeout(s.timer)
          s.index = undefined
          settle(m.index, m.result)
          dispatch(s)
        } else {
          s.failure = m.message
        }
      })
      worker.on('error', (e) => {
        s.failure ??= describeDeath(e, heapMb)
      })
      worker.on('exit', (code) => {
        if (s.retired || stopped) return
        slots.delete(s)
        clearTimeout(s.timer)
        const why = s.failure ?? `the worker thread exited (status ${code})`
        if (s.index !== undefined) {
          settle(s.index, errorResult(files[s.index] as string, why, performance.now() - s.started))
        } else if (!s.ready && ++failedStarts >= 2) {
          // Twice in a row a worker could not even start: every vector left would fail the same way.
          for (let i = queued; i < files.length; i++) settle(i, errorResult(files[i] as string, `not run: a worker could not start: ${why}`, 0))
          queued = files.length
          return
        }
        refill()
      })
    }

    if (opts.signal?.aborted === true) return finish(true)
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    if (files.length === 0) return finish(false)
    refill()
  })
}
