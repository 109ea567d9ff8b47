/**
 * The CBOR inputs of the proof syscalls, decoded as ref-fvm's `fvm_shared` types decode them
 * (`shared/src/sector/{seal,post,mod}.rs`, `piece/mod.rs`, `randomness/mod.rs`; the same layout at
 * fvm@v2.12.1 and fvm@v3.14.1, both on fvm_ipld_encoding 0.5 where `serde_bytes` is an alias of
 * `strict_bytes`). Every struct is a CBOR array of exactly its fields (`Deserialize_tuple`).
 * Byte fields accept only a CBOR byte string, except `ReplicaUpdateInfo.proof`, a plain
 * `Vec<u8>`, which is an array of integers 0..=255. Proof-type fields are any i64
 * (`RegisteredXProof::from(i64)` keeps unknown numbers as `Invalid(n)`).
 *
 * @rule syscall.crypto-proof-inputs
 */
import { asArray, asBytes, asCid, asInt, asUint, CborError, decodeCbor, type Ipld } from '../ipld/cbor.js'
import type { CID } from '../ipld/cid.js'

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

const tuple = (v: Ipld, what: string, n: number): readonly Ipld[] => asArray(v, what, n)
const list = <T>(v: Ipld, what: string, item: (x: Ipld, w: string) => T): T[] => asArray(v, what).map((x, i) => item(x, `${what}[${i}]`))
const u64 = (v: Ipld, what: string): bigint => asUint(v, what)
const i64 = (v: Ipld, what: string): bigint => asInt(v, what)
const at = (xs: readonly Ipld[], i: number): Ipld => xs[i] as Ipld

/** A plain serde `Vec<u8>`: a CBOR array of integers 0..=255. */
function byteList(v: Ipld, what: string): Uint8Array {
  return Uint8Array.from(list(v, what, (x, w) => Number(asUint(x, w, 255n))))
}

function sealVerifyInfo(v: Ipld, what: string): SealVerifyInfo {
  const f = tuple(v, what, 8)
  const sid = tuple(at(f, 1), `${what}.sector_id`, 2)
  return {
    registeredProof: i64(at(f, 0), `${what}.registered_proof`),
    sectorId: { miner: u64(at(sid, 0), `${what}.sector_id.miner`), number: u64(at(sid, 1), `${what}.sector_id.number`) },
    dealIds: list(at(f, 2), `${what}.deal_ids`, u64),
    randomness: asBytes(at(f, 3), `${what}.randomness`),
    interactiveRandomness: asBytes(at(f, 4), `${what}.interactive_randomness`),
    proof: asBytes(at(f, 5), `${what}.proof`),
    sealedCid: asCid(at(f, 6), `${what}.sealed_cid`),
    unsealedCid: asCid(at(f, 7), `${what}.unsealed_cid`),
  }
}

function windowPoStVerifyInfo(v: Ipld, what: string): WindowPoStVerifyInfo {
  const f = tuple(v, what, 4)
  return {
    randomness: asBytes(at(f, 0), `${what}.randomness`),
    proofs: list(at(f, 1), `${what}.proofs`, (x, w) => {
      const p = tuple(x, w, 2)
      return { postProof: i64(at(p, 0), `${w}.post_proof`), proofBytes: asBytes(at(p, 1), `${w}.proof_bytes`) }
    }),
    challengedSectors: list(at(f, 2), `${what}.challenged_sectors`, (x, w) => {
      const s = tuple(x, w, 3)
      return { proof: i64(at(s, 0), `${w}.proof`), sectorNumber: u64(at(s, 1), `${w}.sector_number`), sealedCid: asCid(at(s, 2), `${w}.sealed_cid`) }
    }),
    prover: u64(at(f, 3), `${what}.prover`),
  }
}

function aggregateSealVerifyProofAndInfos(v: Ipld, what: string): AggregateSealVerifyProofAndInfos {
  const f = tuple(v, what, 5)
  return {
    miner: u64(at(f, 0), `${what}.miner`),
    sealProof: i64(at(f, 1), `${what}.seal_proof`),
    aggregateProof: i64(at(f, 2), `${what}.aggregate_proof`),
    proof: asBytes(at(f, 3), `${what}.proof`),
    infos: list(at(f, 4), `${what}.infos`, (x, w) => {
      const i = tuple(x, w, 5)
      return {
        sectorNumber: u64(at(i, 0), `${w}.sector_number`),
        randomness: asBytes(at(i, 1), `${w}.randomness`),
        interactiveRandomness: asBytes(at(i, 2), `${w}.interactive_randomness`),
        sealedCid: asCid(at(i, 3), `${w}.sealed_cid`),
        unsealedCid: asCid(at(i, 4), `${w}.unsealed_cid`),
      }
    }),
  }
}

function replicaUpdateInfo(v: Ipld, what: string): ReplicaUpdateInfo {
  const f = tuple(v, what, 5)
  return {
    updateProofType: i64(at(f, 0), `${what}.update_proof_type`),
    oldSealedCid: asCid(at(f, 1), `${what}.old_sealed_cid`),
    newSealedCid: asCid(at(f, 2), `${what}.new_sealed_cid`),
    newUnsealedCid: asCid(at(f, 3), `${what}.new_unsealed_cid`),
    proof: byteList(at(f, 4), `${what}.proof`),
  }
}

function pieceInfo(v: Ipld, what: string): PieceInfo {
  const f = tuple(v, what, 2)
  return { size: u64(at(f, 0), `${what}.size`), cid: asCid(at(f, 1), `${what}.cid`) }
}

function decoder<T>(name: string, f: (v: Ipld, what: string) => T): (bytes: Uint8Array) => Decoded<T> {
  return (bytes) => {
    try {
      return { ok: true, value: f(decodeCbor(bytes), name) }
    } catch (e) {
      if (e instanceof CborError) return { ok: false, message: `failed to decode ${name}: ${e.message}` }
      throw e
    }
  }
}

/** @rule syscall.crypto-proof-inputs */
export const decodeSealVerifyInfo = decoder('SealVerifyInfo', sealVerifyInfo)
/** `Vec<SealVerifyInfo>` (crypto.batch_verify_seals). @rule syscall.crypto-proof-inputs */
export const decodeSealVerifyInfos = decoder('Vec<SealVerifyInfo>', (v, w) => list(v, w, sealVerifyInfo))
/** @rule syscall.crypto-proof-inputs */
export const decodeWindowPoStVerifyInfo = decoder('WindowPoStVerifyInfo', windowPoStVerifyInfo)
/** @rule syscall.crypto-proof-inputs */
export const decodeAggregateSealVerifyProofAndInfos = decoder('AggregateSealVerifyProofAndInfos', aggregateSealVerifyProofAndInfos)
/** @rule syscall.crypto-proof-inputs */
export const decodeReplicaUpdateInfo = decoder('ReplicaUpdateInfo', replicaUpdateInfo)
/** `Vec<PieceInfo>` (crypto.compute_unsealed_sector_cid). @rule syscall.crypto-proof-inputs */
export const decodePieceInfos = decoder('Vec<PieceInfo>', (v, w) => list(v, w, pieceInfo))
