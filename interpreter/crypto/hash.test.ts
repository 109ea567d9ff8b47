import assert from 'node:assert/strict'
import { test } from 'node:test'
import { HASH_CODES } from '../gas/price-list.js'
import { toHex } from '../util/bytes.js'
import { digest, HASH_FUNCTIONS, hashFunction } from './hash.js'

const ABC = new TextEncoder().encode('abc')

// Published digests of "abc" (FIPS 180-2 sha256; RFC 7693 blake2b-512; blake2b-256 as in
// deps.md §3; Keccak team's keccak-256; RIPEMD-160 reference page) and of "" for keccak-256.
const KNOWN: readonly (readonly [number, string, Uint8Array, string])[] = [
  [0x12, 'sha2-256', ABC, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  [0xb220, 'blake2b-256', ABC, 'bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319'],
  [0xb240, 'blake2b-512', ABC, 'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923'],
  [0x1b, 'keccak-256', ABC, '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45'],
  [0x1b, 'keccak-256', new Uint8Array(0), 'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470'],
  [0x1053, 'ripemd-160', ABC, '8eb208f7e05d987a9b044a8e98c6b087f15a0bfc'],
]

for (const [code, name, input, hex] of KNOWN) {
  test(`hash ${name} (0x${code.toString(16)}) of ${input.length} bytes matches the published digest`, () => {
    const d = digest(BigInt(code), input)
    assert.ok(d !== undefined)
    assert.equal(toHex(d), hex)
    assert.equal(hashFunction(code)?.name, name)
    assert.equal(d.length, hashFunction(code)?.size)
  })
}

test('hash: the supported codes are exactly the price list\'s, and nothing else is supported', () => {
  assert.deepEqual(Object.fromEntries(HASH_FUNCTIONS.map((h) => [h.name, h.code])), HASH_CODES)
  for (const c of [0n, 0x11n, 0x13n, 0xb221n, 0x1012n, 0xb401n, 1n << 63n, (1n << 64n) - 1n]) assert.equal(digest(c, ABC), undefined)
})
