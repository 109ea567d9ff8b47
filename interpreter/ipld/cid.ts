/**
 * Content identifiers as the FVM uses them.
 *
 * @rule ipld.cid-kernel-objects
 */
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { blake2b } from '@noble/hashes/blake2.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { blake2b256 } from '../crypto/hash.js'

export { CID }

/** Multicodec codes the FVM knows. */
export const Codec = {
  IPLD_RAW: 0x55,
  DAG_CBOR: 0x71,
  CBOR: 0x51,
  FIL_COMMITMENT_UNSEALED: 0xf101,
  FIL_COMMITMENT_SEALED: 0xf102,
} as const

/** Multihash codes the FVM knows. */
export const Multihash = {
  IDENTITY: 0x00,
  BLAKE2B_256: 0xb220,
  SHA2_256_TRUNC254_PADDED: 0x1012,
  POSEIDON_BLS12_381_A1_FC1: 0xb401,
} as const

/**
 * blake2b-256: crypto/hash.ts's, by the WebAssembly implementation (hash-wasm), about 20× faster
 * than the pure TypeScript one on block-sized inputs; properties/blake2b.property.test.ts checks
 * they agree.
 */
export { blake2b256 }

/** The reference implementation (@noble/hashes), kept to check the fast one against. */
export function blake2b256Reference(data: Uint8Array): Uint8Array {
  return blake2b(data, { dkLen: 32 })
}

/** CIDv1 with the given codec over the blake2b-256 digest of `data`. */
export function cidOf(codec: number, data: Uint8Array): CID {
  return CID.createV1(codec, Digest.create(Multihash.BLAKE2B_256, blake2b256(data)))
}

/** The CID of a kernel-written object: DAG-CBOR, blake2b-256. */
export function dagCborCid(data: Uint8Array): CID {
  return cidOf(Codec.DAG_CBOR, data)
}

export function parseCid(text: string): CID {
  return CID.parse(text)
}

/** The largest multihash digest a CID may carry (the `cid` crate's default `Cid<64>`). */
export const MAX_CID_DIGEST_LEN = 64

const U64_MASK = (1n << 64n) - 1n

/**
 * An unsigned varint read as `unsigned_varint::io::read_u64` (0.8.0) reads it: at most 10 bytes,
 * the first without the continuation bit ending it; a last byte 0 after the first is not minimal
 * (an error); bits past the 64th of a 10th byte are dropped (`k << 63` on a u64: 10 bytes ending
 * in 0x7f read as if it ended in 0x01). Returns the value and the offset after it, or an error.
 */
function readVarintU64(bytes: Uint8Array, at: number): { readonly value: bigint; readonly next: number } | string {
  let value = 0n
  for (let i = 0; i < 10; i++) {
    const b = bytes[at + i]
    if (b === undefined) return 'varint: not enough bytes'
    value = (value | (BigInt(b & 0x7f) << BigInt(7 * i))) & U64_MASK
    if (b < 0x80) {
      if (b === 0 && i > 0) return 'varint: encoding is not minimal'
      return { value, next: at + i + 1 }
    }
  }
  return 'varint: more than 10 bytes'
}

/** The minimal unsigned varint of a u64 (`unsigned_varint::encode::u64`). */
function varintBytes(n: bigint): number[] {
  const out: number[] = []
  let v = n
  do {
    const b = Number(v & 0x7fn)
    v >>= 7n
    out.push(v === 0n ? b : b | 0x80)
  } while (v !== 0n)
  return out
}

/**
 * A CID from its parts, as the `cid` crate holds it: `bytes` are its canonical encoding (minimal
 * varints, as `Cid::to_bytes` writes it). A codec or multihash code above 2^53 is kept exactly in
 * the bytes (and by `cidCodec` / `cidHashCode`); the `code` fields of the multiformats value are
 * then the nearest JavaScript numbers, which no supported code is near.
 */
function cidOfParts(version: 0 | 1, codec: bigint, hashCode: bigint, digest: Uint8Array): CID {
  if (version === 0) return CID.createV0(Digest.create(0x12, digest))
  if (codec <= BigInt(Number.MAX_SAFE_INTEGER) && hashCode <= BigInt(Number.MAX_SAFE_INTEGER)) {
    return CID.createV1(Number(codec), Digest.create(Number(hashCode), digest))
  }
  const mh = Uint8Array.from([...varintBytes(hashCode), ...varintBytes(BigInt(digest.length)), ...digest])
  const bytes = Uint8Array.from([...varintBytes(1n), ...varintBytes(codec), ...mh])
  return new CID(1, Number(codec), new Digest.Digest(Number(hashCode), digest.length, digest, mh), bytes) as CID
}

/**
 * `Cid::read_bytes` (cid 0.11.2, multihash 0.19.4, unsigned-varint 0.8.0 at fvm@v2.12.1,
 * fvm@v3.14.1 and fvm@v4.8.2 alike): the CID at the start of `bytes` and what follows it, or an
 * error message. Reads the version and codec varints (u64, `readVarintU64`); `0x12 0x20` is a
 * CIDv0, a bare sha2-256 multihash whose 32-byte digest follows; otherwise the version must be 1
 * (0 is an explicit CIDv0, an error; anything else an unknown version), then the multihash: code
 * and size varints (u64), a size above 64 is an error, and that many digest bytes. Codecs and
 * multihash codes are full u64s, kept exactly. The CID's bytes are its canonical re-encoding.
 *
 * @rule ipld.cid-read
 */
export function readCidPrefix(bytes: Uint8Array): { readonly cid: CID; readonly rest: Uint8Array } | string {
  const version = readVarintU64(bytes, 0)
  if (typeof version === 'string') return `version ${version}`
  const codec = readVarintU64(bytes, version.next)
  if (typeof codec === 'string') return `codec ${codec}`
  if (version.value === 0x12n && codec.value === 0x20n) {
    const end = codec.next + 32
    if (end > bytes.length) return 'CIDv0 digest: not enough bytes'
    return { cid: cidOfParts(0, 0x70n, 0x12n, bytes.slice(codec.next, end)), rest: bytes.subarray(end) }
  }
  if (version.value === 0n) return 'explicit CIDv0 (version 0 before a codec)'
  if (version.value !== 1n) return `unknown CID version ${version.value}`
  const code = readVarintU64(bytes, codec.next)
  if (typeof code === 'string') return `multihash code ${code}`
  const size = readVarintU64(bytes, code.next)
  if (typeof size === 'string') return `multihash size ${size}`
  if (size.value > BigInt(MAX_CID_DIGEST_LEN)) return `digest of ${size.value} bytes, more than ${MAX_CID_DIGEST_LEN}`
  const end = size.next + Number(size.value)
  if (end > bytes.length) return `digest of ${size.value} bytes: not enough bytes`
  return { cid: cidOfParts(1, codec.value, code.value, bytes.slice(size.next, end)), rest: bytes.subarray(end) }
}

/**
 * `Cid::read_bytes` over exactly `bytes` (the link scan's CIDs inside a tag 42): bytes left over
 * are an error.
 *
 * @rule ipld.cid-read
 */
export function readCidExact(bytes: Uint8Array): CID | string {
  const r = readCidPrefix(bytes)
  if (typeof r === 'string') return r
  return r.rest.length === 0 ? r.cid : `${r.rest.length} bytes after the CID`
}

/** A CID's codec, exactly (a u64; the multiformats `code` is a JavaScript number). */
export function cidCodec(cid: CID): bigint {
  if (cid.version === 0) return 0x70n
  const version = readVarintU64(cid.bytes, 0) as { next: number }
  return (readVarintU64(cid.bytes, version.next) as { value: bigint }).value
}

/** A CID's multihash code, exactly (a u64). */
export function cidHashCode(cid: CID): bigint {
  return (readVarintU64(cid.multihash.bytes, 0) as { value: bigint }).value
}

export function cidKey(cid: CID): string {
  return cid.toString()
}

/**
 * Checks that a block's bytes hash to its CID. Identity CIDs must embed exactly the bytes;
 * blake2b-256 and sha2-256 digests are recomputed. Returns an error message or undefined.
 *
 * @rule ipld.block-verify
 */
export function verifyBlock(cid: CID, bytes: Uint8Array): string | undefined {
  const mh = cid.multihash
  let digest: Uint8Array
  switch (mh.code) {
    case Multihash.IDENTITY:
      digest = bytes
      break
    case Multihash.BLAKE2B_256:
      digest = blake2b256(bytes)
      break
    case 0x12: {
      // sha2-256
      digest = sha256(bytes)
      break
    }
    default:
      return `unsupported multihash 0x${mh.code.toString(16)} in ${cid.toString()}`
  }
  if (digest.length !== mh.digest.length) return `block ${cid.toString()} digest length differs`
  for (let i = 0; i < digest.length; i++) {
    if (digest[i] !== mh.digest[i]) return `block ${cid.toString()} does not hash to its CID`
  }
  return undefined
}

/** CID equality (multiformats' `equals` is a type guard, which narrows the other side to never). */
export function cidEquals(a: CID, b: CID): boolean {
  return a.toString() === b.toString()
}
