/**
 * The unsealed sector commitment (CommD) of a sector from its pieces, computed as ref-fvm's
 * `compute_unsealed_sector_cid` (fvm `kernel/default.rs`, identical at fvm@v2.12.1 and
 * fvm@v3.14.1) does it: ref-fvm first pads the piece list with zero pieces
 * (`get_required_padding`, `zero_piece_commitment`), then filecoin-proofs' `compute_comm_d`
 * (rust-fil-proofs `filecoin-proofs/src/pieces.rs`) folds the pieces into one root with the
 * sha256-trunc254-padded binary merkle hash.
 *
 * Sizes are u64 and every addition / multiplication wraps as in ref-fvm's release build; the
 * proofs library's byte-size conversions round through f64 as it does.
 */
import * as Digest from 'multiformats/hashes/digest'
import { sha256 } from '@noble/hashes/sha2.js'
import { CID, Codec, Multihash } from '../ipld/cid.js'
import type { PieceInfo } from './proof-types.js'

const U64 = 1n << 64n
const U64_MAX = U64 - 1n
const wrap = (x: bigint): bigint => BigInt.asUintN(64, x)

/** Bytes in a merkle node. */
const NODE_SIZE = 32
/** `MINIMUM_RESERVED_BYTES_FOR_PIECE_IN_FULLY_ALIGNED_SECTOR`: 4 nodes − 1 (unpadded bytes). */
const MINIMUM_PIECE_SIZE = 127n
/** ref-fvm's `PIECE_COMMS` table covers padded sizes 2^7 .. 2^41 (35 levels). */
const PIECE_COMMS_MIN_LOG2 = 7
const PIECE_COMMS_LEVELS = 35

export type CommDResult = { readonly ok: true; readonly cid: CID } | { readonly ok: false; readonly message: string }

class CommDError extends Error {}

/**
 * The sector size (bytes) of a `RegisteredSealProof` number: 0..4 (V1), 5..9 (V1_1) and, from
 * fvm v3 on, 10..14 (V1_1 with synthetic PoRep), each group ordered 2KiB, 8MiB, 512MiB, 32GiB,
 * 64GiB. Undefined for a number above the release's last one, `maxProof` (9 at v2, 14 at v3:
 * `NetworkRules.maxSealProof`), or negative (`RegisteredSealProof::Invalid`).
 *
 * @rule syscall.crypto-seal-proof-types
 */
export function sealProofSectorSize(proof: bigint, maxProof: bigint): bigint | undefined {
  if (proof < 0n || proof > maxProof) return undefined
  return [2048n, 8n << 20n, 512n << 20n, 32n << 30n, 64n << 30n][Number(proof % 5n)]
}

/**
 * The sha256-trunc254-padded hash of two nodes: sha256(a‖b) with the two top bits of the last byte
 * cleared (so that the node is a BLS12-381 scalar).
 *
 * @rule syscall.crypto-commd
 */
export function pieceHash(a: Uint8Array, b: Uint8Array): Uint8Array {
  const buf = new Uint8Array(NODE_SIZE * 2)
  buf.set(a, 0)
  buf.set(b, NODE_SIZE)
  const h = sha256(buf)
  h[31] = (h[31] as number) & 0x3f
  return h
}

const zeroCommitments: Uint8Array[] = [new Uint8Array(NODE_SIZE)]

/** The root of 2^level zero nodes (the commitment of 32·2^level zero padded bytes). */
export function zeroCommitment(level: number): Uint8Array {
  while (zeroCommitments.length <= level) {
    const prev = zeroCommitments[zeroCommitments.length - 1] as Uint8Array
    zeroCommitments.push(pieceHash(prev, prev))
  }
  return zeroCommitments[level] as Uint8Array
}

function trailingZeros(x: bigint): number {
  if (x === 0n) return 64
  let n = 0
  while (((x >> BigInt(n)) & 1n) === 0n) n++
  return n
}

function popcount(x: bigint): number {
  let n = 0
  for (let v = x; v !== 0n; v >>= 1n) n += Number(v & 1n)
  return n
}

/** ref-fvm `PaddedPieceSize::unpadded`: p − p/128. */
function fvmUnpadded(padded: bigint): bigint {
  return padded - padded / 128n
}

/** ref-fvm `zero_piece_commitment`: a table lookup that panics outside 2^7 .. 2^41. */
function fvmZeroPieceCommitment(padded: bigint): Uint8Array {
  const level = trailingZeros(padded) - PIECE_COMMS_MIN_LOG2
  if (level < 0 || level >= PIECE_COMMS_LEVELS) throw new CommDError(`no zero piece commitment for size ${padded}`)
  return zeroCommitment(trailingZeros(padded) - 5)
}

/** ref-fvm `get_required_padding`: the zero pieces (lowest first) that align `old` to `next`. */
function requiredPadding(old: bigint, next: bigint): bigint[] {
  if (next === 0n) throw new CommDError('attempt to calculate the remainder with a divisor of zero')
  let toFill = wrap(0n - old) % next
  const pads: bigint[] = []
  const n = popcount(toFill)
  for (let i = 0; i < n; i++) {
    const p = 1n << BigInt(trailingZeros(toFill))
    toFill ^= p
    pads.push(p)
  }
  return pads
}

/** fr32 `transform_byte_offset`: bit position mapping (254 data bits per 256-bit element), via f64. */
function transformByteOffset(pos: bigint, padding: boolean): bigint {
  const [from, to] = padding ? [254n, 256n] : [256n, 254n]
  const bits = wrap(pos * 8n)
  const transformed = wrap((bits / from) * to + (bits % from))
  const bytes = Number(transformed) / 8
  const rounded = padding ? Math.ceil(bytes) : Math.floor(bytes)
  const r = BigInt(rounded)
  return r > U64_MAX ? U64_MAX : r
}

/** filecoin-proofs `to_padded_bytes` (unpadded → padded). */
export const toPaddedBytes = (unpadded: bigint): bigint => transformByteOffset(unpadded, true)
/** filecoin-proofs `to_unpadded_bytes` (padded → unpadded). */
export const toUnpaddedBytes = (padded: bigint): bigint => transformByteOffset(padded, false)

const isPowerOfTwo = (x: bigint): boolean => x !== 0n && (x & (x - 1n)) === 0n

interface ProofsPiece {
  readonly commitment: Uint8Array
  /** Unpadded bytes. */
  readonly size: bigint
}

/** filecoin-proofs `zero_padding(size)`: a zero piece of `size` unpadded bytes. */
function zeroPadding(size: bigint): ProofsPiece {
  const padded = toPaddedBytes(size)
  let commitment = pieceHash(new Uint8Array(NODE_SIZE), new Uint8Array(NODE_SIZE))
  let hashed = 64n
  while (hashed < padded) {
    commitment = pieceHash(commitment, commitment)
    hashed *= 2n
    // ref-fvm would loop forever once the doubling wraps to 0; stop instead.
    if (hashed >= U64) throw new CommDError(`padding size ${padded} cannot be reached`)
  }
  if (hashed !== padded) throw new CommDError('Hashed size must equal padded size')
  return { commitment, size }
}

/** filecoin-proofs `compute_comm_d` on a non-empty piece list. */
function computeCommD(sectorSize: bigint, pieces: readonly ProofsPiece[]): Uint8Array {
  const unpaddedSector = toUnpaddedBytes(sectorSize)
  if (BigInt(pieces.length) > unpaddedSector / MINIMUM_PIECE_SIZE) throw new CommDError('Too many pieces')
  const total = pieces.reduce((s, p) => wrap(s + toPaddedBytes(p.size)), 0n)
  if (total > sectorSize) throw new CommDError('Piece is larger than sector.')

  const stack: ProofsPiece[] = []
  const peek = (): ProofsPiece => stack[stack.length - 1] as ProofsPiece
  const shiftReduce = (p: ProofsPiece): void => {
    stack.push(p)
    while (stack.length >= 2 && peek().size === (stack[stack.length - 2] as ProofsPiece).size) {
      const right = stack.pop() as ProofsPiece
      const left = stack.pop() as ProofsPiece
      stack.push({ commitment: pieceHash(left.commitment, right.commitment), size: wrap(left.size + right.size) })
    }
  }
  const checkPowerOfTwo = (p: ProofsPiece): void => {
    const padded = toPaddedBytes(p.size)
    if (!isPowerOfTwo(padded)) throw new CommDError(`Piece size (${padded}) must be a power of 2.`)
  }

  const [first, ...rest] = pieces as [ProofsPiece, ...ProofsPiece[]]
  checkPowerOfTwo(first)
  stack.push(first)
  for (const p of rest) {
    checkPowerOfTwo(p)
    while (peek().size < p.size) shiftReduce(zeroPadding(peek().size))
    shiftReduce(p)
  }
  while (stack.length > 1) shiftReduce(zeroPadding(peek().size))
  return peek().commitment
}

/** The 32-byte commitment of a `fil-commitment-unsealed` / sha2-256-trunc254-padded CID. */
function pieceCommitment(cid: CID): Uint8Array {
  if (cid.code !== Codec.FIL_COMMITMENT_UNSEALED) throw new CommDError('data commitment codec must be Unsealed')
  if (cid.multihash.code !== Multihash.SHA2_256_TRUNC254_PADDED) throw new CommDError('Incorrect hash function for unsealed commitment')
  if (cid.multihash.digest.length !== 32) throw new CommDError('commitments must be 32 bytes long')
  return cid.multihash.digest
}

/** The CID of an unsealed commitment: CIDv1, codec 0xf101, multihash 0x1012. */
export function unsealedCommitmentCid(commD: Uint8Array): CID {
  return CID.createV1(Codec.FIL_COMMITMENT_UNSEALED, Digest.create(Multihash.SHA2_256_TRUNC254_PADDED, commD))
}

/**
 * CommD of a sector of `sectorSize` bytes holding `pieces` (padded sizes and CommP CIDs), in order.
 * ref-fvm first aligns each piece to its own size and the end to the sector size with zero pieces;
 * an empty list is one zero piece of the whole sector. Every failure (bad CID, bad size, too many
 * pieces, pieces larger than the sector) is reported, as ref-fvm reports it, as an error message.
 *
 * @rule syscall.crypto-commd
 */
export function computeUnsealedSectorCid(sectorSize: bigint, pieces: readonly PieceInfo[]): CommDResult {
  try {
    const all: ProofsPiece[] = []
    if (pieces.length === 0) {
      all.push({ size: fvmUnpadded(sectorSize), commitment: fvmZeroPieceCommitment(sectorSize) })
    } else {
      let sum = 0n
      const pad = (pads: readonly bigint[]): void => {
        for (const p of pads) {
          all.push({ size: fvmUnpadded(p), commitment: fvmZeroPieceCommitment(p) })
          sum = wrap(sum + p)
        }
      }
      for (const p of pieces) {
        pad(requiredPadding(sum, p.size))
        all.push({ size: fvmUnpadded(p.size), commitment: pieceCommitment(p.cid) })
        sum = wrap(sum + p.size)
      }
      pad(requiredPadding(sum, sectorSize))
    }
    return { ok: true, cid: unsealedCommitmentCid(computeCommD(sectorSize, all)) }
  } catch (e) {
    if (e instanceof CommDError) return { ok: false, message: e.message }
    throw e
  }
}
