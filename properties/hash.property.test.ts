import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { blake2b256Parts, HASH_FUNCTIONS } from '../interpreter/crypto/hash.js'
import { concatBytes } from '../interpreter/util/bytes.js'

/** Bytes of length `n` drawn from a seed, cheaply (a xorshift stream), for inputs too large for fast-check to draw byte by byte. */
function stream(seed: number, n: number): Uint8Array {
  const out = new Uint8Array(n)
  let x = seed | 1
  for (let i = 0; i < n; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

for (const h of HASH_FUNCTIONS) {
  test(`${h.name}: the fast implementation agrees with the reference on small inputs`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (data) => {
        const d = h.digest(data)
        assert.equal(d.length, h.size)
        assert.deepEqual(d, h.reference(data))
      }),
      { numRuns: 300 },
    )
  })

  test(`${h.name}: the fast implementation agrees with the reference on large inputs, and on views`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 << 20 }), fc.integer(), fc.integer({ min: 0, max: 100 }), (n, seed, at) => {
        // A view into a larger buffer, as the syscall hashes the actor's memory in place.
        const buffer = stream(seed, n + at + 7)
        const data = buffer.subarray(at, at + n)
        assert.deepEqual(h.digest(data), h.reference(data))
      }),
      { numRuns: 6 },
    )
  })
}

test('blake2b-256 over parts is blake2b-256 over their concatenation', () => {
  const blake = HASH_FUNCTIONS.find((h) => h.name === 'blake2b-256')
  assert.ok(blake)
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 6 }), (parts) => {
      assert.deepEqual(blake2b256Parts(parts), blake.reference(concatBytes(...parts)))
    }),
    { numRuns: 200 },
  )
})

test('known digests of "abc"', () => {
  const abc = new TextEncoder().encode('abc')
  const hex = (name: string): string => Buffer.from((HASH_FUNCTIONS.find((h) => h.name === name) as (typeof HASH_FUNCTIONS)[number]).digest(abc)).toString('hex')
  assert.equal(hex('sha2-256'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  assert.equal(hex('keccak-256'), '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45')
  assert.equal(hex('ripemd-160'), '8eb208f7e05d987a9b044a8e98c6b087f15a0bfc')
  assert.equal(hex('blake2b-256'), 'bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319')
})
