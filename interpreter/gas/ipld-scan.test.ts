import { test } from 'node:test'
import assert from 'node:assert/strict'
import { encode } from '@ipld/dag-cbor'
import * as Digest from 'multiformats/hashes/digest'
import { CID, cidOf } from '../ipld/cid.js'
import { gasFromWhole as g } from './gas.js'
import { total } from './charge.js'
import { type PriceList, onScanIpldLinks } from './price-list.js'
import { type ReadCid, ScanCodec, scanForReachableLinks } from './ipld-scan.js'
import { HYGGE_PRICES, WATERMELON_PRICES } from './price-lists/index.js'

/** `Cid::read_bytes` for the tests, by multiformats (strict: trailing bytes are an error). */
const readCid: ReadCid<CID> = (bytes) => {
  try {
    const cid = CID.decode(bytes)
    return { codec: BigInt(cid.code), hashCode: BigInt(cid.multihash.code), digest: cid.multihash.digest, cid }
  } catch (e) {
    return (e as Error).message
  }
}

const RAW = Number(ScanCodec.IPLD_RAW)
const testCid = cidOf(RAW, new TextEncoder().encode('foobar'))
/** ref-fvm's `Test(u64, Cid, u64)` tuple struct: a 3-element CBOR array. */
const tuple = (cid: CID) => encode([0, cid, 1])

/**
 * ref-fvm's test harness (`fvm@v4.8.2:fvm/src/ipld/mod.rs` L151–172): 1 gas per field and 2^16
 * gas per CID, so that a wrong combination of counts cannot land on the expected total, and a
 * budget of exactly the expected gas, which the scan must use up.
 */
function scanCounting(codec: bigint, data: Uint8Array, fields: bigint, cids: bigint) {
  const ipld = WATERMELON_PRICES.ipld
  assert.ok(ipld !== null)
  const pl: PriceList = { ...WATERMELON_PRICES, ipld: { ...ipld, cborScanPerField: g(1n), cborScanPerCid: g(1n << 16n) } }
  const expected = g(fields) + g(1n << 16n) * cids
  const r = scanForReachableLinks(pl, codec, data, expected, readCid)
  assert.equal(r.used, expected, 'expected to use up the budget')
  return r.result
}

function links(r: ReturnType<typeof scanCounting>): readonly CID[] {
  assert.ok(r.ok, `scan failed: ${JSON.stringify(r)}`)
  return r.links
}

test('skip_raw (ipld/mod.rs L177–184): raw blocks have no links and cost nothing', () => {
  assert.deepEqual(links(scanCounting(ScanCodec.IPLD_RAW, new Uint8Array([1, 2, 3]), 0n, 0n)), [])
})

test('basic_cbor (L186–212): (0, cid, 1) is 4 fields and 1 CID as DAG-CBOR, nothing as CBOR or raw', () => {
  const data = tuple(testCid)
  assert.deepEqual(links(scanCounting(ScanCodec.DAG_CBOR, data, 4n, 1n)).map(String), [testCid.toString()])
  assert.deepEqual(links(scanCounting(ScanCodec.CBOR, data, 0n, 0n)), [])
  assert.deepEqual(links(scanCounting(ScanCodec.IPLD_RAW, data, 0n, 0n)), [])
  // Can run out of gas: the budget of 4 fields does not cover the CID.
  assert.deepEqual(scanCounting(ScanCodec.DAG_CBOR, data, 4n, 0n), { ok: false, error: { kind: 'out-of-gas' } })
})

test('recursive_cbor (L214–228): an inline (identity) CID is scanned too: 8 fields, 2 CIDs', () => {
  const inlineCid = CID.createV1(Number(ScanCodec.DAG_CBOR), Digest.create(0x00, tuple(testCid)))
  assert.deepEqual(links(scanCounting(ScanCodec.DAG_CBOR, tuple(inlineCid), 8n, 2n)).map(String), [testCid.toString()])
})

test('ignores_pieces (L230–238): a sector commitment CID is paid for but is not a link', () => {
  const piece = cidOf(Number(ScanCodec.FIL_COMMITMENT_UNSEALED), new TextEncoder().encode('foobar'))
  assert.deepEqual(links(scanCounting(ScanCodec.DAG_CBOR, tuple(piece), 4n, 1n)), [])
})

test('at WATERMELON prices: 35 gas per field, 400 per CID, metered against the gas available', () => {
  const data = tuple(testCid)
  const ok = scanForReachableLinks(WATERMELON_PRICES, ScanCodec.DAG_CBOR, data, g(1_000_000n), readCid)
  assert.equal(ok.used, g(4n * 35n + 400n))
  assert.deepEqual(onScanIpldLinks(ok.used), { name: 'OnScanIpldLinks', compute: g(540n), other: 0n })
  // Exactly enough is enough; one milligas less uses up everything and runs out of gas.
  assert.equal(scanForReachableLinks(WATERMELON_PRICES, ScanCodec.DAG_CBOR, data, g(540n), readCid).result.ok, true)
  const short = scanForReachableLinks(WATERMELON_PRICES, ScanCodec.DAG_CBOR, data, g(540n) - 1n, readCid)
  assert.deepEqual(short, { used: g(540n) - 1n, result: { ok: false, error: { kind: 'out-of-gas' } } })
  assert.equal(total(onScanIpldLinks(short.used)), g(540n) - 1n)
  // Maps count key and value; tags other than 42 count the tag and the tagged item.
  assert.equal(scanForReachableLinks(WATERMELON_PRICES, ScanCodec.DAG_CBOR, encode({ a: 1, b: [2, 3] }), g(1000n), readCid).used, g(7n * 35n))
  assert.equal(scanForReachableLinks(WATERMELON_PRICES, ScanCodec.DAG_CBOR, new Uint8Array([0xc1, 0x01]), g(1000n), readCid).used, g(2n * 35n))
})

test('errors keep the gas used so far: forbidden codecs and hashes, malformed CBOR', () => {
  const scan = (codec: bigint, data: Uint8Array) => scanForReachableLinks(WATERMELON_PRICES, codec, data, g(1_000_000n), readCid)
  const code = (r: ReturnType<typeof scan>) => (r.result.ok ? 'ok' : r.result.error.kind === 'out-of-gas' ? 'out-of-gas' : r.result.error.code)
  const dagPb = CID.createV1(0x70, testCid.multihash)
  assert.equal(code(scan(ScanCodec.DAG_CBOR, tuple(dagPb))), 'NotFound')
  assert.equal(scan(ScanCodec.DAG_CBOR, tuple(dagPb)).used, g(3n * 35n + 400n), 'the scan stops at the bad CID')
  const sha = CID.createV1(RAW, Digest.create(0x12, new Uint8Array(32)))
  assert.equal(code(scan(ScanCodec.DAG_CBOR, tuple(sha))), 'NotFound')
  const short = CID.createV1(RAW, Digest.create(0xb220, new Uint8Array(20)))
  assert.equal(code(scan(ScanCodec.DAG_CBOR, tuple(short))), 'NotFound')
  assert.equal(code(scan(0x70n, tuple(testCid))), 'IllegalCodec')
  const data = tuple(testCid)
  assert.equal(code(scan(ScanCodec.DAG_CBOR, new Uint8Array([...data, 0x00]))), 'Serialization', 'trailing bytes')
  assert.equal(code(scan(ScanCodec.DAG_CBOR, data.subarray(0, data.length - 1))), 'Serialization', 'truncated')
  assert.equal(code(scan(ScanCodec.DAG_CBOR, new Uint8Array([0x1f]))), 'Serialization', 'additional info 31')
  assert.equal(code(scan(ScanCodec.DAG_CBOR, new Uint8Array([0xd8, 0x2a, 0x01]))), 'Serialization', 'tag 42 over an integer')
  assert.equal(code(scan(ScanCodec.DAG_CBOR, new Uint8Array([0xd8, 0x2a, 0x41, 0x01]))), 'Serialization', 'CID bytes without the 0x00 prefix')
  const huge = scan(ScanCodec.DAG_CBOR, new Uint8Array([0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))
  assert.equal(code(huge), 'Serialization', 'a (2^64 − 1)-item array: its first item is paid, then missing')
  assert.equal(huge.used, g(2n * 35n))
  const overflow = scan(ScanCodec.DAG_CBOR, new Uint8Array([0x82, 0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))
  assert.equal(code(overflow), 'Serialization', '1 + (2^64 − 1) items left overflows u64')
  assert.equal(overflow.used, g(2n * 35n))
})

test('no scan before v4', () => {
  assert.throws(() => scanForReachableLinks(HYGGE_PRICES, ScanCodec.DAG_CBOR, new Uint8Array([0]), g(1n), readCid), /not charged/)
})
