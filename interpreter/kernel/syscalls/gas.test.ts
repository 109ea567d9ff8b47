import assert from 'node:assert/strict'
import { test } from 'node:test'
import { newTracker } from '../../gas/tracker.js'
import { ErrorNumber } from '../../types/error-number.js'
import type { KernelState } from '../kernel.js'
import { call, chargesSince, def, errno, kernelFor, u64At, used, value, withBytes } from './kernel-fixture.js'

const ACTORS = [{ id: 100n, code: 'account', balance: 0n }] as const
const NAME = new TextEncoder().encode('OnSomething')

for (const nv of [17, 18, 21, 25] as const) {
  test(`nv${nv} gas.charge: charges the amount in whole gas under the given name`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const s = call(k0, 'gas', 'charge', [10, NAME.length, 1234n], withBytes(new Uint8Array(64), 10, NAME))
    assert.deepEqual(value(s), { value: null, writes: [] })
    assert.equal(used(s.state) - used(k0), 1_234_000n)
    assert.deepEqual(chargesSince(s.state, k0.cm.trace.size), ['OnSomething'])
  })

  test(`nv${nv} gas.charge: a name that is not UTF-8 is IllegalArgument, uncharged`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const s = call(k0, 'gas', 'charge', [0, 2, 5n], withBytes(new Uint8Array(64), 0, Uint8Array.of(0xc3, 0x28)))
    assert.equal(errno(s), ErrorNumber.IllegalArgument)
    assert.equal(used(s.state), used(k0))
  })

  test(`nv${nv} gas.charge: a name out of bounds is IllegalArgument`, () => {
    const k0 = kernelFor(nv, ACTORS)
    assert.equal(errno(call(k0, 'gas', 'charge', [60, 10, 5n], new Uint8Array(64))), ErrorNumber.IllegalArgument)
  })

  test(`nv${nv} gas.charge: an empty name is fine; more than is left is out of gas`, () => {
    const k0 = kernelFor(nv, ACTORS, { gasLimit: 1000n })
    const empty = call(k0, 'gas', 'charge', [0, 0, 0n])
    value(empty)
    assert.equal(used(empty.state), 0n)
    assert.deepEqual(chargesSince(empty.state, k0.cm.trace.size), [''])
    const s = call(k0, 'gas', 'charge', [0, 0, 1001n])
    assert.equal(errno(s), 'out-of-gas')
    assert.equal(used(s.state), 1_000_000n) // pinned at the limit
  })
}

test('nv17 gas.charge: a negative amount is a refund (v2 Gas is signed)', () => {
  const k0 = kernelFor(17, ACTORS)
  const s = call(k0, 'gas', 'charge', [0, 0, -5n])
  value(s)
  assert.equal(used(s.state) - used(k0), -5_000n)
})

for (const nv of [18, 21, 25] as const) {
  test(`nv${nv} gas.charge: −1 is read as u64::MAX, saturates and runs out of gas`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const s = call(k0, 'gas', 'charge', [0, 0, -1n])
    assert.equal(errno(s), 'out-of-gas')
  })
}

function withUsed(k: KernelState, usedMilli: bigint, limitWhole: bigint): KernelState {
  const pl = k.cm.machine.rules.priceList
  return { ...k, cm: { ...k.cm, gas: newTracker(pl.arithmetic, limitWhole * 1000n, usedMilli) } }
}

for (const nv of [18, 21, 25] as const) {
  test(`nv${nv} gas.available: whole gas left in the innermost limit, rounded down, uncharged`, () => {
    const k0 = withUsed(kernelFor(nv, ACTORS), 1_500n, 10_000n) // 1.5 gas used of 10 000
    const s = call(k0, 'gas', 'available', [])
    const out = value(s).value as Uint8Array
    assert.equal(out.length, 8)
    assert.equal(u64At(out, 0), 9_998n) // 9 998.5 rounded down
    assert.equal(used(s.state), used(k0))
  })
}

for (const nv of [18, 21, 25] as const) {
  test(`nv${nv} gas.available: 0 when everything is used; nv17 has no gas.available`, () => {
    const k0 = withUsed(kernelFor(nv, ACTORS), 10_000_000n, 10_000n)
    assert.equal(u64At(value(call(k0, 'gas', 'available', [])).value as Uint8Array, 0), 0n)
    assert.throws(() => def(kernelFor(17, ACTORS), 'gas', 'available'))
  })
}
