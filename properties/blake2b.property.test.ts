import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { blake2b256, blake2b256Reference } from '../interpreter/ipld/cid.js'

test('the fast blake2b-256 agrees with the reference implementation', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 4096 }), (data) => {
      assert.deepEqual(blake2b256(data), blake2b256Reference(data))
    }),
    { numRuns: 500 },
  )
  assert.equal(Buffer.from(blake2b256(new TextEncoder().encode('abc'))).toString('hex').slice(0, 8), 'bddd813c')
})
