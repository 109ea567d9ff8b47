/**
 * One worker thread of the vector pool (pool.ts): builds its run options once, says it is ready,
 * then runs each vector it is given and posts the result back with its index. Traces are written
 * to their files here, not sent back.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { runFile } from './run-file.js'
import { runOptions } from '../cli/engine-options.js'
import { writeTrace } from '../cli/format.js'
import type { WorkerJob, WorkerMessage, WorkerTask } from './pool.js'

const job = workerData as WorkerJob
const port = parentPort
if (port === null) throw new Error('tools/runner/worker.ts runs only as a worker thread')
const post = (m: WorkerMessage) => port.postMessage(m)

const opts = runOptions({ bundles: job.bundles, fault: job.fault, trace: job.traceDir !== undefined, maxVectorBytes: job.maxVectorBytes, noCache: job.noCache })
if ('problem' in opts) {
  post({ type: 'fatal', message: opts.problem })
  process.exit(1)
}
port.on('message', (task: WorkerTask) => {
  const r = runFile(task.file, opts)
  if (job.traceDir !== undefined && r.traces !== undefined) writeTrace(job.traceDir, r)
  const { traces: _traces, ...result } = r
  post({ type: 'result', index: task.index, result })
})
post({ type: 'ready' })
