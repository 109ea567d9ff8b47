/**
 * Property tests of the HAMT against a plain Map model (fast-check prints the seed and the
 * shrunk counterexample on failure; re-run with `{ seed, path }` to reproduce).
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { Hamt } from '../interpreter/ipld/hamt.js'
import { Blockstore } from '../interpreter/ipld/blockstore.js'
import type { Ipld } from '../interpreter/ipld/cbor.js'
import { compareBytes, fromHex, toHex } from '../interpreter/util/bytes.js'

type Op = { readonly kind: 'set'; readonly key: string; readonly value: bigint } | { readonly kind: 'delete'; readonly key: string } | { readonly kind: 'flush' }

/** Keys from a small domain (hex of 1-2 bytes) so that sets and deletes collide often. */
const arbKey = fc.oneof(
  fc.integer({ min: 0, max: 40 }).map((n) => toHex(new Uint8Array([n]))),
  fc.integer({ min: 0, max: 300 }).map((n) => toHex(new Uint8Array([n >> 8, n & 0xff]))),
)
const arbOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('set' as const), key: arbKey, value: fc.bigInt({ min: 0n, max: 3n }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), key: arbKey }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'flush' as const }) },
)
const arbBitWidth = fc.constantFrom(1, 2, 3, 5, 8)

function build(bitWidth: number, entries: Iterable<readonly [string, bigint]>): string {
  let h = Hamt.empty({ bitWidth })
  const store = Blockstore.empty()
  for (const [k, v] of entries) h = h.set(store, fromHex(k), v)
  return h.flush(store).root.toString()
}

test('property: random set/delete/flush+reload sequences agree with a Map model, and the root only depends on the contents', () => {
  fc.assert(
    fc.property(arbBitWidth, fc.array(arbOp, { maxLength: 120 }), (bitWidth, ops) => {
      const model = new Map<string, bigint>()
      let store = Blockstore.empty()
      let h = Hamt.empty({ bitWidth })
      for (const op of ops) {
        if (op.kind === 'set') {
          const before = h
          h = h.set(store, fromHex(op.key), op.value)
          if (model.get(op.key) === op.value) assert.equal(h, before, 'an identical value leaves the tree unchanged')
          model.set(op.key, op.value)
        } else if (op.kind === 'delete') {
          const r = h.delete(store, fromHex(op.key))
          assert.equal(r.deleted, model.get(op.key))
          model.delete(op.key)
          h = r.hamt
        } else {
          const r = h.flush(store)
          store = r.store
          h = Hamt.load(store, r.root, { bitWidth })
        }
        if (op.kind !== 'flush') assert.equal(h.get(store, fromHex(op.key)), model.get(op.key))
      }
      const got = new Map([...h.entries(store)].map(([k, v]): [string, Ipld] => [toHex(k), v]))
      assert.deepEqual(got, model)
      // Canonical form: the same contents inserted in sorted order give the same root.
      const sorted = [...model].sort((a, b) => compareBytes(fromHex(a[0]), fromHex(b[0])))
      assert.equal(h.flush(store).root.toString(), build(bitWidth, sorted))
    }),
    { numRuns: 100 },
  )
})

test('property: the root is independent of insertion order', () => {
  fc.assert(
    fc.property(
      arbBitWidth,
      fc.uniqueArray(fc.uint8Array({ minLength: 0, maxLength: 3 }).map(toHex), { maxLength: 80 }),
      fc.array(fc.double({ noNaN: true }), { minLength: 80, maxLength: 80 }),
      (bitWidth, keys, order) => {
        const entries = keys.map((k, i) => [k, BigInt(i)] as const)
        const shuffled = entries.map((e, i) => [order[i] as number, e] as const).sort((a, b) => a[0] - b[0]).map(([, e]) => e)
        assert.equal(build(bitWidth, entries), build(bitWidth, shuffled))
      },
    ),
    { numRuns: 100 },
  )
})

test('property: deleting a newly inserted key restores the earlier root (also across flush + reload)', () => {
  fc.assert(
    fc.property(
      arbBitWidth,
      fc.uniqueArray(arbKey, { minLength: 1, maxLength: 100 }),
      fc.boolean(),
      (bitWidth, keys, reload) => {
        const [extra, ...base] = keys as [string, ...string[]]
        let store = Blockstore.empty()
        let h = Hamt.empty({ bitWidth })
        for (const k of base) h = h.set(store, fromHex(k), fromHex(k))
        const r0 = h.flush(store)
        store = r0.store
        let h1 = r0.hamt.set(store, fromHex(extra), 7n)
        if (reload) {
          const r1 = h1.flush(store)
          store = r1.store
          h1 = Hamt.load(store, r1.root, { bitWidth })
        }
        const d = h1.delete(store, fromHex(extra))
        assert.equal(d.deleted, 7n)
        assert.equal(d.hamt.flush(store).root.toString(), r0.root.toString())
      },
    ),
    { numRuns: 100 },
  )
})
