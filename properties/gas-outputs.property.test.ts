/**
 * Properties of `computeGasOutputs` (fvm/src/gas/outputs.rs): the escrow `feeCap × gasLimit` is
 * split exactly, and nothing is negative when the message stayed within its limit.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { computeGasOutputs } from '../interpreter/gas/outputs.js'

const gas = fc.bigInt({ min: 0n, max: 10_000_000_000n })
const atto = fc.bigInt({ min: 0n, max: 10n ** 21n })
const arithmetic = fc.constantFrom('signed-i64' as const, 'unsigned-u64' as const)

const withinLimit = fc
  .record({ a: gas, b: gas, baseFee: atto, feeCap: atto, premium: atto, arithmetic })
  .map(({ a, b, ...rest }) => ({ ...rest, gasUsed: a < b ? a : b, gasLimit: a < b ? b : a }))

test('baseFeeBurn + overEstimationBurn + minerTip + refund == feeCap × gasLimit', () => {
  fc.assert(
    fc.property(fc.record({ gasUsed: gas, gasLimit: gas, baseFee: atto, feeCap: atto, premium: atto, arithmetic }), (input) => {
      const out = computeGasOutputs(input)
      assert.equal(out.baseFeeBurn + out.overEstimationBurn + out.minerTip + out.refund, input.feeCap * input.gasLimit)
    }),
    { numRuns: 500 },
  )
})

test('all outputs are ≥ 0 when gasUsed ≤ gasLimit', () => {
  fc.assert(
    fc.property(withinLimit, (input) => {
      const out = computeGasOutputs(input)
      for (const [k, v] of Object.entries(out)) assert.ok(v >= 0n, `${k} = ${v}`)
      assert.equal(out.gasRefund + out.gasBurned, input.gasUsed === 0n ? input.gasLimit : input.gasLimit - input.gasUsed)
    }),
    { numRuns: 500 },
  )
})

test('over-estimation never burns more than the unused gas, and nothing below 110%', () => {
  fc.assert(
    fc.property(withinLimit, (input) => {
      const out = computeGasOutputs(input)
      if (input.gasUsed > 0n) assert.ok(out.gasBurned <= input.gasLimit - input.gasUsed)
      if (input.gasUsed > 0n && input.gasLimit * 10n <= input.gasUsed * 11n) assert.equal(out.gasBurned, 0n)
    }),
    { numRuns: 500 },
  )
})
