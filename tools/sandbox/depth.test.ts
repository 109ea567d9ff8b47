/**
 * The FVM's call-depth limit and the host stack, through the sandbox and through the CLI: the
 * Depth contract calls itself through CALL until a call fails. ref-fvm allows 1024 nested calls
 * (`max_call_depth`, the top-level message's call is depth 1; fvm@v3.14.1 and fvm@v4.8.2
 * `call_manager/default.rs` `with_stack_frame`: LimitExceeded, which the EVM actor's CALL turns
 * into failure, `instructions/call.rs`), so with gas enough the deepest level is 1024; with the
 * block gas limit (10^10) the 63/64 forwarding of the gas left stops it far earlier. Each level
 * nests host frames, so these run in a worker with a large stack; on a small one the sandbox
 * refuses the message (`sandbox.host-stack`) instead of giving a receipt ref-fvm would not.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { actorsVersionFor, bundleFileName } from '../genesis/versions.js'
import { readFilecoinCompiled } from '../fevm-oracle/corpus.js'
import { encodeCall } from '../fevm-oracle/abi.js'
import { inWorker, type DiveResult } from './depth.fixture.js'

const BUNDLES = process.env['FVM_SPEC_BUNDLES']
const FIXTURE = new URL('./depth.fixture.ts', import.meta.url).href
/** Enough gas for 1024 levels (about 2·10^6 gas each, but 63/64 of what is left per level). */
const HUGE_GAS = 10n ** 16n
const BLOCK_GAS = 10_000_000_000n

function bundleSkip(...nvs: number[]): string | false {
  if (BUNDLES === undefined || BUNDLES === '') return 'FVM_SPEC_BUNDLES is not set (point it at a folder with vN-builtin-actors-mainnet.car)'
  for (const nv of nvs) {
    const file = join(BUNDLES, bundleFileName(actorsVersionFor(nv) ?? 0))
    if (!existsSync(file)) return `${file} does not exist`
  }
  return false
}

test('CALL recursion on a large stack: 1024 levels with gas enough (nv18: FVM v3, nv28: v4), fewer under the block gas limit (nv18, nv21, nv28)', { skip: bundleSkip(18, 21, 28) }, async (t) => {
  const runs = [
    { nv: 18, gasLimit: HUGE_GAS },
    { nv: 28, gasLimit: HUGE_GAS },
    { nv: 18, gasLimit: BLOCK_GAS },
    { nv: 21, gasLimit: BLOCK_GAS },
    { nv: 28, gasLimit: BLOCK_GAS },
  ]
  const results = await inWorker<DiveResult[]>(FIXTURE, 'dives', [BUNDLES, runs], 256)
  for (const r of results) {
    t.diagnostic(`nv${r.nv} gas limit ${r.gasLimit}: deepest ${r.deepest}, exit ${r.exitCode}, gas used ${r.gasUsed}${r.error !== undefined ? `, ${r.error}` : ''}`)
    assert.equal(r.error, undefined)
    assert.equal(r.exitCode, 0)
    if (r.gasLimit === HUGE_GAS) assert.equal(r.deepest, 1024n, `nv${r.nv}: the FVM's call-depth limit`)
    else {
      // (G + 63c)(63/64)^d = 63c at d ≈ 280 for G = 10^10 and c ≈ 2·10^6 gas a level.
      assert.ok(r.deepest !== undefined && r.deepest > 200n && r.deepest < 1024n, `nv${r.nv}: ${r.deepest}`)
      assert.ok(r.gasUsed !== undefined && r.gasUsed < BLOCK_GAS)
    }
  }
})

test('on a small host stack the sandbox refuses the message (no receipt, state unchanged) rather than give one ref-fvm would not', { skip: bundleSkip(18) }, async () => {
  const [r] = await inWorker<DiveResult[]>(FIXTURE, 'dives', [BUNDLES, [{ nv: 18, gasLimit: HUGE_GAS }]], 1)
  assert.ok(r !== undefined)
  assert.equal(r.exitCode, undefined)
  assert.match(r.error ?? '', /the host stack ran out at call depth \d+ .* give the thread a larger stack/)
  assert.equal(r.unchanged, true)
})

test('fvm-spec t8n (the CLI, on its worker\'s large stack, standard input to standard output): evm.create of Depth, then 1024 levels at nv28', { skip: bundleSkip(28) }, () => {
  const c = readFilecoinCompiled().contracts['Depth']
  assert.ok(c)
  const dive = c.abi.find((e) => e.name === 'dive')
  assert.ok(dive)
  const alice = '0x1111111111111111111111111111111111111111'
  const input = {
    env: { nv: 28 },
    accounts: [{ address: alice, balance: '1000000000000000000000000' }],
    messages: [
      { kind: 'evm.create', from: alice, bytecode: `0x${c.bytecode}` },
      { kind: 'evm.call', from: alice, to: 'created:0', calldata: `0x${Buffer.from(encodeCall(dive, [1n, 2000n])).toString('hex')}`, gas_limit: HUGE_GAS.toString() },
    ],
  }
  const bin = join(import.meta.dirname, '..', '..', 'bin', 'fvm-spec.mjs')
  const r = spawnSync(process.execPath, [bin, 't8n', '--bundles', BUNDLES as string, '--no-cache'], { input: JSON.stringify(input), encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  const out = JSON.parse(r.stdout) as { receipts: { exit_code: number; return_data?: string }[] }
  assert.deepEqual(out.receipts.map((x) => x.exit_code), [0, 0])
  assert.equal(out.receipts[1]?.return_data, `0x${(1024).toString(16).padStart(64, '0')}`)
})
