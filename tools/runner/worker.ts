/**
 * One worker thread of `fvm-spec run --jobs N`: runs the vectors it is given, in order, and posts
 * each result back with its index. The main thread prints them in file order.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { runFile } from './run-file.js'
import { cacheOptions, runOptions } from '../cli/engine-options.js'

interface Job {
  readonly files: readonly (readonly [number, string])[]
  readonly bundles: string | undefined
  readonly fault: string | undefined
  readonly trace: boolean
  readonly noCache?: boolean | undefined
}

const job = workerData as Job
const opts = runOptions(job.bundles, job.fault, job.trace, cacheOptions(job.noCache))
if ('problem' in opts) throw new Error(opts.problem)
for (const [index, file] of job.files) parentPort?.postMessage({ index, result: runFile(file, opts) })
