/**
 * `run --jobs N`: the files are dealt round-robin to N worker threads (each with its own engine
 * and a large stack); results are reported in file order, so the output does not depend on N.
 */
import { Worker } from 'node:worker_threads'
import { LARGE_STACK_MB } from '../../interpreter/invocation/large-stack.js'
import type { VectorResult } from '../../vectors/run-vector.js'

export interface WorkerJob {
  readonly bundles: string | undefined
  readonly fault: string | undefined
  readonly trace: boolean
  /** --no-cache: no persistent module cache. */
  readonly noCache?: boolean | undefined
}

export function runInWorkers(files: readonly string[], jobs: number, job: WorkerJob, report: (r: VectorResult) => void): Promise<void> {
  const results: (VectorResult | undefined)[] = new Array<VectorResult | undefined>(files.length)
  let next = 0
  const flush = () => {
    while (next < files.length && results[next] !== undefined) report(results[next++] as VectorResult)
  }
  const workers = Array.from({ length: jobs }, (_, w) => {
    const mine = files.map((f, i) => [i, f] as const).filter(([i]) => i % jobs === w)
    return new Promise<void>((resolveWorker, rejectWorker) => {
      const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
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
