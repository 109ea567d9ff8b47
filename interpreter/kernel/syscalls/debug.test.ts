import assert from 'node:assert/strict'
import { test } from 'node:test'
import { call, kernelFor, used, value, withBytes } from './kernel-fixture.js'

const ACTORS = [{ id: 100n, code: 'account', balance: 0n }] as const

for (const nv of [17, 18, 21, 25] as const) {
  test(`nv${nv} debug.enabled: −1 (debugging off), uncharged`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const s = call(k0, 'debug', 'enabled', [])
    assert.deepEqual(value(s).value, Uint8Array.of(0xff, 0xff, 0xff, 0xff))
    assert.equal(used(s.state), used(k0))
  })

  test(`nv${nv} debug.log: a no-op that checks nothing (out of bounds, not UTF-8)`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const mem = withBytes(new Uint8Array(64), 0, Uint8Array.of(0xff, 0xfe))
    for (const args of [[0, 2], [60, 100], [0xffff_ffff, 0xffff_ffff]]) {
      const s = call(k0, 'debug', 'log', args, mem)
      assert.deepEqual(value(s), { value: null, writes: [] })
      assert.equal(s.state, k0)
    }
  })

  test(`nv${nv} debug.store_artifact: a no-op that checks nothing`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const s = call(k0, 'debug', 'store_artifact', [60, 100, 0xffff_ffff, 5], new Uint8Array(64))
    assert.deepEqual(value(s), { value: null, writes: [] })
    assert.equal(s.state, k0)
  })
}
