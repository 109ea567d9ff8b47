import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CID } from 'multiformats/cid'
import { CborError, decodeCbor, encodeCbor } from './cbor.js'
import { dagCborCid } from './cid.js'
import { fromHex, toHex } from '../util/bytes.js'

test('canonical DAG-CBOR round-trips, integers come back as bigint', () => {
  const cid = CID.parse('bafy2bzacebc3bt6cedhoyw34drrmjvazhu4oj25er2ebk4u445pzycvq4ta4a')
  const value = [1n, -5n, 2n ** 64n - 1n, new Uint8Array([1, 2]), 'text', null, true, cid, { a: 1n, bb: [] }]
  const bytes = encodeCbor(value)
  const back = decodeCbor(bytes) as unknown[]
  assert.equal(back[0], 1n)
  assert.equal(back[1], -5n)
  assert.equal(back[2], 2n ** 64n - 1n)
  assert.deepEqual(back[3], new Uint8Array([1, 2]))
  assert.equal(String(back[7]), cid.toString())
  assert.equal(toHex(encodeCbor(back as never)), toHex(bytes))
})

test('non-canonical and malformed CBOR is rejected with CborError', () => {
  const bad: Record<string, string> = {
    'non-minimal integer': '1800',
    'non-minimal byte-string length': '5801aa',
    'unsorted map keys': 'a262616102616201',
    'duplicate map keys': 'a2616101616102',
    undefined: 'f7',
    'float16': 'f93e00',
    'float32': 'fa3fc00000',
    'invalid UTF-8': '61ff',
    'indefinite-length array': '9f01ff',
    'trailing bytes': '0101',
    'tag other than 42': 'c11a00000001',
    'tag 42 without 0x00 prefix': 'd82a420171',
    truncated: '8301',
    empty: '',
  }
  for (const [what, hex] of Object.entries(bad)) {
    assert.throws(() => decodeCbor(fromHex(hex)), CborError, what)
  }
})

test('a JS number at or above 2^53 would be a float: u64 values must be bigint', () => {
  assert.equal(toHex(encodeCbor(2n ** 53n)), '1b0020000000000000')
  assert.equal(toHex(encodeCbor(2 ** 53)), 'fb4340000000000000')
})

test('links decoded again are the same value, and never views of the block they came from', () => {
  const cid = dagCborCid(encodeCbor('remembered'))
  const block = encodeCbor([cid, cid, 'padding to make the block larger than the link'])
  const [a, b] = decodeCbor(block) as [CID, CID]
  const [c] = decodeCbor(block.slice()) as [CID]
  for (const x of [a, b, c]) {
    assert.ok(x.equals(cid))
    assert.equal(x.toString(), cid.toString())
    assert.notEqual(x.bytes.buffer, block.buffer)
  }
  // A changed byte is another CID (or none), never the remembered one.
  const other = block.slice()
  other[block.indexOf(0x71) + 5]! ^= 0x01
  const [d] = decodeCbor(other) as [CID]
  assert.ok(!d.equals(cid))
})
