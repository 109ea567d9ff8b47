/**
 * The CBOR inputs of the proof syscalls, decoded as ref-fvm's `fvm_shared` types decode them
 * (`shared/src/sector/{seal,post,mod}.rs`, `piece/mod.rs`, `randomness/mod.rs`; the same layout at
 * fvm@v2.12.1, fvm@v3.14.1 and fvm@v4.8.2, all on fvm_ipld_encoding 0.5 where `serde_bytes` is an
 * alias of `strict_bytes`), with ref-fvm's own lax reader (`ipld.syscall-cbor`). Every struct is
 * a CBOR array of exactly its fields (`Deserialize_tuple`). Byte fields are byte strings
 * (`strict_bytes`, `Randomness`), except `ReplicaUpdateInfo.proof`, a plain `Vec<u8>`, which is an
 * array of u8 integers. Proof-type fields are any i64 (`RegisteredXProof::from(i64)` keeps unknown
 * numbers as `Invalid(n)`).
 *
 * @rule syscall.crypto-proof-inputs
 */
import type { CID } from '../ipld/cid.js'
import { bytes, cid, i64, readAll, SyscallCborError, tuple, u64, u8, vec, type Read } from '../ipld/syscall-cbor.js'

export interface SectorId {
  readonly miner: bigint
  readonly number: bigint
}

export interface SealVerifyInfo {
  readonly registeredProof: bigint
  readonly sectorId: SectorId
  readonly dealIds: readonly bigint[]
  readonly randomness: Uint8Array
  readonly interactiveRandomness: Uint8Array
  readonly proof: Uint8Array
  readonly sealedCid: CID
  readonly unsealedCid: CID
}

export interface PoStProof {
  readonly postProof: bigint
  readonly proofBytes: Uint8Array
}

export interface SectorInfo {
  readonly proof: bigint
  readonly sectorNumber: bigint
  readonly sealedCid: CID
}

export interface WindowPoStVerifyInfo {
  readonly randomness: Uint8Array
  readonly proofs: readonly PoStProof[]
  readonly challengedSectors: readonly SectorInfo[]
  readonly prover: bigint
}

export interface AggregateSealVerifyInfo {
  readonly sectorNumber: bigint
  readonly randomness: Uint8Array
  readonly interactiveRandomness: Uint8Array
  readonly sealedCid: CID
  readonly unsealedCid: CID
}

export interface AggregateSealVerifyProofAndInfos {
  readonly miner: bigint
  readonly sealProof: bigint
  readonly aggregateProof: bigint
  readonly proof: Uint8Array
  readonly infos: readonly AggregateSealVerifyInfo[]
}

export interface ReplicaUpdateInfo {
  readonly updateProofType: bigint
  readonly oldSealedCid: CID
  readonly newSealedCid: CID
  readonly newUnsealedCid: CID
  readonly proof: Uint8Array
}

export interface PieceInfo {
  /** Padded piece size (`PaddedPieceSize`, a transparent u64). */
  readonly size: bigint
  readonly cid: CID
}

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string }

const sectorId: Read<SectorId> = (r, w) => {
  const [miner, number] = tuple<[bigint, bigint]>([['miner', u64], ['number', u64]])(r, w)
  return { miner, number }
}

const sealVerifyInfo: Read<SealVerifyInfo> = (r, w) => {
  const [registeredProof, sid, dealIds, randomness, interactiveRandomness, proof, sealedCid, unsealedCid] = tuple<[bigint, SectorId, bigint[], Uint8Array, Uint8Array, Uint8Array, CID, CID]>([
    ['registered_proof', i64], ['sector_id', sectorId], ['deal_ids', vec(u64)], ['randomness', bytes], ['interactive_randomness', bytes], ['proof', bytes], ['sealed_cid', cid], ['unsealed_cid', cid],
  ])(r, w)
  return { registeredProof, sectorId: sid, dealIds, randomness, interactiveRandomness, proof, sealedCid, unsealedCid }
}

const postProof: Read<PoStProof> = (r, w) => {
  const [p, proofBytes] = tuple<[bigint, Uint8Array]>([['post_proof', i64], ['proof_bytes', bytes]])(r, w)
  return { postProof: p, proofBytes }
}

const sectorInfo: Read<SectorInfo> = (r, w) => {
  const [proof, sectorNumber, sealedCid] = tuple<[bigint, bigint, CID]>([['proof', i64], ['sector_number', u64], ['sealed_cid', cid]])(r, w)
  return { proof, sectorNumber, sealedCid }
}

const windowPoStVerifyInfo: Read<WindowPoStVerifyInfo> = (r, w) => {
  const [randomness, proofs, challengedSectors, prover] = tuple<[Uint8Array, PoStProof[], SectorInfo[], bigint]>([
    ['randomness', bytes], ['proofs', vec(postProof)], ['challenged_sectors', vec(sectorInfo)], ['prover', u64],
  ])(r, w)
  return { randomness, proofs, challengedSectors, prover }
}

const aggregateSealVerifyInfo: Read<AggregateSealVerifyInfo> = (r, w) => {
  const [sectorNumber, randomness, interactiveRandomness, sealedCid, unsealedCid] = tuple<[bigint, Uint8Array, Uint8Array, CID, CID]>([
    ['sector_number', u64], ['randomness', bytes], ['interactive_randomness', bytes], ['sealed_cid', cid], ['unsealed_cid', cid],
  ])(r, w)
  return { sectorNumber, randomness, interactiveRandomness, sealedCid, unsealedCid }
}

const aggregateSealVerifyProofAndInfos: Read<AggregateSealVerifyProofAndInfos> = (r, w) => {
  const [miner, sealProof, aggregateProof, proof, infos] = tuple<[bigint, bigint, bigint, Uint8Array, AggregateSealVerifyInfo[]]>([
    ['miner', u64], ['seal_proof', i64], ['aggregate_proof', i64], ['proof', bytes], ['infos', vec(aggregateSealVerifyInfo)],
  ])(r, w)
  return { miner, sealProof, aggregateProof, proof, infos }
}

const replicaUpdateInfo: Read<ReplicaUpdateInfo> = (r, w) => {
  const [updateProofType, oldSealedCid, newSealedCid, newUnsealedCid, proof] = tuple<[bigint, CID, CID, CID, number[]]>([
    ['update_proof_type', i64], ['old_sealed_cid', cid], ['new_sealed_cid', cid], ['new_unsealed_cid', cid], ['proof', vec(u8)],
  ])(r, w)
  return { updateProofType, oldSealedCid, newSealedCid, newUnsealedCid, proof: Uint8Array.from(proof) }
}

const pieceInfo: Read<PieceInfo> = (r, w) => {
  const [size, c] = tuple<[bigint, CID]>([['size', u64], ['cid', cid]])(r, w)
  return { size, cid: c }
}

function decoder<T>(name: string, read: Read<T>): (input: Uint8Array) => Decoded<T> {
  return (input) => {
    try {
      return { ok: true, value: readAll(input, name, read) }
    } catch (e) {
      if (e instanceof SyscallCborError) return { ok: false, message: `failed to decode ${name}: ${e.message}` }
      throw e
    }
  }
}

/** @rule syscall.crypto-proof-inputs */
export const decodeSealVerifyInfo = decoder('SealVerifyInfo', sealVerifyInfo)
/** `Vec<SealVerifyInfo>` (crypto.batch_verify_seals). @rule syscall.crypto-proof-inputs */
export const decodeSealVerifyInfos = decoder('Vec<SealVerifyInfo>', vec(sealVerifyInfo))
/** @rule syscall.crypto-proof-inputs */
export const decodeWindowPoStVerifyInfo = decoder('WindowPoStVerifyInfo', windowPoStVerifyInfo)
/** @rule syscall.crypto-proof-inputs */
export const decodeAggregateSealVerifyProofAndInfos = decoder('AggregateSealVerifyProofAndInfos', aggregateSealVerifyProofAndInfos)
/** @rule syscall.crypto-proof-inputs */
export const decodeReplicaUpdateInfo = decoder('ReplicaUpdateInfo', replicaUpdateInfo)
/** `Vec<PieceInfo>` (crypto.compute_unsealed_sector_cid). @rule syscall.crypto-proof-inputs */
export const decodePieceInfos = decoder('Vec<PieceInfo>', vec(pieceInfo))
