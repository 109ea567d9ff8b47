/**
 * Precompile test vectors through EVM code. On ethereumjs (no bundles needed) they check the
 * data pipeline and the batch contract; on fvm-spec they run the real EVM actor's precompiles
 * (and the FVM hashing and crypto underneath). Skipped with a reason when the test data or the
 * FVM side is absent.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { EvmSide } from './evm-side.js'
import { fevmVersions, loadFvmEnv } from './fvm-env.js'
import { PRECOMPILE_FILES, deployBatch, loadVectors, outOfFilecoinGas, precompileTestdataDir, runVectors, unpackBatch } from './precompiles.js'
import { DEFAULT_CONTEXT, type Side } from './side.js'

const dir = precompileTestdataDir()
const haveData = PRECOMPILE_FILES.some((f) => loadVectors(f, dir) !== undefined)
const noData = haveData ? false : `no precompile test data in ${dir} (run npm run fevm:precompile-testdata, or set FVM_SPEC_PRECOMPILE_TESTDATA)`

test('unpackBatch reads the packed (ok, length, output) records', () => {
  const packed = Uint8Array.from([1, 0, 0, 0, 2, 0xaa, 0xbb, 0, 0, 0, 0, 0])
  const abi = new Uint8Array(64 + 32)
  abi[31] = 0x20
  abi[63] = packed.length
  abi.set(packed, 64)
  assert.deepEqual(unpackBatch(abi, 2).map((r) => [r.ok, [...r.output]]), [[true, [0xaa, 0xbb]], [false, []]])
})

/**
 * On ethereumjs the vectors only check the data and the batch contract: every 8th P256 vector
 * is enough there (all 781 take most of a minute on a loaded machine); fvm-spec runs every 8th
 * too by default, all 781 with FVM_SPEC_FEVM_FULL=1 (measured 781/781 at nv28).
 */
async function runAll(side: Side, nv: number, sampleP256 = false, files: ReadonlySet<string> | undefined = undefined): Promise<Map<string, { run: number; failed: string[]; outOfGas: string[] }>> {
  const batch = await deployBatch(side, nv)
  const out = new Map<string, { run: number; failed: string[]; outOfGas: string[] }>()
  for (const f of PRECOMPILE_FILES) {
    if (f.minNv > nv || (files !== undefined && !files.has(f.file))) continue
    const all = loadVectors(f, dir)
    if (all === undefined) continue
    const vectors = sampleP256 && f.minNv >= 28 ? all.filter((_, i) => i % 8 === 0) : all
    const rs = await runVectors(side, batch, nv, f, vectors)
    out.set(f.file, {
      run: rs.length,
      failed: rs.filter((r) => !r.pass && !outOfFilecoinGas(r)).map((r) => r.name),
      outOfGas: rs.filter(outOfFilecoinGas).map((r) => r.name),
    })
  }
  return out
}

test('precompile vectors on ethereumjs (nv18 set, and every 8th P256 vector at nv28)', { skip: noData }, async () => {
  for (const nv of [18, 28]) {
    const evm = await EvmSide.create({ nv, ...DEFAULT_CONTEXT })
    const res = await runAll(evm, nv, true)
    assert.ok(res.size > 0)
    for (const [file, r] of res) {
      assert.deepEqual(r.failed, [], `${file} at nv${nv} on ethereumjs`)
      assert.deepEqual(r.outOfGas, [], 'ethereumjs never runs out of gas here')
    }
  }
})

/**
 * The files run at the versions between the first and the last FEVM version (at those two, and
 * with FVM_SPEC_FEVM_FULL=1 at every version, all of them): the cheap ones. bn256Pairing and
 * blake2F (whose vector 8, 8,000,000 rounds, runs the message out of gas) take about 2.5 s of CPU
 * a version; P256 at nv28 every 8th vector unless full.
 */
const CHEAP_FILES: ReadonlySet<string> = new Set(['ecRecover.json', 'modexp_eip2565.json', 'bn256Add.json', 'bn256ScalarMul.json', 'fail-blake2f.json'])

test('precompile vectors through the real EVM actor on fvm-spec: every file at the first and last FEVM version, the cheap ones between', { skip: noData }, async (t) => {
  const env = loadFvmEnv()
  if (typeof env === 'string') {
    t.skip(env)
    return
  }
  const full = process.env['FVM_SPEC_FEVM_FULL'] === '1'
  const nvs = fevmVersions()
  for (const nv of nvs) {
    const fvm = await env.makeSide({ nv, ...DEFAULT_CONTEXT })
    const end = nv === nvs[0] || nv === nvs[nvs.length - 1]
    const res = await runAll(fvm, nv, !full, full || end ? undefined : CHEAP_FILES)
    for (const [file, r] of res) {
      assert.deepEqual(r.failed, [], `${file} at nv${nv} on fvm-spec`)
      t.diagnostic(`nv${nv} ${file}: ${r.run - r.outOfGas.length}/${r.run} pass${r.outOfGas.length > 0 ? `, out of Filecoin gas (excluded): ${r.outOfGas.join(', ')}` : ''}`)
    }
  }
})
