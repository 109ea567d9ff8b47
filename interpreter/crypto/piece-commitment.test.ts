import assert from 'node:assert/strict'
import { test } from 'node:test'
import * as Digest from 'multiformats/hashes/digest'
import { CID } from '../ipld/cid.js'
import { fromHex, toHex } from '../util/bytes.js'
import {
  computeUnsealedSectorCid,
  pieceHash,
  sealProofSectorSize,
  toPaddedBytes,
  toUnpaddedBytes,
  unsealedCommitmentCid,
  zeroCommitment,
} from './piece-commitment.js'
import type { PieceInfo } from './proof-types.js'
import { NV17, NV18 } from '../machine/network-rules.js'

/**
 * ref-fvm `shared/src/piece/zero.rs` `PIECE_COMMS` (fvm@v3.14.1, same at fvm@v2.12.1): the
 * commitment of an all-zero piece of padded size 2^(7+i), i = 0..34 — a copy of filecoin-proofs'
 * zero-piece table.
 */
const PIECE_COMMS = [
  '3731bb99ac689f66eef5973e4a94da188f4ddcae580724fc6f3fd60dfd488333', '642a607ef886b004bf2c1978463ae1d4693ac0f410eb2d1b7a47fe205e5e750f',
  '57a2381a28652bf47f6bef7aca679be4aede5871ab5cf3eb2c08114488cb8526', '1f7ac9595510e09ea41c460b176430bb322cd6fb412ec57cb17d989a4310372f',
  'fc7e928296e516faade986b28f92d44a4f24b935485223376a799027bc18f833', '08c47b38ee13bc43f41b915c0eed9911a26086b3ed62401bf9d58b8d19dff624',
  'b2e47bfb11facd941f62af5c750f3ea5cc4df517d5c4f16db2b4d77baec1a32f', 'f9226160c8f927bfdcc418cdf203493146008eaefb7d02194d5e548189005108',
  '2c1a964bb90b59ebfe0f6da29ad65ae3e417724a8f7c11745a40cac1e5e74011', 'fee378cef16404b199ede0b13e11b624ff9d784fbbed878d83297e795e024f02',
  '8e9e2403fa884cf6237f60df25f83ee40dca9ed879eb6f6352d15084f5ad0d3f', '752d9693fa167524395476e317a98580f00947afb7a30540d625a9291cc12a07',
  '7022f60f7ef6adfa17117a52619e30cea82c68075adf1c667786ec506eef2d19', 'd99887b973573a96e11393645236c17b1f4c7034d723c7a99f709bb4da61162b',
  'd0b530dbb0b4f25c5d2f2a28dfee808b53412a02931f18c499f5a254086b1326', '84c0421ba0685a01bf795a2344064fe424bd52a9d24377b394ff4c4b4568e811',
  '65f29e5d98d246c38b388cfc06db1f6b021303c5a289000bdce832a9c3ec421c', 'a2247508285850965b7e334b3127b0c042b1d046dc54402137627cd8799ce13a',
  'dafdab6da9364453c26d33726b9fefe343be8f81649ec009aad3faff50617508', 'd941d5e0d6314a995c33ffbd4fbe69118d73d4e5fd2cd31f0f7c86ebdd14e706',
  '514c435c3d04d349a5365fbd59ffc713629111785991c1a3c53af22079741a2f', 'ad06853969d37d34ff08e09f56930a4ad19a89def60cbfee7e1d3381c1e71c37',
  '39560e7b13a93b07a243fd2720ffa7cb3e1d2e505ab3629e79f46313512cda06', 'ccc3c012f5b05e811a2bbfdd0f6833b84275b47bf229c0052a82484f3c1a5b3d',
  '7df29b69773199e8f2b40b77919d048509eed768e2c7297b1f1437034fc3c62c', '66ce05a3667552cf45c02bcc4e8392919bdeac35de2ff56271848e9f7b675107',
  'd8610218425ab5e95b1ca6239d29a2e420d706a96f373e2f9c9a91d759d19b01', '6d364b1ef846441a5a4a68862314acc0a46f016717e53443e839eedf83c2853c',
  '077e5fde35c50a9303a55009e3498a4ebedff39c42b710b730d8ec7ac7afa63e', 'e64005a6bfe3777953b8ad6ef93f0fca1049b2041654f2a411f7702799cece02',
  '259d3d6b1f4d876d1185e1123af6f5501af0f67cf15b5216255b7b178d12051d', '3f9a4d411da4ef1b36f35ff0a195ae392ab23fee7967b7c41b03d1613fc29239',
  'fe4ef328c61aa39cfdb2484eaa32a151b1fe3dfd1f96dd8c9711fd86d6c58113', 'f55d68900e2d8381eccb8164cb9976f24b2de0dd61a31b97ce6eb23850d5e819',
  'aaaa8c4cb40aacee1e02dc65424b2a6c8e99f803b72f7929c4101d7fae6bff32',
]

/** The CommD of an empty 32GiB sector as Lotus prints it (the unsealed CID of every CC sector). */
const EMPTY_32GIB_COMMD = 'baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq'

const KiB = 1024n
const GiB = 1n << 30n

function commP(seed: number): CID {
  const c = new Uint8Array(32).fill(seed)
  c[31] = 0x0f
  return unsealedCommitmentCid(c)
}
const digestOf = (cid: CID): Uint8Array => cid.multihash.digest

function commD(proof: bigint, pieces: readonly PieceInfo[], maxProof = NV18.maxSealProof): CID {
  const size = sealProofSectorSize(proof, maxProof)
  assert.ok(size !== undefined)
  const r = computeUnsealedSectorCid(size, pieces)
  if (!r.ok) throw new Error(r.message)
  return r.cid
}

function fails(proof: bigint, pieces: readonly PieceInfo[]): string {
  const r = computeUnsealedSectorCid(sealProofSectorSize(proof, 14n) as bigint, pieces)
  assert.equal(r.ok, false)
  return r.ok ? '' : r.message
}

test('CommD: the zero commitments computed by hashing equal ref-fvm\'s PIECE_COMMS table (128 B .. 2 TiB)', () => {
  for (const [i, hex] of PIECE_COMMS.entries()) assert.equal(toHex(zeroCommitment(i + 2)), hex, `2^${i + 7} bytes`)
})

test('CommD: an empty sector is the zero commitment of its size, for every sector size', () => {
  const sizes: readonly [bigint, number][] = [[0n, 11], [1n, 23], [2n, 29], [3n, 35], [4n, 36]]
  for (const [base, log2] of sizes) {
    for (const proof of [base, base + 5n, base + 10n]) {
      const cid = commD(proof, [])
      assert.equal(toHex(digestOf(cid)), PIECE_COMMS[log2 - 7], `proof ${proof}`)
    }
  }
  assert.equal(commD(8n, []).toString(), EMPTY_32GIB_COMMD)
})

test('CommD: the CID is fil-commitment-unsealed (0xf101) with sha2-256-trunc254-padded (0x1012)', () => {
  const cid = commD(3n, [])
  assert.equal(cid.version, 1)
  assert.equal(cid.code, 0xf101)
  assert.equal(cid.multihash.code, 0x1012)
  assert.equal(cid.bytes.length, 39)
})

test('CommD: a single piece filling the sector is its own CommP', () => {
  const p = commP(1)
  assert.equal(commD(0n, [{ size: 2n * KiB, cid: p }]).toString(), p.toString())
  assert.equal(commD(8n, [{ size: 32n * GiB, cid: p }]).toString(), p.toString())
})

test('CommD: pieces fold pairwise; gaps before a larger piece and after the last are zero pieces', () => {
  const a = commP(1)
  const b = commP(2)
  // Two halves.
  assert.equal(toHex(digestOf(commD(0n, [{ size: 1024n, cid: a }, { size: 1024n, cid: b }]))), toHex(pieceHash(digestOf(a), digestOf(b))))
  // 512 then 1024: a zero 512 piece aligns the second piece.
  const left = pieceHash(digestOf(a), zeroCommitment(4))
  assert.equal(toHex(digestOf(commD(0n, [{ size: 512n, cid: a }, { size: 1024n, cid: b }]))), toHex(pieceHash(left, digestOf(b))))
  // One 128-byte piece in a 2KiB sector: zeros fill the rest, level by level.
  let root = digestOf(a)
  for (let level = 2; level < 6; level++) root = pieceHash(root, zeroCommitment(level))
  assert.equal(toHex(digestOf(commD(0n, [{ size: 128n, cid: a }]))), toHex(root))
})

test('CommD: bad pieces are errors', () => {
  const a = commP(1)
  assert.match(fails(0n, [{ size: 4n * KiB, cid: a }]), /larger than sector/)
  assert.match(fails(0n, [{ size: 1024n, cid: a }, { size: 2048n, cid: a }]), /larger than sector/)
  assert.match(fails(0n, [{ size: 0n, cid: a }]), /divisor of zero/)
  assert.match(fails(0n, [{ size: 384n, cid: a }]), /power of 2/)
  // A piece of 64 bytes needs no alignment, but the zero piece padding it would be below 128 bytes.
  assert.match(fails(0n, [{ size: 64n, cid: a }]), /zero piece commitment/)
  // 17 pieces of 128 bytes exceed 2032 / 127 = 16.
  assert.match(fails(0n, Array.from({ length: 17 }, () => ({ size: 128n, cid: a }))), /Too many pieces|larger than sector/)
  const digest = Digest.create(0xb401, new Uint8Array(32).fill(1))
  assert.match(fails(0n, [{ size: 2048n, cid: CID.createV1(0xf102, digest) }]), /codec must be Unsealed/)
  assert.match(fails(0n, [{ size: 2048n, cid: CID.createV1(0xf101, Digest.create(0x12, new Uint8Array(32))) }]), /Incorrect hash/)
  assert.match(fails(0n, [{ size: 2048n, cid: CID.createV1(0xf101, Digest.create(0x1012, new Uint8Array(31))) }]), /32 bytes/)
  assert.match(fails(0n, [{ size: 2048n, cid: CID.parse('bafy2bzacecnamqgqmifpluoeldx7zzglxcljo6oja4vrmtj7432rphldpdmm2') }]), /codec must be Unsealed/)
})

test('CommD: sixteen 128-byte pieces fill 2KiB exactly', () => {
  const pieces = Array.from({ length: 16 }, (_, i) => ({ size: 128n, cid: commP(i + 1) }))
  let level = pieces.map((p) => digestOf(p.cid))
  while (level.length > 1) level = Array.from({ length: level.length / 2 }, (_, i) => pieceHash(level[2 * i] as Uint8Array, level[2 * i + 1] as Uint8Array))
  assert.equal(toHex(digestOf(commD(0n, pieces))), toHex(level[0] as Uint8Array))
})

test('seal proof types: v2 knows 0..9, v3 also 10..14 (synthetic PoRep); others are invalid', () => {
  const [v2, v3] = [NV17.maxSealProof, NV18.maxSealProof]
  assert.equal(sealProofSectorSize(9n, v2), 64n * GiB)
  assert.equal(sealProofSectorSize(10n, v2), undefined)
  assert.equal(sealProofSectorSize(13n, v3), 32n * GiB)
  assert.equal(sealProofSectorSize(1n, v3), 8n << 20n)
  assert.equal(sealProofSectorSize(2n, v3), 512n << 20n)
  assert.equal(sealProofSectorSize(15n, v3), undefined)
  assert.equal(sealProofSectorSize(-1n, v3), undefined)
})

test('fr32 sizes: 127 unpadded bytes are 128 padded, and back', () => {
  assert.equal(toPaddedBytes(127n), 128n)
  assert.equal(toUnpaddedBytes(128n), 127n)
  assert.equal(toUnpaddedBytes(32n * GiB), 32n * GiB - (32n * GiB) / 128n)
  assert.equal(toPaddedBytes(toUnpaddedBytes(64n * GiB)), 64n * GiB)
  assert.equal(toPaddedBytes(0n), 0n)
  assert.deepEqual(fromHex('00'), Uint8Array.of(0))
})
