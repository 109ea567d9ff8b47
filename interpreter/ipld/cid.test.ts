/**
 * `ipld.cid-read`: CIDs read as the `cid` crate's `Cid::read_bytes` reads them (cid 0.11.2,
 * multihash 0.19.4, unsigned-varint 0.8.0 at fvm@v2.12.1, v3.14.1 and v4.8.2): full u64 codecs and
 * multihash codes, kept exactly; non-minimal varints, 11-byte varints, explicit CIDv0s, other
 * versions and digests over 64 bytes refused; a 10-byte varint's bits past the 64th dropped.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { decodeCbor, encodeCbor } from './cbor.js'
import { cidCodec, cidHashCode, readCidExact, readCidPrefix } from './cid.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const unhex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s/g, ''), 'hex'))
const D32 = '11'.repeat(32)

function read(h: string): CID {
  const c = readCidExact(unhex(h))
  if (typeof c === 'string') assert.fail(`${h}: ${c}`)
  return c
}

test('a codec of 2^53 + 1 and one of 2^64 − 1 are kept exactly, in the bytes and by cidCodec', () => {
  // 2^53 + 1 = 0x20000000000001: varint 81 80 80 80 80 80 80 10
  const big = read(`01 8180808080808010 a0e402 20 ${D32}`)
  assert.equal(cidCodec(big), 2n ** 53n + 1n)
  assert.equal(cidHashCode(big), 0xb220n)
  assert.equal(hex(big.bytes), `018180808080808010a0e40220${D32}`)
  const max = read(`01 ffffffffffffffffff01 12 20 ${D32}`)
  assert.equal(cidCodec(max), 2n ** 64n - 1n)
  assert.equal(hex(max.bytes), `01ffffffffffffffffff011220${D32}`)
  // Its DAG-CBOR link round trips exactly, so state holding it does too.
  const again = decodeCbor(encodeCbor([max]))
  assert.ok(Array.isArray(again))
  assert.equal(hex((again[0] as CID).bytes), hex(max.bytes))
})

test('a multihash code of 2^64 − 1 is kept exactly', () => {
  const c = read(`01 71 ffffffffffffffffff01 04 deadbeef`)
  assert.equal(cidHashCode(c), 2n ** 64n - 1n)
  assert.equal(cidCodec(c), 0x71n)
  assert.equal(hex(c.multihash.digest), 'deadbeef')
})

test('a 10-byte varint drops the bits past the 64th: ff×9 7f reads as 2^64 − 1, written back minimal', () => {
  const c = read(`01 ffffffffffffffffff7f 12 20 ${D32}`)
  assert.equal(cidCodec(c), 2n ** 64n - 1n)
  assert.equal(hex(c.bytes), `01ffffffffffffffffff011220${D32}`)
})

test('refused: non-minimal varints, 11-byte varints, explicit CIDv0, versions 2+, digests over 64 bytes, short digests', () => {
  for (const bad of [
    `01 f100 12 20 ${D32}`, // codec 0x71 as f1 00: not minimal
    `8100 71 12 20 ${D32}`, // version as 81 00
    `01 71 9200 20 ${D32}`, // hash code not minimal
    `01 ffffffffffffffffffff01 12 20 ${D32}`, // 11 bytes
    `00 71 12 20 ${D32}`, // explicit v0
    `02 71 12 20 ${D32}`,
    `01 71 12 41 ${'00'.repeat(65)}`,
    `01 71 12 20 ${'11'.repeat(31)}`,
    `12 20 ${'11'.repeat(31)}`,
    ``,
    `01`,
  ]) {
    assert.equal(typeof readCidPrefix(unhex(bad)), 'string', bad)
  }
  assert.equal(typeof readCidExact(unhex(`01 71 12 40 ${'00'.repeat(64)}`)), 'object')
})

test('a CIDv0 is 12 20 and 32 digest bytes; what follows a CID is left over', () => {
  const r = readCidPrefix(unhex(`1220 ${D32} 99 98`))
  assert.ok(typeof r !== 'string')
  assert.equal(r.cid.version, 0)
  assert.equal(cidCodec(r.cid), 0x70n)
  assert.equal(hex(r.rest), '9998')
  assert.equal(typeof readCidExact(unhex(`1220 ${D32} 99`)), 'string')
})

test('on ordinary CIDs the reader agrees with multiformats', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 40 }), fc.uint8Array({ maxLength: 64 }), (codec, code, digest) => {
      const cid = CID.createV1(codec, Digest.create(code, digest))
      const ours = read(hex(cid.bytes))
      assert.equal(hex(ours.bytes), hex(cid.bytes))
      assert.ok(ours.equals(cid))
      assert.equal(cidCodec(ours), BigInt(codec))
      assert.equal(cidHashCode(ours), BigInt(code))
    }),
    { numRuns: 300 },
  )
})
