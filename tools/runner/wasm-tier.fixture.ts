/**
 * Runs the vector files named on the command line in this process and prints each result (without
 * its time) as a JSON line: pool.test.ts runs it under different V8 WebAssembly tiering flags and
 * compares the outputs.
 */
import { runOptions } from '../cli/engine-options.js'
import { runFile } from './run-file.js'

const opts = runOptions({ bundles: process.env['FVM_SPEC_BUNDLES'], fault: undefined, trace: false, maxVectorBytes: undefined, noCache: true })
if ('problem' in opts) throw new Error(opts.problem)
for (const file of process.argv.slice(2)) {
  const { ms: _ms, traces: _traces, ...result } = runFile(file, opts)
  process.stdout.write(JSON.stringify(result) + '\n')
}
