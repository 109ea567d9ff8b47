/**
 * `fvm-spec run`: run test vectors and judge them against their expected receipts and state root.
 *
 * @rule runner.streaming
 * @rule runner.interrupt
 */
import { mkdirSync } from 'node:fs'
import type { VectorResult } from '../../../vectors/run-vector.js'
import { defineCommand, usageError } from '../command.js'
import { vectorFiles } from '../inputs.js'
import { checkRunFlags, NO_CACHE_OPTION, noCacheUsage } from '../run-flags.js'
import { humanLine, jsonLine, writeTrace } from '../format.js'
import { DEFAULT_MEMORY_MB, runPool } from '../../runner/pool.js'
import { LIMIT_OPTIONS, LIMIT_USAGE, limitsOf } from '../options.js'
import { STOP_EXIT_CODE, stopReason } from '../io.js'

export const command = defineCommand({
  name: 'run',
  summary: 'run test vectors and compare with their expected results',
  usage: `usage: fvm-spec run [options] [PATH...]

Runs test vectors (files, or folders searched recursively for *.json); default: the corpus under
vectors/corpus (embedded and generated). One line per vector, then the counts; exit 1 if any
vector failed or could not be read.

  --bundles DIR     folder of built-in actor bundle CARs (or $FVM_SPEC_BUNDLES)
${noCacheUsage()}
  --json            one JSON object per vector per line, then a summary line
  --trace DIR       write each vector's execution trace to DIR/<id>.jsonl (canonical JSON lines)
  --inject-fault F  run with one rule broken on purpose, to test a test (see spec/machine.md)
  --jobs N          run N vectors at once in worker threads (output order unchanged)
  --timeout S       seconds a vector may run; past it the vector is an error (timeout) and the
                    run goes on (vectors run in a worker thread that can be stopped)
  --max-memory MiB  the memory one vector may use (default ${DEFAULT_MEMORY_MB}; JavaScript heap and resident
                    memory); over it the vector is an error (memory budget) and the run goes on
                    (vectors run in worker threads; with --jobs or --timeout this is the default)
${LIMIT_USAGE}`,
  options: { bundles: { type: 'string' }, ...NO_CACHE_OPTION, json: { type: 'boolean', default: false }, trace: { type: 'string' }, 'inject-fault': { type: 'string' }, jobs: { type: 'string' }, ...LIMIT_OPTIONS },
  interruptible: true,
  async run({ values, positionals }, io) {
    const traceDir = values.trace
    const jobs = values.jobs === undefined ? 1 : Number(values.jobs)
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) return usageError(io, 'run', '--jobs takes a whole number from 1 to 64')
    const files = vectorFiles('run', positionals, io)
    if (typeof files === 'number') return files
    const limits = limitsOf(values)
    if ('problem' in limits) return usageError(io, 'run', limits.problem)
    // Worker threads can be stopped (a timeout, a memory budget); this thread cannot.
    const pooled = (jobs > 1 && files.length > 1) || limits.timeoutMs !== undefined || limits.memoryMb !== undefined
    // The pool's workers build their own engines: this thread only checks the flags, and loads the
    // interpreter only to run the vectors itself.
    const flags = { bundles: values.bundles, fault: values['inject-fault'], trace: traceDir !== undefined, maxVectorBytes: limits.maxVectorBytes, noCache: values['no-cache'] }
    const bad = checkRunFlags(flags)
    if (bad !== undefined) return usageError(io, 'run', bad.problem)
    if (traceDir !== undefined) mkdirSync(traceDir, { recursive: true })
    const started = performance.now()
    const counts = { pass: 0, fail: 0, skip: 0, error: 0 }
    const report = (r: VectorResult): void => {
      counts[r.status]++
      if (traceDir !== undefined && r.traces !== undefined) writeTrace(traceDir, r)
      io.out(values.json === true ? jsonLine(r) : humanLine(r))
    }
    let interrupted: boolean
    if (pooled) {
      const outcome = await runPool(
        files,
        {
          jobs: Math.min(jobs, Math.max(files.length, 1)),
          job: { bundles: flags.bundles, fault: flags.fault, traceDir, maxVectorBytes: flags.maxVectorBytes, noCache: flags.noCache },
          ...(limits.timeoutMs === undefined ? {} : { timeoutMs: limits.timeoutMs }),
          ...(limits.memoryMb === undefined ? {} : { memoryMb: limits.memoryMb }),
          ...(io.signal === undefined ? {} : { signal: io.signal }),
        },
        report,
      )
      interrupted = outcome.interrupted
    } else {
      const { runOptions } = await import('../engine-options.js')
      const { runFile } = await import('../../runner/run-file.js')
      const runOpts = runOptions(flags)
      if ('problem' in runOpts) return usageError(io, 'run', runOpts.problem)
      for (const file of files) {
        if (io.signal?.aborted === true) break
        report(runFile(file, runOpts))
        // Let the event loop turn between vectors: a signal's message is seen here.
        await new Promise((r) => setImmediate(r))
      }
      interrupted = io.signal?.aborted === true
    }
    const why = interrupted ? (stopReason(io.signal) ?? 'SIGTERM') : undefined
    const ran = counts.pass + counts.fail + counts.skip + counts.error
    const seconds = Math.round(performance.now() - started) / 1000
    if (values.json === true) {
      io.out(JSON.stringify({ summary: { passed: counts.pass, failed: counts.fail, skipped: counts.skip, errors: counts.error, seconds, ...(why === undefined ? {} : { interrupted: why, not_run: files.length - ran }) } }))
    } else {
      if (why !== undefined) io.out(`interrupted (${why}): ${files.length - ran} of ${files.length} vectors not run`)
      if (counts.error > 0) io.out(`${counts.error} vector(s) could not be read or run (errors, counted as failed)`)
      io.out(`${ran} vectors in ${seconds.toFixed(2)} s`)
      io.out(`${counts.pass} passed, ${counts.fail + counts.error} failed, ${counts.skip} skipped`)
    }
    if (why !== undefined) return STOP_EXIT_CODE[why]
    return counts.fail + counts.error > 0 ? 1 : 0
  },
})
