import { test } from 'node:test'
import assert from 'node:assert/strict'
import { isLeft, isRight } from 'fp-ts/lib/Either.js'
import { I64_MAX, U64_MAX, gasFromWhole as g } from './gas.js'
import { gasCharge } from './charge.js'
import {
  type GasTracker,
  charge,
  chargeMilligas,
  gasAvailable,
  gasUsed,
  newTracker,
  popLimit,
  pushLimit,
  receiptGasUsed,
  trackerAfter,
} from './tracker.js'

function ok(r: ReturnType<typeof charge>): GasTracker {
  assert.ok(isRight(r), 'expected the charge to fit')
  return r.right
}

for (const arith of ['signed-i64', 'unsigned-u64'] as const) {
  test(`basic_gas_tracker (${arith}, fvm gas/mod.rs tests)`, () => {
    let t = newTracker(arith, g(20n), g(10n))
    t = ok(charge(t, gasCharge('', g(5n), 0n)))
    assert.equal(gasUsed(t), g(15n))
    t = ok(charge(t, gasCharge('', g(5n), 0n)))
    assert.equal(gasUsed(t), g(20n))
    assert.ok(isLeft(charge(t, gasCharge('', g(1n), 0n))))
  })

  test(`overflow pins used to the limit and returns the pinned tracker (${arith})`, () => {
    const t = newTracker(arith, g(100n))
    const r = charge(t, gasCharge('OnBig', g(60n), g(50n)))
    assert.ok(isLeft(r))
    assert.equal(r.left.kind, 'out-of-gas')
    assert.equal(r.left.tracker.used, g(100n))
    assert.equal(gasAvailable(r.left.tracker), 0n)
    assert.equal(trackerAfter(r).used, g(100n))
    assert.equal(t.used, 0n, 'the input tracker is untouched')
    assert.equal(receiptGasUsed(trackerAfter(r)), 100n)
  })

  test(`a charge exactly up to the limit fits (${arith})`, () => {
    const t = ok(chargeMilligas(newTracker(arith, 1234n), 1234n))
    assert.equal(gasAvailable(t), 0n)
  })
}

test('v2 negative charges lower used, and available may exceed the limit', () => {
  let t = newTracker('signed-i64', g(1000n))
  t = ok(charge(t, gasCharge('OnDeleteActor', 0n, g(-98800n))))
  assert.equal(gasUsed(t), g(-98800n))
  assert.equal(gasAvailable(t), g(99800n))
  assert.equal(receiptGasUsed(t), 0n, 'v2 clamps a net refund to 0 at the receipt')
  t = ok(chargeMilligas(t, g(98800n) + 1n))
  assert.equal(receiptGasUsed(t), 1n)
})

test('v2 saturates used at i64 bounds before comparing', () => {
  const t = newTracker('signed-i64', I64_MAX, I64_MAX - 5n)
  const r = chargeMilligas(t, I64_MAX)
  assert.ok(isRight(r), 'i64::MAX + x saturates to i64::MAX == limit: fits')
  assert.equal(r.right.used, I64_MAX)
})

test('v3 caps the limit at i64::MAX milligas and used at the limit', () => {
  const t = newTracker('unsigned-u64', U64_MAX, U64_MAX)
  assert.equal(t.limit, I64_MAX)
  assert.equal(t.used, I64_MAX)
})

test('v3 push_limit / pop_limit (gas/mod.rs L234–255)', () => {
  let t = ok(chargeMilligas(newTracker('unsigned-u64', g(1000n)), g(300n)))
  // explicit limit above what is available → capped at available
  const big = pushLimit(t, g(5000n))
  assert.equal(big.limit, g(700n))
  assert.equal(big.used, 0n)
  // explicit limit below what is available
  t = pushLimit(t, g(100n))
  assert.equal(t.limit, g(100n))
  assert.equal(t.snapshots.length, 1)
  const r = charge(t, gasCharge('inner', g(150n), 0n))
  assert.ok(isLeft(r))
  t = r.left.tracker
  assert.equal(t.used, g(100n), 'pinned to the inner limit')
  const popped = popLimit(t)
  assert.ok(isRight(popped))
  t = popped.right
  assert.equal(t.limit, g(1000n))
  assert.equal(t.used, g(400n), 'outer used = 300 + inner 100')
  assert.ok(gasAvailable(t) > 0n, 'the caller still has gas: v3 turns the callee OOG into exit 7')
  const again = popLimit(t)
  assert.ok(isLeft(again))
  assert.equal(again.left.kind, 'no-limit-to-pop')
})
