import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { generate } from '../scripts/gen-embedded-corpus.js'
import { findVectorFiles } from './discover.js'
import { runVectorText } from './run-vector.js'
import { loadBundles } from './bundles.js'
import { unaccountedGas } from './trace-gas.js'
import { Engine } from '../interpreter/invocation/engine.js'
import { createInvoker } from '../interpreter/invocation/container.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const EMBEDDED = join(ROOT, 'vectors', 'corpus', 'embedded')
const SHARED = join(ROOT, '..', 'shared', 'vectors', 'fvm-test-vectors')

test('every embedded vector passes bit-exact', () => {
  const files = findVectorFiles([EMBEDDED])
  assert.ok(files.length >= 26, `expected the embedded corpus, found ${files.length} files`)
  for (const file of files) {
    const r = runVectorText(readFileSync(file, 'utf8'), file)
    assert.equal(r.status, 'pass', `${r.id}: ${r.reason}`)
    assert.equal(r.gas_used, r.expected_gas_used)
  }
})

test('regenerating the embedded corpus gives byte-identical files', () => {
  const out = mkdtempSync(join(tmpdir(), 'fvm-spec-corpus-'))
  try {
    const written = generate(out)
    const committed = readdirSync(EMBEDDED).filter((f) => f.endsWith('.json')).sort()
    assert.deepEqual(written.map((f) => f.slice(out.length + 1)).sort(), committed)
    for (const name of committed) {
      assert.equal(readFileSync(join(out, name), 'utf8'), readFileSync(join(EMBEDDED, name), 'utf8'), name)
    }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
})

/** Vectors of the mainnet corpus whose outcome needs no actor code (bare sends, top-level send failures). */
const KERNEL_ONLY = [
  'ext-0001-fil_9_account-Send-Ok-1',
  'ext-0001-fil_9_multisig-Send-Ok-1',
  'ext-0001-fil_9_multisig-Send-Ok-2',
  'ext-0001-fil_9_multisig-Send-Ok-4',
  'ext-0001-fil_9_multisig-Send-Ok-5',
  'ext-0001-fil_9_storagemarket-AddBalance-SysErrInsufficientFunds-1',
  'ext-0001-fil_9_storageminer-PreCommitSector-SysErrInsufficientFunds-1',
  'ext-0001-fil_9_storageminer-ProveCommitSector-SysErrInsufficientFunds-1',
  'ext-0001-fil_9_storageminer-ProveCommitSector-SysErrInsufficientFunds-3',
  'ext-0001-fil_9_storageminer-Send-Ok-1',
  'ext-0001-fil_9_storageminer-Send-Ok-2',
  'ext-0001-fil_9_storageminer-Send-Ok-4',
  'ext-0002-fil_10_storageminer-PreCommitSector-SysErrInsufficientFunds-1',
  'ext-0002-fil_10_storageminer-Send-Ok-1',
  'ext-0002-fil_10_storageminer-Send-Ok-2',
]

test(
  'mainnet corpus without bundles: every vector that runs no actor code passes, none fails',
  { skip: existsSync(SHARED) ? false : `no mainnet corpus at ${SHARED} (it lives in ../shared beside a developer's clone)` },
  () => {
    const results = findVectorFiles([SHARED]).map((f) => runVectorText(readFileSync(f, 'utf8'), f))
    const failed = results.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => `${r.id}: ${r.reason}`)
    assert.deepEqual(failed, [])
    const passed = results.filter((r) => r.status === 'pass').map((r) => r.id).sort()
    assert.deepEqual(passed, [...KERNEL_ONLY].sort())
    for (const r of results.filter((x) => x.status === 'skip')) {
      // The actor type (from the vector's manifest), the actors release, the method number and code, and what to do.
      assert.ok(r.reason !== null && /^\$\.apply_messages\[\d+\]: needs the [a-z]+ actor \(nv1[78]: built-in actors v(9|10); method \d+; code bafk\w+\) from a bundle: pass --bundles DIR or set \$FVM_SPEC_BUNDLES, DIR holding v(9|10)-builtin-actors-mainnet\.car$|ref-fvm skips/.test(r.reason), `${r.id}: ${r.reason}`)
    }
  },
)

const BUNDLES = process.env['FVM_SPEC_BUNDLES']

test(
  'mainnet corpus with the built-in actor bundles: every vector passes bit-exact except the one ref-fvm skips, and every trace sums to its gas_used',
  {
    skip: !existsSync(SHARED)
      ? `no mainnet corpus at ${SHARED}`
      : BUNDLES === undefined || !existsSync(BUNDLES)
        ? 'FVM_SPEC_BUNDLES is not set (point it at a folder with v9-/v10-builtin-actors-mainnet.car)'
        : false,
  },
  () => {
    const bundles = loadBundles(BUNDLES as string)
    const opts = { bundleBlocks: bundles.blocks, invoker: createInvoker({ engine: new Engine({ cache: false }) }), trace: true }
    const results = findVectorFiles([SHARED]).map((f) => runVectorText(readFileSync(f, 'utf8'), f, opts))
    assert.deepEqual(results.flatMap(unaccountedGas), [])
    assert.ok(results.flatMap((r) => (r.traces ?? []).flat()).filter((e) => e.kind === 'gas' && e.outOfGas !== undefined).length >= 23, 'the out-of-gas messages')
    const notPassed = results.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.status} ${r.reason}`)
    assert.deepEqual(notPassed, ['ext-0002-fil_10_storageminer-DisputeWindowedPoSt-Ok-1: skip skipped as ref-fvm skips it: proofs are faked valid, so an invalid PoSt looks valid'])
  },
)
