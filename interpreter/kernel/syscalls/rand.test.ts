import assert from 'node:assert/strict'
import { test } from 'node:test'
import { blake2b } from '@noble/hashes/blake2.js'
import { replayingExterns, type Externs } from '../../machine/externs.js'
import { ErrorNumber } from '../../types/error-number.js'
import type { KernelState } from '../kernel.js'
import { call, chargesSince, errno, kernelFor, used, value, withBytes } from './kernel-fixture.js'

const ACTORS = [{ id: 100n, code: 'account', balance: 0n }] as const
const DIGEST = Uint8Array.from({ length: 32 }, (_, i) => i + 1)
const ENTROPY = Uint8Array.of(9, 8, 7, 6, 5)

function withExterns(k: KernelState, externs: Externs): KernelState {
  return { ...k, cm: { ...k.cm, machine: { ...k.cm.machine, externs } } }
}

/** The draw written out by hand: blake2b-256(pers i64 BE ‖ digest ‖ round i64 BE ‖ entropy). */
function expectedDraw(pers: bigint, digest: Uint8Array, round: bigint, entropy: Uint8Array): Uint8Array {
  const buf = new Uint8Array(8 + 32 + 8 + entropy.length)
  const dv = new DataView(buf.buffer)
  dv.setBigInt64(0, pers, false)
  buf.set(digest, 8)
  dv.setBigInt64(40, round, false)
  buf.set(entropy, 48)
  return blake2b(buf, { dkLen: 32 })
}

// ref-fvm price_list.rs: v2 (SKYR) on_get_randomness = extern_cost 21 000 + 0 + 0·len (compute);
// v3 (HYGGE) = get_randomness_seed 21 000 + blake2b-256 hashing 10·(len + 48) (other).
const CHARGE = { 17: (len: bigint) => 21_000_000n + 0n * len, 18: (len: bigint) => 21_000_000n + 10_000n * (len + 48n) } as const

for (const nv of [17, 18] as const) {
  for (const [name, kind] of [['get_chain_randomness', 'chain'], ['get_beacon_randomness', 'beacon']] as const) {
    test(`nv${nv} rand.${name}: draws from the ${kind} digest and charges OnGetRandomness`, () => {
      const k0 = withExterns(kernelFor(nv, ACTORS), replayingExterns([{ kind, epoch: 990n, ret: DIGEST }]))
      const mem = withBytes(new Uint8Array(256), 64, ENTROPY)
      const s = call(k0, 'rand', name, [7n, 990n, 64, ENTROPY.length], mem)
      const out = value(s)
      assert.deepEqual(out.value, expectedDraw(7n, DIGEST, 990n, ENTROPY))
      assert.equal(out.writes.length, 0)
      assert.equal(used(s.state) - used(k0), CHARGE[nv](5n))
      assert.deepEqual(chargesSince(s.state, k0.cm.trace.size), ['OnGetRandomness'])
    })

    test(`nv${nv} rand.${name}: negative personalisation and round, empty entropy; an unrecorded epoch uses the fallback digest`, () => {
      const k0 = kernelFor(nv, ACTORS)
      const s = call(k0, 'rand', name, [-2n, -5n, 0, 0])
      const fallback = new TextEncoder().encode('i_am_random_____i_am_random_____')
      assert.deepEqual(value(s).value, expectedDraw(-2n, fallback, -5n, new Uint8Array(0)))
      assert.equal(used(s.state) - used(k0), CHARGE[nv](0n))
    })

    test(`nv${nv} rand.${name}: entropy out of bounds is IllegalArgument before any charge`, () => {
      const k0 = kernelFor(nv, ACTORS)
      const s = call(k0, 'rand', name, [1n, 1n, 4000, 200], new Uint8Array(4096))
      assert.equal(errno(s), ErrorNumber.IllegalArgument)
      assert.equal(used(s.state), used(k0))
    })

    test(`nv${nv} rand.${name}: an extern failure is IllegalArgument after the charge`, () => {
      const failing: Externs = {
        chainRandomness: () => { throw new Error('no randomness') },
        beaconRandomness: () => { throw new Error('no randomness') },
        proofs: 'fake',
      }
      const k0 = withExterns(kernelFor(nv, ACTORS), failing)
      const s = call(k0, 'rand', name, [1n, 1n, 0, 3])
      assert.equal(errno(s), ErrorNumber.IllegalArgument)
      assert.equal(used(s.state) - used(k0), CHARGE[nv](3n))
    })
  }
}

test('nv18 rand: the charge grows with the entropy (10 gas per byte)', () => {
  const k0 = kernelFor(18, ACTORS)
  const s = call(k0, 'rand', 'get_chain_randomness', [1n, 1n, 0, 100])
  assert.equal(used(s.state) - used(k0), 21_000_000n + 10_000n * 148n) // 22 480 gas
})

test('nv17 rand: the charge does not depend on the entropy', () => {
  const k0 = kernelFor(17, ACTORS)
  const s = call(k0, 'rand', 'get_chain_randomness', [1n, 1n, 0, 100])
  assert.equal(used(s.state) - used(k0), 21_000_000n)
})
