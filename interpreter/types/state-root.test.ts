import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CborError, encodeCbor } from '../ipld/cbor.js'
import { dagCborCid } from '../ipld/cid.js'
import { toHex } from '../util/bytes.js'
import { EMPTY_ARRAY_BYTES, EMPTY_ARRAY_CID, decodeStateRoot, encodeStateRoot, stateRootFromIpld } from './state-root.js'

test('types.empty-array-cid: CID of the DAG-CBOR empty array', () => {
  assert.equal(toHex(EMPTY_ARRAY_BYTES), '80')
  assert.equal(toHex(encodeCbor([])), '80')
  assert.equal(EMPTY_ARRAY_CID.toString(), 'bafy2bzacebc3bt6cedhoyw34drrmjvazhu4oj25er2ebk4u445pzycvq4ta4a')
  assert.equal(EMPTY_ARRAY_CID.code, 0x71)
  assert.equal(EMPTY_ARRAY_CID.multihash.code, 0xb220)
})

test('types.state-root: encoding and round-trip', () => {
  const actors = dagCborCid(Uint8Array.of(0x81, 0x00))
  const root = { version: 5n, actors, info: EMPTY_ARRAY_CID }
  const bytes = encodeStateRoot(root)
  // 83 = array(3), 05 = version, d82a = tag 42
  assert.equal(toHex(bytes).slice(0, 8), '8305d82a')
  const back = decodeStateRoot(bytes)
  assert.equal(back.version, 5n)
  assert.ok(back.actors.equals(actors))
  assert.ok(back.info.equals(EMPTY_ARRAY_CID))
  assert.equal(toHex(encodeStateRoot({ ...root, version: 4n })).slice(0, 8), '8304d82a')
})

test('types.state-root: rejects bad arity, unknown versions and non-CIDs', () => {
  assert.throws(() => stateRootFromIpld([5n, EMPTY_ARRAY_CID]), /expected 3 elements/)
  assert.throws(() => stateRootFromIpld([6n, EMPTY_ARRAY_CID, EMPTY_ARRAY_CID]), CborError)
  assert.throws(() => stateRootFromIpld([-1n, EMPTY_ARRAY_CID, EMPTY_ARRAY_CID]), CborError)
  assert.throws(() => stateRootFromIpld([5n, new Uint8Array(3), EMPTY_ARRAY_CID]), /actors: expected a CID/)
  assert.equal(stateRootFromIpld([0n, EMPTY_ARRAY_CID, EMPTY_ARRAY_CID]).version, 0n)
})
