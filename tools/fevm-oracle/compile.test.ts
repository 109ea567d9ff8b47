/**
 * The committed bytecode is what the pinned solc makes of the committed sources: recompiling
 * (solc-js, offline) gives vectors/fevm/index.json and compiled/<target>.json byte for byte.
 * Skipped when solc is not installed (it is a dev dependency).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { compileAll, loadSolc, readSubjects, serialise } from './compile.js'
import { COMPILED_DIR, INDEX_FILE, listSources, parseSubject } from './corpus.js'

const solc = loadSolc()

test('recompiling the sources gives the committed index and bytecode', { skip: solc === undefined ? 'solc (dev dependency) is not installed' : false }, () => {
  assert.ok(solc)
  const { index, targets } = compileAll(solc)
  assert.equal(serialise(index), readFileSync(INDEX_FILE, 'utf8'), 'vectors/fevm/index.json is stale: npm run fevm:compile')
  for (const t of targets) {
    assert.equal(serialise(t), readFileSync(join(COMPILED_DIR, `${t.target}.json`), 'utf8'), `compiled/${t.target}.json is stale: npm run fevm:compile`)
  }
})

test('every source names its subject contract and its metadata tags parse', () => {
  const subjects = readSubjects()
  assert.equal(subjects.length, listSources().length)
  const ts = subjects.find((s) => s.name === 'TransientStorage')
  assert.equal(ts?.minNv, 25)
  assert.equal(subjects.find((s) => s.name === 'ValueTransfer')?.deployValue, 1_000_000n)
  assert.deepEqual(subjects.find((s) => s.name === 'Proxy')?.extraAbi, ['ImplV2'])
  assert.throws(() => parseSubject('Nope.sol', 'contract Other {}'), /no contract named Nope/)
})
