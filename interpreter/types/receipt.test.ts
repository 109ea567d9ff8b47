import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CborError, encodeCbor } from '../ipld/cbor.js'
import { toHex } from '../util/bytes.js'
import { decodeReceipt, encodeReceipt, type Receipt } from './receipt.js'
import { EMPTY_ARRAY_CID } from './state-root.js'

const r: Receipt = { exitCode: 16, returnData: Uint8Array.of(0xaa), gasUsed: 1234n, eventsRoot: null }

test('types.receipt-tuple: v2 is a 3-tuple, v3 a 4-tuple with null events_root', () => {
  assert.equal(toHex(encodeReceipt(r, 'v2')), '831041aa1904d2')
  assert.equal(toHex(encodeReceipt(r, 'v3')), '841041aa1904d2f6')
  assert.deepEqual(decodeReceipt(encodeReceipt(r, 'v2'), 'v2'), r)
  assert.deepEqual(decodeReceipt(encodeReceipt(r, 'v3'), 'v3'), r)
})

test('types.receipt-tuple: events root CID round-trips in v3 only', () => {
  const withEvents: Receipt = { ...r, eventsRoot: EMPTY_ARRAY_CID }
  const bytes = encodeReceipt(withEvents, 'v3')
  assert.equal(toHex(bytes).slice(0, 16), '841041aa1904d2d8')
  const back = decodeReceipt(bytes, 'v3')
  assert.ok(back.eventsRoot?.equals(EMPTY_ARRAY_CID))
  assert.throws(() => encodeReceipt(withEvents, 'v2'), CborError)
})

test('types.receipt-tuple: range and arity checks', () => {
  assert.throws(() => encodeReceipt({ ...r, gasUsed: -1n }, 'v3'), CborError)
  assert.equal(toHex(encodeReceipt({ ...r, gasUsed: -1n }, 'v2')), '831041aa20')
  assert.throws(() => encodeReceipt({ ...r, exitCode: 2 ** 32 }, 'v3'), CborError)
  assert.throws(() => encodeReceipt({ ...r, exitCode: -1 }, 'v2'), CborError)
  assert.throws(() => decodeReceipt(encodeReceipt(r, 'v3'), 'v2'), /expected 3 elements/)
  assert.throws(() => decodeReceipt(encodeReceipt(r, 'v2'), 'v3'), /expected 4 elements/)
  assert.throws(() => decodeReceipt(encodeCbor([2n ** 32n, new Uint8Array(0), 0n]), 'v2'), CborError)
  assert.throws(() => decodeReceipt(encodeCbor([0n, new Uint8Array(0), 0n, 5n]), 'v3'), /events_root/)
})
