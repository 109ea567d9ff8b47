import { test } from 'node:test'
import assert from 'node:assert/strict'
import { computeGasOutputs, overestimationBurn } from './outputs.js'

test('worked example: nv17 account Send/Ok-1 settlement (fvm-executor-state.md §1.6)', () => {
  const out = computeGasOutputs({
    gasUsed: 220196n,
    gasLimit: 265495n,
    baseFee: 149492274n,
    feeCap: 1650712149n,
    premium: 74428263n,
  })
  assert.equal(out.gasBurned, 4789n)
  assert.equal(out.gasRefund, 265495n - 220196n - 4789n)
  assert.equal(out.baseFeeBurn, 32917600765704n)
  assert.equal(out.overEstimationBurn, 715918500186n)
  assert.equal(out.minerTip, 19760331685185n)
  assert.equal(out.refund, 384861971047680n)
  assert.equal(out.minerPenalty, 0n)
  assert.equal(out.baseFeeBurn + out.overEstimationBurn + out.minerTip + out.refund, 1650712149n * 265495n)
})

test('overestimation_burn_test (fvm@v3.14.1:fvm/src/gas/outputs.rs L93–114)', () => {
  const cases: readonly (readonly [bigint, bigint, bigint, bigint])[] = [
    [100n, 200n, 10n, 90n],
    [100n, 150n, 30n, 20n],
    [1_000n, 1_300n, 240n, 60n],
    [500n, 700n, 140n, 60n],
    [200n, 200n, 0n, 0n],
    [20_000n, 21_000n, 1_000n, 0n],
    [0n, 2_000n, 0n, 2_000n],
    [500n, 651n, 121n, 30n],
    [500n, 5_000n, 0n, 4_500n],
    [7_499_000_000n, 7_500_000_000n, 1_000_000n, 0n],
    [7_500_000_000n / 2n, 7_500_000_000n, 375_000_000n, 3_375_000_000n],
    [1n, 7_500_000_000n, 0n, 7_499_999_999n],
  ]
  for (const [used, limit, refund, burn] of cases) {
    for (const arith of ['signed-i64', 'unsigned-u64'] as const) {
      assert.deepEqual(overestimationBurn(used, limit, arith), [refund, burn], `${used}/${limit} ${arith}`)
    }
  }
})

test('gas_outputs_test (fvm@v3.14.1:fvm/src/gas/outputs.rs L116–164, base fee 10)', () => {
  // used, limit, fee_cap, premium → base_fee_burn, over_estimation_burn, miner_penalty, miner_tip, refund
  const cases = [
    [100n, 110n, 11n, 1n, 1_000n, 0n, 0n, 110n, 100n],
    [100n, 130n, 11n, 1n, 1_000n, 60n, 0n, 130n, 240n],
    [100n, 110n, 10n, 1n, 1_000n, 0n, 0n, 0n, 100n],
    [100n, 110n, 6n, 1n, 600n, 0n, 400n, 0n, 60n],
  ] as const
  for (const [gasUsed, gasLimit, feeCap, premium, bfb, oeb, penalty, tip, refund] of cases) {
    const out = computeGasOutputs({ gasUsed, gasLimit, baseFee: 10n, feeCap, premium })
    assert.deepEqual(
      [out.baseFeeBurn, out.overEstimationBurn, out.minerPenalty, out.minerTip, out.refund],
      [bfb, oeb, penalty, tip, refund],
    )
  }
})

test('gasUsed > gasLimit: v2 reports a negative gas refund, v3 saturates it at 0', () => {
  assert.deepEqual(overestimationBurn(120n, 100n, 'signed-i64'), [-20n, 0n])
  assert.deepEqual(overestimationBurn(120n, 100n, 'unsigned-u64'), [0n, 0n])
})

test('base fee above the fee cap: penalty covers used and burned gas', () => {
  const out = computeGasOutputs({ gasUsed: 100n, gasLimit: 200n, baseFee: 10n, feeCap: 6n, premium: 1n })
  // burned = (200−100)·min(200−110, 100)/100 = 90
  assert.equal(out.gasBurned, 90n)
  assert.equal(out.minerPenalty, 4n * 100n + 4n * 90n)
  assert.equal(out.minerTip, 0n)
  assert.equal(out.refund, 6n * 200n - 600n - 540n)
})
