import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isLeft } from 'fp-ts/lib/Either.js'
import { charge, type CallManagerState } from './call-manager.js'
import { gasCharge } from '../gas/charge.js'
import { popLimit, pushLimit, receiptGasUsed } from '../gas/tracker.js'
import { kernelFor } from '../kernel/syscalls/kernel-fixture.js'
import { traceGas, traceEventToJson } from '../trace/trace.js'

const cmWithLimit = (nv: 17 | 18, gasLimit: bigint): CallManagerState => kernelFor(nv, [{ id: 100n, code: 'account', balance: 50n }], { gasLimit }).cm

test('the charge that runs out of gas is traced as the part charged and marked as the out-of-gas point', () => {
  for (const nv of [17, 18] as const) {
    const s0 = cmWithLimit(nv, 10n) // 10 gas = 10 000 milligas
    const first = charge(s0, gasCharge('OnA', 3_000n, 1_000n))
    assert.ok(!isLeft(first.result))
    const oog = charge(first.state, gasCharge('OnB', 5_000n, 4_000n))
    assert.ok(isLeft(oog.result), `nv${nv}: the second charge does not fit`)
    assert.equal(oog.state.gas.used, 10_000n, 'the tracker pins at the limit')
    const events = oog.state.trace.toArray()
    assert.deepEqual(events[1], { kind: 'gas', name: 'OnB', compute: 5_000n, other: 1_000n, outOfGas: { compute: 5_000n, other: 4_000n } })
    assert.equal(traceGas(events), 10_000n)
    assert.equal(receiptGasUsed(oog.state.gas), 10n)
    assert.equal(
      traceEventToJson(events[1] as (typeof events)[number]),
      '{"kind":"gas","name":"OnB","compute":"5000","other":"1000","out_of_gas":{"compute":"5000","other":"4000"}}',
    )
    // Charged compute first: a charge whose compute alone does not fit charges no other gas.
    const all = charge(first.state, gasCharge('OnC', 9_000n, 9_000n))
    assert.deepEqual(all.state.trace.last(), { kind: 'gas', name: 'OnC', compute: 6_000n, other: 0n, outOfGas: { compute: 9_000n, other: 9_000n } })
  }
})

test('a charge that fits is traced whole, with no out-of-gas mark', () => {
  const s = charge(cmWithLimit(18, 10n), gasCharge('OnA', 6_000n, 4_000n))
  assert.ok(!isLeft(s.result))
  assert.deepEqual(s.state.trace.toArray(), [{ kind: 'gas', name: 'OnA', compute: 6_000n, other: 4_000n }])
})

test('nv18 nested gas limit: the inner out-of-gas charge is clipped to the nested limit and the outer total still adds up', () => {
  const s0 = charge(cmWithLimit(18, 100n), gasCharge('Outer', 20_000n)).state
  const pushed = { ...s0, gas: pushLimit(s0.gas, 30_000n) }
  const inner = charge(charge(pushed, gasCharge('Inner', 25_000n)).state, gasCharge('InnerOOG', 50_000n, 1n))
  assert.ok(isLeft(inner.result))
  assert.deepEqual(inner.state.trace.last(), { kind: 'gas', name: 'InnerOOG', compute: 5_000n, other: 0n, outOfGas: { compute: 50_000n, other: 1n } })
  const popped = popLimit(inner.state.gas)
  assert.ok(!isLeft(popped))
  assert.equal(popped.right.used, 50_000n)
  assert.equal(traceGas(inner.state.trace), popped.right.used)
})
