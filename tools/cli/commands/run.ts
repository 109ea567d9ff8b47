/** `fvm-spec run`: run test vectors and judge them against their expected receipts and state root. */
import { existsSync, mkdirSync } from 'node:fs'
import { findVectorFiles } from '../../../vectors/discover.js'
import type { RunOptions, VectorResult } from '../../../vectors/run-vector.js'
import { defineCommand, usageError } from '../command.js'
import { cacheOptions, NO_CACHE_OPTION, noCacheUsage, runOptions } from '../engine-options.js'
import { humanLine, jsonLine, writeTrace } from '../format.js'
import { DEFAULT_CORPUS } from '../paths.js'
import { runFile } from '../../runner/run-file.js'
import { runInWorkers } from '../../runner/pool.js'

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
  --jobs N          run N vectors at once in worker threads (output order unchanged)`,
  options: { bundles: { type: 'string' }, ...NO_CACHE_OPTION, json: { type: 'boolean', default: false }, trace: { type: 'string' }, 'inject-fault': { type: 'string' }, jobs: { type: 'string' } },
  async run({ values, positionals }, io) {
    const traceDir = values.trace
    const jobs = values.jobs === undefined ? 1 : Number(values.jobs)
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) return usageError(io, 'run', '--jobs takes a whole number from 1 to 64')
    const made = runOptions(values.bundles, values['inject-fault'], traceDir !== undefined, cacheOptions(values['no-cache']))
    if ('problem' in made) return usageError(io, 'run', made.problem)
    const runOpts: RunOptions = made
    if (traceDir !== undefined) mkdirSync(traceDir, { recursive: true })
    const paths = positionals.length > 0 ? positionals : [DEFAULT_CORPUS]
    for (const p of paths) {
      if (!existsSync(p)) return usageError(io, 'run', `no such file or folder: ${p}`)
    }
    const files = findVectorFiles(paths)
    const started = performance.now()
    const counts = { pass: 0, fail: 0, skip: 0, error: 0 }
    const report = (r: VectorResult): void => {
      counts[r.status]++
      if (traceDir !== undefined && r.traces !== undefined) writeTrace(traceDir, r)
      io.out(values.json === true ? jsonLine(r) : humanLine(r))
    }
    if (jobs === 1 || files.length < 2) {
      for (const file of files) report(runFile(file, runOpts))
    } else {
      await runInWorkers(files, Math.min(jobs, files.length), { bundles: values.bundles, fault: values['inject-fault'], trace: traceDir !== undefined, noCache: values['no-cache'] }, report)
    }
    const seconds = Math.round(performance.now() - started) / 1000
    if (values.json === true) {
      io.out(JSON.stringify({ summary: { passed: counts.pass, failed: counts.fail, skipped: counts.skip, errors: counts.error, seconds } }))
    } else {
      if (counts.error > 0) io.out(`${counts.error} vector(s) could not be read (counted as failed)`)
      io.out(`${files.length} vectors in ${seconds.toFixed(2)} s`)
      io.out(`${counts.pass} passed, ${counts.fail + counts.error} failed, ${counts.skip} skipped`)
    }
    return counts.fail + counts.error > 0 ? 1 : 0
  },
})
