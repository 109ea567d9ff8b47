import { test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  MAX_SUBADDRESS_LEN,
  addressEquals,
  addressFromBytes,
  addressFromString,
  addressToBytes,
  addressToString,
  type Address,
} from '../interpreter/types/address.js'
import { decodeBigInt, encodeBigInt } from '../interpreter/types/token.js'
import { bytesEqual } from '../interpreter/util/bytes.js'

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })

const arbAddress: fc.Arbitrary<Address> = fc.oneof(
  u64.map((id): Address => ({ protocol: 0, id })),
  fc.uint8Array({ minLength: 20, maxLength: 20 }).map((payload): Address => ({ protocol: 1, payload })),
  fc.uint8Array({ minLength: 20, maxLength: 20 }).map((payload): Address => ({ protocol: 2, payload })),
  fc.uint8Array({ minLength: 48, maxLength: 48 }).map((payload): Address => ({ protocol: 3, payload })),
  fc
    .tuple(u64, fc.uint8Array({ minLength: 0, maxLength: MAX_SUBADDRESS_LEN }))
    .map(([namespace, subaddress]): Address => ({ protocol: 4, namespace, subaddress })),
)

test('property: address bytes round-trip (types.address-bytes)', () => {
  fc.assert(
    fc.property(arbAddress, (a) => {
      const bytes = addressToBytes(a)
      const back = addressFromBytes(bytes)
      assert.ok(addressEquals(back, a))
      assert.ok(bytesEqual(addressToBytes(back), bytes))
    }),
    { numRuns: 500 },
  )
})

test('property: address string round-trip for both networks (types.address-string)', () => {
  fc.assert(
    fc.property(arbAddress, fc.constantFrom('f' as const, 't' as const), (a, network) => {
      const text = addressToString(a, network)
      assert.equal(text[0], network)
      assert.equal(text[1], String(a.protocol))
      assert.ok(addressEquals(addressFromString(text), a))
      assert.ok(addressEquals(addressFromString(text, network), a))
    }),
    { numRuns: 500 },
  )
})

test('property: address bytes → string → bytes is the identity', () => {
  fc.assert(
    fc.property(arbAddress, (a) => {
      const bytes = addressToBytes(a)
      const viaString = addressToBytes(addressFromString(addressToString(addressFromBytes(bytes))))
      assert.ok(bytesEqual(viaString, bytes))
    }),
    { numRuns: 300 },
  )
})

test('property: BigInt bytes round-trip and canonical form (types.bigint-bytes)', () => {
  const big = fc.bigInt({ min: -(2n ** 1016n) + 1n, max: 2n ** 1016n - 1n })
  fc.assert(
    fc.property(big, (x) => {
      const b = encodeBigInt(x)
      assert.equal(decodeBigInt(b), x)
      if (x === 0n) assert.equal(b.length, 0)
      else {
        assert.equal(b[0], x < 0n ? 1 : 0)
        assert.notEqual(b[1], 0) // no leading zero in the magnitude
      }
    }),
    { numRuns: 1000 },
  )
})
