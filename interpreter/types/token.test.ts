import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CborError } from '../ipld/cbor.js'
import { fromHex, toHex } from '../util/bytes.js'
import { BIGINT_MAX_BYTES, FILECOIN_PRECISION, TOTAL_FILECOIN, decodeBigInt, encodeBigInt, formatFil } from './token.js'

test('types.bigint-bytes: known encodings', () => {
  assert.equal(toHex(encodeBigInt(0n)), '')
  assert.equal(toHex(encodeBigInt(1n)), '0001')
  assert.equal(toHex(encodeBigInt(-1n)), '0101')
  assert.equal(toHex(encodeBigInt(255n)), '00ff')
  assert.equal(toHex(encodeBigInt(256n)), '000100')
  assert.equal(toHex(encodeBigInt(-256n)), '010100')
  // 10^18 = 0x0de0b6b3a7640000
  assert.equal(toHex(encodeBigInt(FILECOIN_PRECISION)), '000de0b6b3a7640000')
})

test('types.bigint-bytes: round-trips', () => {
  for (const x of [0n, 1n, -1n, 127n, 128n, -129n, 2n ** 64n, -(2n ** 64n) + 1n, TOTAL_FILECOIN, -TOTAL_FILECOIN, 2n ** 1000n]) {
    assert.equal(decodeBigInt(encodeBigInt(x)), x)
  }
})

test('types.bigint-bytes: decoding accepts what bigint_ser accepts', () => {
  assert.equal(decodeBigInt(new Uint8Array(0)), 0n)
  assert.equal(decodeBigInt(fromHex('00')), 0n) // sign byte alone
  assert.equal(decodeBigInt(fromHex('01')), 0n) // negative zero
  assert.equal(decodeBigInt(fromHex('0100')), 0n)
  assert.equal(decodeBigInt(fromHex('00000005')), 5n) // leading zeros are accepted
  assert.equal(decodeBigInt(fromHex('01000005')), -5n)
})

test('types.bigint-bytes: rejects a bad sign byte and more than 128 bytes', () => {
  assert.throws(() => decodeBigInt(fromHex('02')), CborError)
  assert.throws(() => decodeBigInt(fromHex('ff01')), CborError)
  const max = new Uint8Array(BIGINT_MAX_BYTES).fill(0xff)
  max[0] = 0
  assert.equal(decodeBigInt(max), 2n ** 1016n - 1n)
  assert.equal(toHex(encodeBigInt(2n ** 1016n - 1n)), toHex(max))
  const tooLong = new Uint8Array(BIGINT_MAX_BYTES + 1)
  assert.throws(() => decodeBigInt(tooLong), /too large/)
  // 129 bytes even though the value is small (leading zeros count)
  tooLong[tooLong.length - 1] = 1
  assert.throws(() => decodeBigInt(tooLong), CborError)
  assert.throws(() => encodeBigInt(2n ** 1016n), /too large/)
  assert.throws(() => encodeBigInt(-(2n ** 1016n)), /too large/)
})

test('constants and formatting', () => {
  assert.equal(FILECOIN_PRECISION, 1_000_000_000_000_000_000n)
  assert.equal(TOTAL_FILECOIN, 2_000_000_000_000_000_000_000_000_000n)
  assert.equal(formatFil(1_500_000_000_000_000_000n), '1.5')
  assert.equal(formatFil(-1n), '-0.000000000000000001')
  assert.equal(formatFil(0n), '0.0')
})
