/**
 * The KAMT reader on a hand-built tree (no bundles needed): two keys that share 249 leading bits
 * sit under one link whose extension skips 49 empty levels, as ref-fvm's writer lays them out.
 * The real EVM actor's trees are read in sandbox.test.ts and compared with GetStorageAt.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Blockstore } from '../../interpreter/ipld/blockstore.js'
import { twoSlotKamt as tree } from './kamt.fixture.js'
import { CborError } from '../../interpreter/ipld/cbor.js'
import { kamtEntries, kamtGet } from './kamt.js'
import { u256Bytes, u256FromBytes, u256Word } from './evm.js'

const CONFIG = { bitWidth: 5 }

const get = (store: Blockstore, root: Parameters<typeof kamtGet>[1], key: bigint) => {
  const v = kamtGet(store, root, CONFIG, u256Word(key), (k) => u256FromBytes(k) === key)
  return v === undefined ? undefined : u256FromBytes(v as Uint8Array)
}

test('KAMT lookup: through an extension to the values; absent keys (another root index, a partial extension match, a different bucket key) are absent', () => {
  const { store, root } = tree()
  assert.equal(get(store, root, 1n), 0x2an)
  assert.equal(get(store, root, 2n), 0x2bn)
  assert.equal(get(store, root, 3n), undefined, 'same bucket as key 2, another key')
  assert.equal(get(store, root, 0n), undefined, 'bucket 0 holds key 1 only')
  assert.equal(get(store, root, 1n << 255n), undefined, 'root index 16 is not set')
  assert.equal(get(store, root, 1n << 100n), undefined, 'diverges inside the extension')
  assert.deepEqual(kamtEntries(store, root).map(([k]) => u256FromBytes(k)), [1n, 2n])
})

test('KAMT nodes are checked: pointer kinds, bitfield/pointer counts, bitfield length', () => {
  const bad = (node: unknown, re: RegExp) => {
    const [cid, store] = Blockstore.empty().putCbor(node as never)
    assert.throws(() => kamtGet(store, cid, CONFIG, u256Word(0n), () => true), (e: unknown) => e instanceof CborError && re.test(e.message))
  }
  bad([Uint8Array.of(1), [{ x: [] }]], /unknown kind "x"/)
  bad([Uint8Array.of(3), [{ v: [] }]], /2 bits set but 1 pointers/)
  bad([new Uint8Array(33), []], /longer than 32 bytes/)
  bad([Uint8Array.of(1)], /expected 2 elements/)
})

test('U256 encodings: zeroless big-endian values, 32-byte words as keys', () => {
  assert.deepEqual(u256Bytes(0n), new Uint8Array())
  assert.deepEqual(u256Bytes(0x1234n), Uint8Array.of(0x12, 0x34))
  assert.equal(u256FromBytes(u256Bytes((1n << 256n) - 1n)), (1n << 256n) - 1n)
  assert.throws(() => u256Bytes(1n << 256n), RangeError)
  assert.equal(u256Word(1n).length, 32)
  assert.equal(u256Word(1n)[31], 1)
})
