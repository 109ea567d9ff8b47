import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Blockstore, getCbor, MissingBlockError } from './blockstore.js'
import { dagCborCid } from './cid.js'
import { encodeCbor } from './cbor.js'

test('put returns a new store and leaves the old one unchanged (rollback = keep the old value)', () => {
  const s0 = Blockstore.empty()
  const [cid, s1] = s0.putCbor([1n, 2n])
  assert.equal(s0.get(cid), undefined)
  assert.deepEqual(getCbor(s1, cid), [1n, 2n])
  assert.equal(s1.overlaySize, 1)
  assert.equal(s0.overlaySize, 0)
})

test('putCbor names blocks with DAG-CBOR blake2b-256 CIDs', () => {
  const [cid] = Blockstore.empty().putCbor([])
  assert.equal(cid.toString(), 'bafy2bzacebc3bt6cedhoyw34drrmjvazhu4oj25er2ebk4u445pzycvq4ta4a')
  assert.equal(cid.toString(), dagCborCid(encodeCbor([])).toString())
})

test('base blocks are visible, writing an existing block is a no-op, missing blocks throw', () => {
  const bytes = encodeCbor('x')
  const cid = dagCborCid(bytes)
  const s = Blockstore.fromBlocks([[cid, bytes]])
  assert.equal(s.put(cid, bytes), s)
  assert.deepEqual(s.mustGet(cid), bytes)
  const [other] = Blockstore.empty().putCbor('y')
  assert.throws(() => s.mustGet(other), MissingBlockError)
  assert.throws(() => getCbor(s, other), MissingBlockError)
})

test('flush keeps only the written blocks reachable from the root', () => {
  const base = Blockstore.empty()
  const [leaf, s1] = base.putCbor('leaf')
  const [, s2] = s1.putCbor('garbage, linked from nowhere')
  const [mid, s3] = s2.putCbor([leaf])
  const [root, s4] = s3.putCbor({ child: mid })
  assert.equal(s4.overlaySize, 4)
  const flushed = s4.flush(root)
  assert.equal(flushed.overlaySize, 3)
  for (const c of [root, mid, leaf]) assert.ok(flushed.has(c))
  assert.deepEqual(s4.reachableWrites(root).map(([c]) => c.toString()), [root, mid, leaf].map(String))
})
