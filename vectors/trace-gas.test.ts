import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { FATAL_ERROR_GAS } from '../interpreter/trace/trace.js'
import { findVectorFiles } from './discover.js'
import { runVectorText } from './run-vector.js'
import { unaccountedGas } from './trace-gas.js'

const CORPUS = join(dirname(fileURLToPath(import.meta.url)), 'corpus')

test('every message of the default corpus has a trace that sums to its gas_used, out-of-gas and fatal errors included', () => {
  const results = findVectorFiles([CORPUS]).map((f) => runVectorText(readFileSync(f, 'utf8'), f, { trace: true }))
  assert.deepEqual(results.flatMap(unaccountedGas), [])
  const events = results.flatMap((r) => (r.traces ?? []).flat())
  // The cases that used not to add up are in the corpus: a charge that ran out of gas (at the top
  // level and inside an nv18 nested limit) and a fatal error.
  assert.ok(events.filter((e) => e.kind === 'gas' && e.outOfGas !== undefined).length >= 5, 'out-of-gas points')
  assert.ok(events.some((e) => e.kind === 'gas' && e.name === FATAL_ERROR_GAS), 'a fatal error')
  assert.ok(results.filter((r) => r.traces !== undefined).length >= 40)
})
