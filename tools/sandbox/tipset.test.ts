/**
 * The sandbox's tipset CIDs (spec/sandbox.md `sandbox.tipset-cids`): the default scheme computed
 * independently here. BLOCKHASH through the real EVM actor at every FEVM network version is in
 * fevm.test.ts.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { blake2b } from '@noble/hashes/blake2.js'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { blockhashOf, defaultTipsetCid } from './tipset.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

test('the default tipset CID of an epoch: DAG-CBOR ["fvm-spec sandbox tipset", epoch], blake2b-256; BLOCKHASH is its digest', () => {
  // CBOR by hand: array(2), text(23) "fvm-spec sandbox tipset", uint 4_000_000 (0x1a 003d0900).
  const block = Uint8Array.from([0x82, 0x77, ...Buffer.from('fvm-spec sandbox tipset'), 0x1a, 0x00, 0x3d, 0x09, 0x00])
  const want = CID.createV1(0x71, Digest.create(0xb220, blake2b(block, { dkLen: 32 })))
  assert.equal(defaultTipsetCid(4_000_000n).toString(), want.toString())
  assert.equal(hex(blockhashOf(want)), hex(blake2b(block, { dkLen: 32 })))
  assert.notEqual(defaultTipsetCid(1n).toString(), defaultTipsetCid(2n).toString())
  // A digest shorter than a word fills its low bytes (an identity multihash of 3 bytes).
  const short = CID.createV1(0x71, Digest.create(0x00, Uint8Array.of(1, 2, 3)))
  assert.equal(hex(blockhashOf(short)), '00'.repeat(29) + '010203')
})
