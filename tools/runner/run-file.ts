/** Runs one vector file; a file that cannot be read is that vector's error. */
import { readFileSync } from 'node:fs'
import { runVectorText, type RunOptions, type VectorResult } from '../../vectors/run-vector.js'

export function runFile(file: string, opts: RunOptions): VectorResult {
  try {
    return runVectorText(readFileSync(file, 'utf8'), file, opts)
  } catch (e) {
    return { id: file, file, nv: null, status: 'error', reason: `cannot read: ${(e as Error).message}`, gas_used: null, expected_gas_used: null, ms: 0 }
  }
}
