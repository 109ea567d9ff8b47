import assert from 'node:assert/strict'
import { test } from 'node:test'
import * as Digest from 'multiformats/hashes/digest'
import { encodeCbor, type Ipld } from '../ipld/cbor.js'
import { CID } from '../ipld/cid.js'
import {
  decodeAggregateSealVerifyProofAndInfos,
  decodePieceInfos,
  decodeReplicaUpdateInfo,
  decodeSealVerifyInfo,
  decodeSealVerifyInfos,
  decodeWindowPoStVerifyInfo,
} from './proof-types.js'

const SEALED = CID.createV1(0xf102, Digest.create(0xb401, new Uint8Array(32).fill(2)))
const UNSEALED = CID.createV1(0xf101, Digest.create(0x1012, new Uint8Array(32).fill(3)))
const R = new Uint8Array(32).fill(9)
const enc = (v: Ipld): Uint8Array => encodeCbor(v)

test('SealVerifyInfo: 8 fields, sector id [miner, number]; a negative proof type is kept', () => {
  const d = decodeSealVerifyInfo(enc([-3n, [1000n, 7n], [5n], R, R, Uint8Array.of(1, 2), SEALED, UNSEALED]))
  assert.ok(d.ok)
  assert.equal(d.value.registeredProof, -3n)
  assert.deepEqual(d.value.sectorId, { miner: 1000n, number: 7n })
  assert.deepEqual(d.value.dealIds, [5n])
  assert.equal(d.value.unsealedCid.toString(), UNSEALED.toString())
  // Bytes must be a byte string; ints must fit; arity is exact.
  assert.equal(decodeSealVerifyInfo(enc([8n, [1000n, 7n], [], 'x', R, R, SEALED, UNSEALED])).ok, false)
  assert.equal(decodeSealVerifyInfo(enc([8n, [-1n, 7n], [], R, R, R, SEALED, UNSEALED])).ok, false)
  assert.equal(decodeSealVerifyInfo(enc([8n, [1n, 7n], [], R, R, R, SEALED])).ok, false)
  assert.equal(decodeSealVerifyInfo(enc([1n << 63n, [1n, 7n], [], R, R, R, SEALED, UNSEALED])).ok, false)
  assert.equal(decodeSealVerifyInfos(enc([])).ok, true)
})

test('WindowPoStVerifyInfo, AggregateSealVerifyProofAndInfos, ReplicaUpdateInfo, PieceInfo', () => {
  const post = decodeWindowPoStVerifyInfo(enc([R, [[13n, R]], [[8n, 4n, SEALED], [8n, 5n, SEALED]], 1000n]))
  assert.ok(post.ok)
  assert.equal(post.value.proofs[0]?.postProof, 13n)
  assert.equal(post.value.challengedSectors.length, 2)
  const agg = decodeAggregateSealVerifyProofAndInfos(enc([1000n, 8n, 1n, R, [[1n, R, R, SEALED, UNSEALED]]]))
  assert.ok(agg.ok)
  assert.equal(agg.value.infos.length, 1)
  const rep = decodeReplicaUpdateInfo(enc([3n, SEALED, SEALED, UNSEALED, [0n, 255n]]))
  assert.ok(rep.ok)
  assert.deepEqual(rep.value.proof, Uint8Array.of(0, 255))
  assert.equal(decodeReplicaUpdateInfo(enc([3n, SEALED, SEALED, UNSEALED, Uint8Array.of(0)])).ok, false)
  const pieces = decodePieceInfos(enc([[2048n, UNSEALED]]))
  assert.ok(pieces.ok)
  assert.deepEqual(pieces.value.map((p) => p.size), [2048n])
  assert.equal(decodePieceInfos(enc([[2048n, UNSEALED, 1n]])).ok, false)
  assert.equal(decodePieceInfos(Uint8Array.of(0x81)).ok, false)
})
