/**
 * Property tests of the AMT against a plain Map model (fast-check prints the seed and the
 * shrunk counterexample on failure).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { Amt, MAX_INDEX } from '../interpreter/ipld/amt.js'
import { Blockstore } from '../interpreter/ipld/blockstore.js'

type Op = { readonly kind: 'set'; readonly i: bigint; readonly value: string } | { readonly kind: 'delete'; readonly i: bigint } | { readonly kind: 'flush' }

/** Mostly small indices (collisions, shared leaves), sometimes far ones (growth and shrinking). */
const arbIndex = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt({ min: 0n, max: 40n }) },
  { weight: 3, arbitrary: fc.bigInt({ min: 0n, max: 5000n }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: MAX_INDEX }) },
)
const arbOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), i: arbIndex, value: fc.constantFrom('a', 'b', 'c') }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), i: arbIndex }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'flush' as const }) },
)
const arbBitWidth = fc.constantFrom(1, 2, 3, 5)

function build(bitWidth: number, entries: Iterable<readonly [bigint, string]>): string {
  let a = Amt.empty(bitWidth)
  const store = Blockstore.empty()
  for (const [i, v] of entries) a = a.set(store, i, v)
  return a.flush(store).root.toString()
}

test('property: random set/delete/flush+reload sequences agree with a Map model, and the root only depends on the contents', () => {
  fc.assert(
    fc.property(arbBitWidth, fc.array(arbOp, { maxLength: 80 }), (bitWidth, ops) => {
      const model = new Map<bigint, string>()
      let store = Blockstore.empty()
      let a = Amt.empty(bitWidth)
      for (const op of ops) {
        if (op.kind === 'set') {
          a = a.set(store, op.i, op.value)
          model.set(op.i, op.value)
        } else if (op.kind === 'delete') {
          const r = a.delete(store, op.i)
          assert.equal(r.deleted, model.get(op.i))
          model.delete(op.i)
          a = r.amt
        } else {
          const r = a.flush(store)
          store = r.store
          a = Amt.load(store, r.root)
        }
        if (op.kind !== 'flush') assert.equal(a.get(store, op.i), model.get(op.i))
        assert.equal(a.count, BigInt(model.size))
      }
      const sorted = [...model].sort((x, y) => (x[0] < y[0] ? -1 : 1))
      assert.deepEqual([...a.entries(store)], sorted)
      if (model.size === 0) assert.equal(a.height, 0)
      // Canonical form: the same contents inserted in ascending and descending order.
      const root = a.flush(store).root.toString()
      assert.equal(root, build(bitWidth, sorted))
      assert.equal(root, build(bitWidth, [...sorted].reverse()))
    }),
    { numRuns: 100 },
  )
})

test('property: deleting a newly set index restores the earlier root (also across flush + reload)', () => {
  fc.assert(
    fc.property(arbBitWidth, fc.uniqueArray(arbIndex, { minLength: 1, maxLength: 40 }), fc.boolean(), (bitWidth, indices, reload) => {
      const [extra, ...base] = indices as [bigint, ...bigint[]]
      let store = Blockstore.empty()
      let a = Amt.empty(bitWidth)
      for (const i of base) a = a.set(store, i, 'v')
      const r0 = a.flush(store)
      store = r0.store
      let a1 = r0.amt.set(store, extra, 'extra')
      if (reload) {
        const r1 = a1.flush(store)
        store = r1.store
        a1 = Amt.load(store, r1.root)
      }
      const d = a1.delete(store, extra)
      assert.equal(d.deleted, 'extra')
      assert.equal(d.amt.height, r0.amt.height)
      assert.equal(d.amt.flush(store).root.toString(), r0.root.toString())
    }),
    { numRuns: 100 },
  )
})
