/** Runs one vector file; a file that cannot be read is that vector's error. */
import { readVectorFile } from '../../vectors/read-file.js'
import { runVectorText, type RunOptions, type VectorResult } from '../../vectors/run-vector.js'

export function runFile(file: string, opts: RunOptions): VectorResult {
  const started = performance.now()
  const read = readVectorFile(file, opts.maxVectorBytes)
  if (!read.ok) return { id: file, file, nv: null, status: 'error', reason: `${file}: ${read.problem}`, gas_used: null, expected_gas_used: null, ms: Math.round((performance.now() - started) * 10) / 10 }
  return runVectorText(read.text, file, opts)
}
