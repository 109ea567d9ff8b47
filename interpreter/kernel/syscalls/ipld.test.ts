import assert from 'node:assert/strict'
import { test } from 'node:test'
import { blake2b } from '@noble/hashes/blake2.js'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { encodeCbor } from '../../ipld/cbor.js'
import { Codec } from '../../ipld/cid.js'
import { ErrorNumber } from '../../types/error-number.js'
import { call, errno, i32At, kernelFor, u32At, u64At, used, value, withBytes } from './kernel-fixture.js'
import { NV18 } from '../../machine/network-rules.js'
import type { KernelState } from '../kernel.js'

const MAX_BLOCK_SIZE = NV18.maxBlockSize as number

const ACTORS = [{ id: 100n, code: 'multisig', balance: 0n }]
const DATA = encodeCbor([1n, 'hello', new Uint8Array([9, 9])])
const N = BigInt(DATA.length)

function dagBlock(data: Uint8Array = DATA) {
  return { codec: Codec.DAG_CBOR, data }
}

for (const nv of [17, 18] as const) {
  const v2 = nv === 17

  test(`nv${nv} ipld.block_create: stores the bytes and charges OnBlockCreate`, () => {
    const k = kernelFor(nv, ACTORS)
    const mem = withBytes(new Uint8Array(4096), 100, DATA)
    const s = call(k, 'ipld', 'block_create', [BigInt(Codec.DAG_CBOR), 100, DATA.length], mem)
    assert.equal(u32At(value(s).value as Uint8Array, 0), 1)
    assert.deepEqual(s.state.blocks.blocks.get(0), { codec: Codec.DAG_CBOR, data: DATA })
    // nv17: (10 + 0.5) gas/byte; nv18: memcpy 0.4 + alloc 2 compute, 7.6 retention surcharge = 10 gas/byte.
    assert.equal(used(s.state), v2 ? 10_500n * N : 10_000n * N)
  })

  test(`nv${nv} ipld.block_create: codecs (raw is ${v2 ? 'rejected' : 'accepted'}), charged before the check`, () => {
    const k = kernelFor(nv, ACTORS)
    const raw = call(k, 'ipld', 'block_create', [0x55n, 0, 10])
    if (v2) {
      assert.equal(errno(raw), ErrorNumber.IllegalCodec)
      assert.equal(used(raw.state), 105_000n)
    } else {
      assert.equal(u32At(value(raw).value as Uint8Array, 0), 1)
    }
    const bad = call(k, 'ipld', 'block_create', [0x70n, 0, 10])
    assert.equal(errno(bad), ErrorNumber.IllegalCodec)
    assert.equal(used(bad.state), v2 ? 105_000n : 100_000n)
  })

  test(`nv${nv} ipld.block_create: a block over 1 MiB is ${v2 ? 'accepted' : 'LimitExceeded before any charge'}`, () => {
    const k = kernelFor(nv, ACTORS)
    const mem = new Uint8Array(MAX_BLOCK_SIZE + 8)
    const s = call(k, 'ipld', 'block_create', [BigInt(Codec.DAG_CBOR), 0, MAX_BLOCK_SIZE + 1], mem)
    if (v2) {
      assert.equal(u32At(value(s).value as Uint8Array, 0), 1)
      assert.equal(used(s.state), 10_500n * BigInt(MAX_BLOCK_SIZE + 1))
    } else {
      assert.equal(errno(s), ErrorNumber.LimitExceeded)
      assert.equal(used(s.state), 0n)
    }
    const exact = call(k, 'ipld', 'block_create', [BigInt(Codec.DAG_CBOR), 0, MAX_BLOCK_SIZE], mem)
    assert.equal(u32At(value(exact).value as Uint8Array, 0), 1)
  })

  test(`nv${nv} ipld.block_create: an out-of-bounds buffer is IllegalArgument, uncharged`, () => {
    const s = call(kernelFor(nv, ACTORS), 'ipld', 'block_create', [BigInt(Codec.DAG_CBOR), 4000, 97])
    assert.equal(errno(s), ErrorNumber.IllegalArgument)
    assert.equal(used(s.state), 0n)
  })

  test(`nv${nv} ipld.block_stat: codec and size; InvalidHandle after the (zero) charge`, () => {
    const k = kernelFor(nv, ACTORS, { blocks: [dagBlock()] })
    const out = value(call(k, 'ipld', 'block_stat', [1])).value as Uint8Array
    assert.equal(out.length, 12)
    assert.equal(u64At(out, 0), BigInt(Codec.DAG_CBOR))
    assert.equal(u32At(out, 8), DATA.length)
    assert.equal(errno(call(k, 'ipld', 'block_stat', [0])), ErrorNumber.InvalidHandle)
    const missing = call(k, 'ipld', 'block_stat', [2])
    assert.equal(errno(missing), ErrorNumber.InvalidHandle)
    assert.equal(used(missing.state), 0n)
  })

  test(`nv${nv} ipld.block_read: copies min(len − offset, buf) bytes, charges only those, returns len − (offset + buf)`, () => {
    const k = kernelFor(nv, ACTORS, { blocks: [dagBlock()] })
    const perByte = v2 ? 500n : 400n // nv17: read base 0 + memcpy 0.5 gas/byte; nv18: memcpy 0.4 gas/byte
    // A buffer larger than the rest of the block: a negative return.
    const s1 = call(k, 'ipld', 'block_read', [1, 2, 1000, 100])
    const o1 = value(s1)
    assert.equal(i32At(o1.value as Uint8Array, 0), DATA.length - 102)
    assert.deepEqual(o1.writes, [{ offset: 1000, bytes: DATA.slice(2) }])
    assert.equal(used(s1.state), perByte * (N - 2n))
    // A smaller buffer: a positive return, exactly buf bytes.
    const s2 = call(k, 'ipld', 'block_read', [1, 1, 1000, 3])
    assert.equal(i32At(value(s2).value as Uint8Array, 0), DATA.length - 4)
    assert.deepEqual(value(s2).writes, [{ offset: 1000, bytes: DATA.slice(1, 4) }])
    assert.equal(used(s2.state), perByte * 3n)
    // Past the end: nothing read, nothing charged.
    const s3 = call(k, 'ipld', 'block_read', [1, 500, 1000, 8])
    assert.equal(i32At(value(s3).value as Uint8Array, 0), DATA.length - 508)
    assert.deepEqual(value(s3).writes, [])
    assert.equal(used(s3.state), 0n)
  })

  test(`nv${nv} ipld.block_read: errors (bounds, offset + len > i32::MAX, InvalidHandle)`, () => {
    const k = kernelFor(nv, ACTORS, { blocks: [dagBlock()] })
    assert.equal(errno(call(k, 'ipld', 'block_read', [1, 0, 4000, 100])), ErrorNumber.IllegalArgument)
    assert.equal(errno(call(k, 'ipld', 'block_read', [1, 0x7fff_fff0, 0, 16])), ErrorNumber.IllegalArgument)
    assert.equal(i32At(value(call(k, 'ipld', 'block_read', [1, 0x7fff_ffef, 0, 16])).value as Uint8Array, 0), DATA.length - 0x7fff_ffff)
    assert.equal(errno(call(k, 'ipld', 'block_read', [7, 0, 0, 16])), ErrorNumber.InvalidHandle)
  })

  test(`nv${nv} ipld.block_open: loads from the blockstore, charges base then per byte, registers the block`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const [cid, store] = k0.cm.tree.store.putCbor([1n, 'hello', new Uint8Array([9, 9])])
    const k: KernelState = { ...k0, cm: { ...k0.cm, tree: k0.cm.tree.withStore(store) } }
    const mem = withBytes(new Uint8Array(4096), 64, cid.bytes)
    const s = call(k, 'ipld', 'block_open', [64], mem)
    const out = value(s).value as Uint8Array
    assert.equal(out.length, 16)
    assert.equal(u64At(out, 0), BigInt(Codec.DAG_CBOR))
    assert.equal(u32At(out, 8), 1)
    assert.equal(u32At(out, 12), DATA.length)
    assert.deepEqual(s.state.blocks.blocks.get(0)?.data, DATA)
    // nv17: extern 21 000 + open 114 617 = 135 617, then 10.5 gas/byte; nv18: 187 440 then 10 gas/byte.
    assert.equal(used(s.state), v2 ? 135_617_000n + 10_500n * N : 187_440_000n + 10_000n * N)
  })

  test(`nv${nv} ipld.block_open: a raw block is ${v2 ? 'IllegalCodec after both charges' : 'accepted'}; a missing block is fatal`, () => {
    const k0 = kernelFor(nv, ACTORS)
    const bytes = new Uint8Array([1, 2, 3, 4])
    const cid = CID.createV1(Codec.IPLD_RAW, Digest.create(0xb220, blake2b(bytes, { dkLen: 32 })))
    const k: KernelState = { ...k0, cm: { ...k0.cm, tree: k0.cm.tree.withStore(k0.cm.tree.store.put(cid, bytes)) } }
    const mem = withBytes(new Uint8Array(4096), 0, cid.bytes)
    const s = call(k, 'ipld', 'block_open', [0], mem)
    if (v2) {
      assert.equal(errno(s), ErrorNumber.IllegalCodec)
      assert.equal(used(s.state), 135_617_000n + 10_500n * 4n)
    } else {
      assert.equal(u32At(value(s).value as Uint8Array, 8), 1)
    }
    const absent = CID.createV1(Codec.DAG_CBOR, Digest.create(0xb220, new Uint8Array(32)))
    const m = call(k, 'ipld', 'block_open', [0], withBytes(new Uint8Array(4096), 0, absent.bytes))
    assert.equal(errno(m), 'fatal')
    assert.equal(used(m.state), v2 ? 135_617_000n : 187_440_000n, 'the base charge comes first')
    assert.equal(errno(call(k, 'ipld', 'block_open', [0], new Uint8Array([1, 0x71, 0xa0]))), ErrorNumber.IllegalArgument, 'truncated cid')
    assert.equal(errno(call(k, 'ipld', 'block_open', [9], new Uint8Array(8))), ErrorNumber.IllegalArgument, 'cid offset out of bounds')
  })

  test(`nv${nv} ipld.block_link: CIDv1(codec, blake2b-256), written to the blockstore, charged OnBlockLink`, () => {
    const k = kernelFor(nv, ACTORS, { blocks: [dagBlock()] })
    const s = call(k, 'ipld', 'block_link', [1, 0xb220n, 32, 200, 100])
    const out = value(s)
    const expected = CID.createV1(Codec.DAG_CBOR, Digest.create(0xb220, blake2b(DATA, { dkLen: 32 })))
    assert.equal(u32At(out.value as Uint8Array, 0), expected.bytes.length)
    assert.deepEqual(out.writes, [{ offset: 200, bytes: expected.bytes }])
    assert.deepEqual(s.state.cm.tree.store.get(expected), DATA)
    assert.equal(k.cm.tree.store.get(expected), undefined)
    // nv17: link base 353 640 + 2 × 0.5 gas/byte compute, 1300 gas/byte storage.
    // nv18: (0.4 + 2 + 10) gas/byte compute; persist 172 000 + 334 000 + 3 340 gas/byte.
    assert.equal(used(s.state), v2 ? 353_640_000n + 1_000n * N + 1_300_000n * N : 12_400n * N + 506_000_000n + 3_340_000n * N)
  })

  test(`nv${nv} ipld.block_link: BufferTooSmall comes after the block is stored and charged`, () => {
    const k = kernelFor(nv, ACTORS, { blocks: [dagBlock()] })
    const s = call(k, 'ipld', 'block_link', [1, 0xb220n, 32, 200, 20])
    assert.equal(errno(s), ErrorNumber.BufferTooSmall)
    const expected = CID.createV1(Codec.DAG_CBOR, Digest.create(0xb220, blake2b(DATA, { dkLen: 32 })))
    assert.deepEqual(s.state.cm.tree.store.get(expected), DATA)
    assert.ok(used(s.state) > 0n)
  })

  test(`nv${nv} ipld.block_link: bounds first, then IllegalCid, then InvalidHandle; none charged`, () => {
    const k = kernelFor(nv, ACTORS, { blocks: [dagBlock()] })
    assert.equal(errno(call(k, 'ipld', 'block_link', [9, 0x12n, 32, 4090, 100])), ErrorNumber.IllegalArgument)
    assert.equal(errno(call(k, 'ipld', 'block_link', [9, 0x12n, 32, 0, 100])), ErrorNumber.IllegalCid)
    assert.equal(errno(call(k, 'ipld', 'block_link', [1, 0xb220n, 20, 0, 100])), ErrorNumber.IllegalCid)
    const h = call(k, 'ipld', 'block_link', [9, 0xb220n, 32, 0, 100])
    assert.equal(errno(h), ErrorNumber.InvalidHandle)
    assert.equal(used(h.state), 0n)
  })
}
