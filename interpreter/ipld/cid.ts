/**
 * Content identifiers as the FVM uses them.
 *
 * @rule ipld.cid-kernel-objects
 */
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { blake2b } from '@noble/hashes/blake2.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { createBLAKE2b } from 'hash-wasm'

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
 * blake2b-256. The WebAssembly implementation (hash-wasm) is about 20× faster than the pure
 * TypeScript one on block-sized inputs; properties/blake2b.property.test.ts checks they agree.
 */
const blake2bFast = await createBLAKE2b(256)

export function blake2b256(data: Uint8Array): Uint8Array {
  blake2bFast.init()
  blake2bFast.update(data)
  return blake2bFast.digest('binary')
}

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

/**
 * `Cid::read_bytes` (cid 0.10 / 0.11): the CID at the start of `bytes` and what follows it, or an
 * error message. A CIDv0 is the bare sha2-256 multihash `12 20 …`; otherwise the version varint
 * must be 1 (an explicit 0 is an error); the multihash digest may be at most 64 bytes.
 *
 * @rule ipld.cid-read
 */
export function readCidPrefix(bytes: Uint8Array): { readonly cid: CID; readonly rest: Uint8Array } | string {
  const isV0 = bytes[0] === 0x12 && bytes[1] === 0x20
  if (!isV0 && bytes[0] !== 0x01) return `unsupported version byte ${bytes[0] ?? 'none'}`
  try {
    const [cid, rest] = CID.decodeFirst(bytes)
    if (cid.multihash.digest.length > MAX_CID_DIGEST_LEN) return `digest longer than ${MAX_CID_DIGEST_LEN} bytes`
    return { cid, rest }
  } catch (e) {
    return (e as Error).message
  }
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
