import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isLeft } from 'fp-ts/lib/Either.js'
import { readCid } from './abi.js'
import { dagCborCid } from '../ipld/cid.js'
import type { KernelState } from './kernel.js'

// readCid only reads memory; it never looks at the kernel state.
const k = {} as KernelState

test('readCid reads a CIDv1 from an offset to wherever it ends', () => {
  const cid = dagCborCid(new Uint8Array([0x80]))
  const memory = new Uint8Array(200)
  memory.set(cid.bytes, 10)
  const r = readCid(k, memory, 10).result
  assert.ok(!isLeft(r))
  assert.equal(r.right.toString(), cid.toString())
})

test('readCid refuses what Cid::read_bytes refuses: zeroed memory, an explicit version 0, an overlong digest', () => {
  assert.ok(isLeft(readCid(k, new Uint8Array(64), 0).result), 'all-zero memory')
  assert.ok(isLeft(readCid(k, Uint8Array.from([0x02, 0x71, 0x00, 0x00]), 0).result), 'version 2')
  // CIDv1, dag-cbor, identity multihash with a 65-byte digest.
  const long = Uint8Array.from([0x01, 0x71, 0x00, 65, ...new Array<number>(65).fill(7)])
  assert.ok(isLeft(readCid(k, long, 0).result), 'digest over 64 bytes')
  assert.ok(isLeft(readCid(k, new Uint8Array(4), 10).result), 'offset past the end')
})

test('readCid returns a value of its own: later writes to the actor memory do not change it', () => {
  const cid = dagCborCid(new TextEncoder().encode('state'))
  const memory = new Uint8Array(64)
  memory.set(cid.bytes, 4)
  const r = readCid(k, memory, 4).result
  assert.ok(!isLeft(r), 'a valid CID')
  memory.fill(0xee)
  assert.ok(r.right.equals(cid), 'equal after the memory is overwritten (digest not a view of memory)')
  assert.equal(r.right.toString(), cid.toString())
})

test('readCid of a CIDv1 and a CIDv0, from a plain and from a shared memory (as the container creates it): no part of the value is a view of that memory', () => {
  const v1 = dagCborCid(new TextEncoder().encode('code'))
  const v0 = Uint8Array.from([0x12, 0x20, ...new Array<number>(32).fill(9)])
  for (const shared of [false, true]) {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared })
    const view = new Uint8Array(memory.buffer)
    view.set(v1.bytes, 100)
    view.set(v0, 300)
    const r1 = readCid(k, view, 100).result
    const r0 = readCid(k, view, 300).result
    assert.ok(!isLeft(r1) && !isLeft(r0))
    for (const cid of [r1.right, r0.right]) {
      for (const part of [cid.bytes, cid.multihash.bytes, cid.multihash.digest]) assert.notEqual(part.buffer, memory.buffer, `shared: ${shared}`)
    }
    const before = [r1.right.toString(), r0.right.toString()]
    view.fill(0xee)
    memory.grow(1)
    assert.deepEqual([r1.right.toString(), r0.right.toString()], before)
    assert.ok(r1.right.equals(v1))
    assert.equal(r0.right.version, 0)
  }
})
