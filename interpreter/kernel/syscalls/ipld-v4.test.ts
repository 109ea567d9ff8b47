/**
 * The v4 (nv21–nv28, FIP-0071) `ipld` syscalls through the kernel fixture: reachability, the link
 * scan and its charges, with gas derived by hand from WATERMELON_PRICES (fvm@v4.8.2
 * `fvm/src/gas/price_list.rs`): block open flat 187 440 other; link checked / tracked 300 compute;
 * CBOR scan 35 per field, 400 per CID; allocation 2 + memcpy 0.4 compute per byte, retention
 * minimum 10 per byte. Orders: `fvm/src/kernel/default.rs` L392–498.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { encodeCbor } from '../../ipld/cbor.js'
import { cidOf, Codec } from '../../ipld/cid.js'
import { ErrorNumber } from '../../types/error-number.js'
import { isReachable, linksOf, markReachable } from '../block-registry.js'
import type { KernelState } from '../kernel.js'
import { call, chargesSince, errno, kernelFor, u32At, u64At, used, value, withBytes } from './kernel-fixture.js'

const ACTORS = [{ id: 100n, code: 'multisig', balance: 0n }]
const g = (whole: number): bigint => BigInt(Math.round(whole * 1000))

const LEAF = new TextEncoder().encode('foobar')
const LEAF_CID = cidOf(Codec.IPLD_RAW, LEAF)
/** ref-fvm's `Test(0, cid, 1)`: a 3-tuple holding one link; scans as 4 fields and 1 CID. */
const TUPLE = encodeCbor([0n, LEAF_CID, 1n])
const TUPLE_SCAN = 4 * 35 + 400

/** A kernel whose blockstore holds `blocks` (nothing reachable yet). */
function withStore(k: KernelState, blocks: readonly (readonly [CID, Uint8Array])[]): KernelState {
  let store = k.cm.tree.store
  for (const [cid, data] of blocks) store = store.put(cid, data)
  return { ...k, cm: { ...k.cm, tree: k.cm.tree.withStore(store) } }
}

function reach(k: KernelState, ...cids: CID[]): KernelState {
  return { ...k, blocks: cids.reduce(markReachable, k.blocks) }
}

const cidAt0 = (cid: CID): Uint8Array => withBytes(new Uint8Array(4096), 0, cid.bytes)

for (const nv of [21, 25] as const) {
  test(`nv${nv} ipld.block_open: an unreachable CID is NotFound after OnBlockOpenBase (300 compute + 187 440 other)`, () => {
    const k = withStore(kernelFor(nv, ACTORS), [[LEAF_CID, LEAF]])
    const s = call(k, 'ipld', 'block_open', [0], cidAt0(LEAF_CID))
    assert.equal(errno(s), ErrorNumber.NotFound)
    assert.equal(used(s.state), g(187_740))
    assert.deepEqual(chargesSince(s.state, 0), ['OnBlockOpenBase'])
  })

  test(`nv${nv} ipld.block_open: a reachable raw block: base, a zero scan, OnBlockOpen(size, 0) = 10 gas/byte`, () => {
    const k = reach(withStore(kernelFor(nv, ACTORS), [[LEAF_CID, LEAF]]), LEAF_CID)
    const s = call(k, 'ipld', 'block_open', [0], cidAt0(LEAF_CID))
    const out = value(s).value as Uint8Array
    assert.equal(u64At(out, 0), BigInt(Codec.IPLD_RAW))
    assert.equal(u32At(out, 8), 1)
    assert.equal(u32At(out, 12), LEAF.length)
    assert.deepEqual(chargesSince(s.state, 0), ['OnBlockOpenBase', 'OnScanIpldLinks', 'OnBlockOpen'])
    assert.equal(used(s.state), g(187_740 + 10 * LEAF.length))
  })

  test(`nv${nv} ipld.block_open: a DAG-CBOR block's links become reachable; OnBlockOpen = max(300·links + 2.4·size, 10·size)`, () => {
    const tupleCid = cidOf(Codec.DAG_CBOR, TUPLE)
    const k = reach(withStore(kernelFor(nv, ACTORS), [[tupleCid, TUPLE]]), tupleCid)
    assert.ok(!isReachable(k.blocks, LEAF_CID))
    const s = call(k, 'ipld', 'block_open', [0], cidAt0(tupleCid))
    assert.equal(u32At(value(s).value as Uint8Array, 8), 1)
    assert.ok(isReachable(s.state.blocks, LEAF_CID), 'the opened block\'s link is reachable')
    const opened = s.state.blocks.blocks.get(0)
    assert.ok(opened !== undefined)
    assert.deepEqual(linksOf(opened).map(String), [LEAF_CID.toString()])
    // 46 bytes: 0x83, 0x00, tag 42 (2), bytes header (2), 0x00 + the 38-byte CID, 0x01.
    assert.equal(TUPLE.length, 46)
    const open = Math.max(300 + 2.4 * 46, 10 * 46)
    assert.equal(used(s.state), g(187_740 + TUPLE_SCAN + open))
  })

  test(`nv${nv} ipld.block_open: a reachable block that does not scan is Serialization after the scan charge; a missing one is fatal`, () => {
    const bad = Uint8Array.of(0x82, 0x01) // an array of 2 with only one item
    const badCid = cidOf(Codec.DAG_CBOR, bad)
    const k = reach(withStore(kernelFor(nv, ACTORS), [[badCid, bad]]), badCid)
    const s = call(k, 'ipld', 'block_open', [0], cidAt0(badCid))
    assert.equal(errno(s), ErrorNumber.Serialization)
    // Fields charged: the array header, the 1, then the missing third header.
    assert.equal(used(s.state), g(187_740 + 3 * 35))
    assert.deepEqual(chargesSince(s.state, 0), ['OnBlockOpenBase', 'OnScanIpldLinks'])
    const absent = cidOf(Codec.DAG_CBOR, Uint8Array.of(0x80, 0x80))
    const m = call(reach(k, absent), 'ipld', 'block_open', [0], cidAt0(absent))
    assert.equal(errno(m), 'fatal')
  })

  test(`nv${nv} ipld.block_open: a reachable CID of another codec is IllegalCodec from the scan`, () => {
    const pb = CID.createV1(0x70, Digest.create(0xb220, cidOf(Codec.IPLD_RAW, LEAF).multihash.digest))
    const k = reach(withStore(kernelFor(nv, ACTORS), [[pb, LEAF]]), pb)
    const s = call(k, 'ipld', 'block_open', [0], cidAt0(pb))
    assert.equal(errno(s), ErrorNumber.IllegalCodec)
    assert.equal(used(s.state), g(187_740))
  })

  test(`nv${nv} ipld.block_open: an identity-hash CID is never reachable by itself (blocks.rs L120–124)`, () => {
    const inline = CID.createV1(Codec.IPLD_RAW, Digest.create(0x00, LEAF))
    const k = withStore(kernelFor(nv, ACTORS), [[inline, LEAF]])
    const s = call(k, 'ipld', 'block_open', [0], cidAt0(inline))
    assert.equal(errno(s), ErrorNumber.NotFound)
    // Not even when a block that inlines it was opened: the scan looks inside and returns no inline CID.
    const outer = encodeCbor([inline])
    const outerCid = cidOf(Codec.DAG_CBOR, outer)
    const o = call(reach(withStore(k, [[outerCid, outer]]), outerCid), 'ipld', 'block_open', [0], cidAt0(outerCid))
    value(o)
    assert.equal(o.state.blocks.reachable.size, 1)
    assert.equal(errno(call(o.state, 'ipld', 'block_open', [0], cidAt0(inline))), ErrorNumber.NotFound)
  })

  test(`nv${nv} ipld.block_create: size and codec are checked before any charge`, () => {
    const k = kernelFor(nv, ACTORS)
    const big = new Uint8Array((1 << 20) + 1 + 16)
    const l = call(k, 'ipld', 'block_create', [BigInt(Codec.IPLD_RAW), 16, (1 << 20) + 1], big)
    assert.equal(errno(l), ErrorNumber.LimitExceeded)
    assert.equal(used(l.state), 0n)
    const c = call(k, 'ipld', 'block_create', [0x70n, 0, 4])
    assert.equal(errno(c), ErrorNumber.IllegalCodec)
    assert.equal(used(c.state), 0n)
    // create_unexpected (fvm@v4.8.2:fvm/tests/default_kernel/ops.rs L123–134): empty DAG-CBOR has no header.
    const e = call(k, 'ipld', 'block_create', [BigInt(Codec.DAG_CBOR), 0, 0])
    assert.equal(errno(e), ErrorNumber.Serialization)
    assert.equal(used(e.state), g(35))
  })

  test(`nv${nv} ipld.block_create: links must be reachable (NotFound after OnScanIpldLinks and OnBlockCreate)`, () => {
    const k = kernelFor(nv, ACTORS)
    const mem = withBytes(new Uint8Array(4096), 100, TUPLE)
    // OnBlockCreate(46, 1): compute 2.4·46 + 300 = 410.4, other max(0, 460 − 410.4) = 49.6.
    const create = 410.4 + 49.6
    const s = call(k, 'ipld', 'block_create', [BigInt(Codec.DAG_CBOR), 100, TUPLE.length], mem)
    assert.equal(errno(s), ErrorNumber.NotFound)
    assert.equal(used(s.state), g(TUPLE_SCAN + create))
    assert.deepEqual(chargesSince(s.state, 0), ['OnScanIpldLinks', 'OnBlockCreate'])
    const r = call(reach(k, LEAF_CID), 'ipld', 'block_create', [BigInt(Codec.DAG_CBOR), 100, TUPLE.length], mem)
    assert.equal(u32At(value(r).value as Uint8Array, 0), 1)
    assert.equal(used(r.state), g(TUPLE_SCAN + create))
    assert.equal(r.state.blocks.reachable.size, 1, 'put_check_reachable marks nothing')
  })

  test(`nv${nv} ipld.block_create: CBOR and raw blocks are not scanned; a forbidden link is NotFound`, () => {
    const k = kernelFor(nv, ACTORS)
    const mem = withBytes(new Uint8Array(4096), 100, TUPLE)
    const cbor = call(k, 'ipld', 'block_create', [BigInt(Codec.CBOR), 100, TUPLE.length], mem)
    assert.equal(u32At(value(cbor).value as Uint8Array, 0), 1)
    assert.equal(used(cbor.state), g(10 * 46), 'OnScanIpldLinks(0) + OnBlockCreate(46, 0)')
    assert.deepEqual(chargesSince(cbor.state, 0), ['OnScanIpldLinks', 'OnBlockCreate'])
    // A CIDv0 link (codec DAG-PB): forbidden codec → NotFound from the scan, before OnBlockCreate.
    const v0 = CID.createV0(Digest.create(0x12, new Uint8Array(32)))
    const linking = encodeCbor([v0])
    const s = call(k, 'ipld', 'block_create', [BigInt(Codec.DAG_CBOR), 100, linking.length], withBytes(new Uint8Array(4096), 100, linking))
    assert.equal(errno(s), ErrorNumber.NotFound)
    assert.equal(used(s.state), g(2 * 35 + 400))
  })

  test(`nv${nv} ipld.block_create: an identity CID is scanned inside; its inner links must be reachable`, () => {
    const k = kernelFor(nv, ACTORS)
    const inline = CID.createV1(Codec.DAG_CBOR, Digest.create(0x00, TUPLE))
    const outer = encodeCbor([0n, inline, 1n])
    const mem = withBytes(new Uint8Array(4096), 100, outer)
    const s = call(reach(k, LEAF_CID), 'ipld', 'block_create', [BigInt(Codec.DAG_CBOR), 100, outer.length], mem)
    assert.equal(u32At(value(s).value as Uint8Array, 0), 1)
    const created = s.state.blocks.blocks.get(0)
    assert.ok(created !== undefined)
    assert.deepEqual(linksOf(created).map(String), [LEAF_CID.toString()], 'the inline CID is not a link; the one inside it is')
    const size = outer.length
    assert.equal(used(s.state), g(2 * TUPLE_SCAN + Math.max(10 * size, 2.4 * size + 300)))
    assert.equal(errno(call(k, 'ipld', 'block_create', [BigInt(Codec.DAG_CBOR), 100, outer.length], mem)), ErrorNumber.NotFound)
  })

  test(`nv${nv} ipld.block_create: a scan that runs out of gas uses all gas available, then fails out of gas`, () => {
    const k = kernelFor(nv, ACTORS, { gasLimit: 200n })
    const s = call(k, 'ipld', 'block_create', [BigInt(Codec.DAG_CBOR), 100, TUPLE.length], withBytes(new Uint8Array(4096), 100, TUPLE))
    assert.equal(errno(s), 'out-of-gas')
    assert.equal(used(s.state), g(200))
    assert.deepEqual(chargesSince(s.state, 0), ['OnScanIpldLinks'])
  })

  test(`nv${nv} ipld.block_link: + 300 link tracking, the CID becomes reachable (also with BufferTooSmall)`, () => {
    const k = kernelFor(nv, ACTORS, { blocks: [{ codec: Codec.IPLD_RAW, data: LEAF }] })
    const s = call(k, 'ipld', 'block_link', [1, 0xb220n, 32, 200, 100])
    assert.deepEqual(value(s).writes, [{ offset: 200, bytes: LEAF_CID.bytes }])
    assert.ok(isReachable(s.state.blocks, LEAF_CID))
    const n = LEAF.length
    // compute (0.4 + 2 + 10)·n + 300; other 172 000 + 334 000 + 3 340·n.
    assert.equal(used(s.state), g(12.4 * n + 300 + 506_000 + 3_340 * n))
    const small = call(k, 'ipld', 'block_link', [1, 0xb220n, 32, 200, 10])
    assert.equal(errno(small), ErrorNumber.BufferTooSmall)
    assert.ok(isReachable(small.state.blocks, LEAF_CID))
    assert.deepEqual(small.state.cm.tree.store.get(LEAF_CID), LEAF)
    // ...so it can be opened now (roundtrip, fvm@v4.8.2:fvm/tests/default_kernel/ops.rs L18–73).
    const opened = call(s.state, 'ipld', 'block_open', [0], cidAt0(LEAF_CID))
    assert.equal(u32At(value(opened).value as Uint8Array, 8), 2)
  })

  test(`nv${nv} ipld.block_read and block_stat: unchanged`, () => {
    const k = kernelFor(nv, ACTORS, { blocks: [{ codec: Codec.IPLD_RAW, data: LEAF }] })
    const st = call(k, 'ipld', 'block_stat', [1])
    assert.equal(u64At(value(st).value as Uint8Array, 0), BigInt(Codec.IPLD_RAW))
    assert.equal(u32At(value(st).value as Uint8Array, 8), LEAF.length)
    assert.equal(errno(call(k, 'ipld', 'block_stat', [2])), ErrorNumber.InvalidHandle)
    const rd = call(k, 'ipld', 'block_read', [1, 0, 0, 100])
    assert.deepEqual(value(rd).writes, [{ offset: 0, bytes: LEAF }])
    assert.equal(used(rd.state), g(0.4 * LEAF.length))
  })
}
