/**
 * The committed bytecode belongs to the committed sources: every source's sha256 is the one its
 * bytecode was compiled from (vectors/fevm/index.json `sources`, filecoin/compiled.json
 * `sources`), and the pinned solc is the one that compiled it. Recompiling everything
 * (solc-js, about 12 s of CPU) is `npm run fevm:check`, not part of every test run.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { readSubjects } from './compile.js'
import { CONTRACTS_DIR, FILECOIN_DIR, listSources, parseSubject, readFilecoinCompiled, readIndex, sourceHashes } from './corpus.js'

test('every committed source is the one its bytecode was compiled from, by the pinned solc (recompile: npm run fevm:check)', () => {
  const index = readIndex()
  assert.deepEqual(sourceHashes(CONTRACTS_DIR), index.sources, 'vectors/fevm/contracts changed since it was compiled: npm run fevm:compile')
  const filecoin = readFilecoinCompiled()
  assert.deepEqual(sourceHashes(FILECOIN_DIR), filecoin.sources, 'vectors/fevm/filecoin changed since it was compiled: npm run fevm:compile')
  assert.equal(filecoin.solc, index.solc)
  const pinned = (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('solc/package.json'), 'utf8')) as { version: string }).version
  assert.ok(index.solc.startsWith(`${pinned}+`), `compiled by solc ${index.solc}, but the pinned dev dependency is ${pinned}: npm run fevm:compile`)
  for (const f of listSources(FILECOIN_DIR)) assert.ok(Object.values(filecoin.contracts).some((c) => c.source === f), `${f} has no compiled contract`)
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
