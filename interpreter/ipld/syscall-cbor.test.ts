/**
 * `ipld.syscall-cbor`: the CBOR of syscall inputs is read as serde_ipld_dagcbor 0.6.4 over cbor4ii
 * 0.2.14 read it (fvm@v2.12.1, v3.14.1, v4.8.2). Each case is derived from the reader's source
 * (`cbor4ii@0.2.14:src/core/dec.rs`, `serde_ipld_dagcbor@v0.6.4:src/de.rs`): what a strict DAG-CBOR
 * reader refuses and ref-fvm accepts, and what both refuse.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { decodePieceInfos } from '../crypto/proof-types.js'
import { encodeCbor, type Ipld } from './cbor.js'
import { bytes, cid, i64, readAll, SyscallCborError, text, tuple, u64, u8, vec, type Read } from './syscall-cbor.js'

const unhex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s/g, ''), 'hex'))
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

function accepts<T>(read: Read<T>, input: string, expected: T): void {
  assert.deepEqual(readAll(unhex(input), 'x', read), expected, input)
}

function refuses<T>(read: Read<T>, input: string): void {
  assert.throws(() => readAll(unhex(input), 'x', read), SyscallCborError, input)
}

test('u64: any width (non-minimal) is accepted; other majors, reserved infos, short input and trailing bytes are refused', () => {
  for (const h of ['05', '1805', '190005', '1a00000005', '1b0000000000000005']) accepts(u64, h, 5n)
  accepts(u64, '1bffffffffffffffff', 2n ** 64n - 1n)
  for (const h of ['25', '45', '65', '85', 'a5', 'c5', 'f5', 'f90000', 'fb0000000000000000', '1c', '1f', '1900', '', '0500']) refuses(u64, h)
})

test('u8: 0x00–0x17 or 0x18 and a byte; 0x19 and wider are refused even for a small value', () => {
  accepts(u8, '17', 23)
  accepts(u8, '18ff', 255)
  accepts(u8, '1805', 5)
  for (const h of ['190005', '1a00000005', '20', '45']) refuses(u8, h)
})

test('i64: both majors exactly, any width, within i64', () => {
  accepts(i64, '3b7fffffffffffffff', -(2n ** 63n))
  accepts(i64, '1b7fffffffffffffff', 2n ** 63n - 1n)
  accepts(i64, '3800', -1n)
  accepts(i64, '20', -1n)
  for (const h of ['3b8000000000000000', '1b8000000000000000', '45', 'c1']) refuses(i64, h)
})

test('bytes: definite, indefinite (chunks may be indefinite too), and an unsigned header read as a length (the major mask)', () => {
  const b123 = Uint8Array.of(1, 2, 3)
  accepts(bytes, '43010203', b123)
  accepts(bytes, '5803010203', b123)
  accepts(bytes, '5f4101420203ff', b123)
  accepts(bytes, '5f5f4101ff420203ff', b123)
  accepts(bytes, '03010203', b123)
  accepts(bytes, '1803010203', b123)
  accepts(bytes, '5f01010202 03ff', b123)
  accepts(bytes, '5fff', new Uint8Array(0))
  // A text header, an array header, the text-indefinite header, a text chunk: refused.
  for (const h of ['63010203', '83010203', '7f41 01ff', '5f6101ff', '4301', '5f4101', '9f']) refuses(bytes, h)
})

test('bytes: 256 levels of nested indefinite chunks are accepted, 257 refused (the reader\'s depth limit)', () => {
  const nested = (n: number) => '5f'.repeat(1 + n) + '40' + 'ff'.repeat(1 + n)
  accepts(bytes, nested(255), new Uint8Array(0))
  refuses(bytes, nested(256))
})

test('text: byte-string, unsigned and negative headers pass the text mask; indefinite text joins chunks before the UTF-8 check', () => {
  accepts(text, '626869', 'hi')
  accepts(text, '426869', 'hi')
  accepts(text, '026869', 'hi')
  accepts(text, '226869', 'hi')
  accepts(text, '7f6168 6169ff', 'hi')
  // é = c3 a9, split across two chunks
  accepts(text, '7f61c361a9ff', 'é')
  for (const h of ['61ff', '62c328', '5f4168ff', '826869', 'a0']) refuses(text, h)
})

test('arrays: an unsigned header is read as an array length; indefinite arrays and maps are refused; tuples have exactly their fields', () => {
  const pair = tuple<[bigint, bigint]>([['a', u64], ['b', u64]])
  accepts(pair, '820102', [1n, 2n])
  accepts(pair, '020102', [1n, 2n])
  accepts(pair, '98020102', [1n, 2n])
  accepts(pair, '9900020102', [1n, 2n])
  for (const h of ['9f0102ff', 'a20102', '8101', '83010203', '0101']) refuses(pair, h)
  accepts(vec(u64), '80', [])
  accepts(vec(u64), '00', [])
  refuses(vec(u64), '9fff')
})

const SAMPLE = CID.createV1(0x71, Digest.create(0xb220, new Uint8Array(32).fill(9)))
const LINK = `00${hex(SAMPLE.bytes)}`
const LINK_LEN = (LINK.length / 2).toString(16)

test('CIDs: tag 42 in any width and through the tag mask (unsigned, byte-string, array headers), then a real byte string; trailing bytes ignored', () => {
  for (const tag of ['d82a', 'd9002a', '182a', '582a', '982a', 'da0000002a']) accepts(cid, `${tag} 58${LINK_LEN} ${LINK}`, SAMPLE)
  // Indefinite byte string; bytes after the CID inside the string
  accepts(cid, `d82a 5f 4100 58${SAMPLE.bytes.length.toString(16)} ${hex(SAMPLE.bytes)} ff`, SAMPLE)
  accepts(cid, `d82a 58${(SAMPLE.bytes.length + 3).toString(16)} ${LINK} 0102`, SAMPLE)
  for (const h of [
    `d82b 58${LINK_LEN} ${LINK}`, // tag 43
    `f82a 58${LINK_LEN} ${LINK}`, // a simple-value header does not pass the tag mask
    `d82a 18${LINK_LEN} ${LINK}`, // the byte string must really be one (major 2)
    `d82a 4100`, // one byte: no CID
    `d82a 58${LINK_LEN} 01${hex(SAMPLE.bytes)}`, // no 0x00 prefix
    `d82a 45 00 01 71 f1 00`, // not minimal
  ]) refuses(cid, h)
})

test('on canonical input the reader agrees with the strict DAG-CBOR encoding: Vec<PieceInfo> round trips', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.uint8Array({ minLength: 32, maxLength: 32 })), { maxLength: 6 }), (pieces) => {
      const value = pieces.map(([size, d]) => [size, CID.createV1(0xf101, Digest.create(0x1012, d))] as Ipld)
      const decoded = decodePieceInfos(encodeCbor(value))
      assert.ok(decoded.ok)
      assert.deepEqual(decoded.value.map((p) => [p.size, p.cid.toString()]), pieces.map(([size, d]) => [size, CID.createV1(0xf101, Digest.create(0x1012, d)).toString()]))
    }),
    { numRuns: 200 },
  )
})

test('errors name the field', () => {
  const r = decodePieceInfos(unhex('8182 01 d82a 4100'))
  assert.ok(!r.ok)
  assert.match(r.message, /Vec<PieceInfo>\[0\]\.cid/)
})
