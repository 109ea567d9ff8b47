/**
 * The hash functions the `crypto.hash` syscall offers, by multihash code (ref-fvm
 * `shared/src/crypto/hash.rs` `SupportedHashes`, the same five at fvm@v2.12.1, fvm@v3.14.1 and
 * fvm@v4.8.2).
 *
 * Each is computed by hash-wasm's WebAssembly implementation, which hashes an actor's memory in
 * place (it copies the input into its own memory a chunk at a time, so hashing 2 GiB of an actor's
 * memory allocates nothing of that size) at about 1 GiB/s for blake2b; @noble/hashes' pure
 * TypeScript implementation is kept as the reference, and properties/hash.property.test.ts checks
 * that the two agree bit for bit.
 *
 * @rule syscall.crypto-hash-functions
 */
import { blake2b } from '@noble/hashes/blake2.js'
import { ripemd160 } from '@noble/hashes/legacy.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { createBLAKE2b, createKeccak, createRIPEMD160, createSHA256, type IHasher } from 'hash-wasm'

export type HashName = 'sha2-256' | 'blake2b-256' | 'blake2b-512' | 'keccak-256' | 'ripemd-160'

export interface HashFunction {
  readonly name: HashName
  readonly code: number
  /** Digest length in bytes. */
  readonly size: number
  /** The digest (the fast implementation). */
  readonly digest: (data: Uint8Array) => Uint8Array
  /** The digest by the reference implementation (@noble/hashes). */
  readonly reference: (data: Uint8Array) => Uint8Array
}

/** One hash-wasm hasher, reused: hashing is synchronous, so no two digests interleave. */
function fast(hasher: IHasher): (data: Uint8Array) => Uint8Array {
  return (data) => {
    hasher.init()
    hasher.update(data)
    return hasher.digest('binary')
  }
}

const [sha256Fast, blake2b256Fast, blake2b512Fast, keccak256Fast, ripemd160Fast] = await Promise.all([
  createSHA256(), createBLAKE2b(256), createBLAKE2b(512), createKeccak(256), createRIPEMD160(),
])

/** The supported hash functions. Codes are multicodec table entries. */
export const HASH_FUNCTIONS: readonly HashFunction[] = [
  { name: 'sha2-256', code: 0x12, size: 32, digest: fast(sha256Fast), reference: (d) => sha256(d) },
  { name: 'blake2b-256', code: 0xb220, size: 32, digest: fast(blake2b256Fast), reference: (d) => blake2b(d, { dkLen: 32 }) },
  { name: 'blake2b-512', code: 0xb240, size: 64, digest: fast(blake2b512Fast), reference: (d) => blake2b(d, { dkLen: 64 }) },
  // Keccak-256 with the original padding (not SHA3-256): hash-wasm's `createKeccak`, noble's `keccak_256`.
  { name: 'keccak-256', code: 0x1b, size: 32, digest: fast(keccak256Fast), reference: (d) => keccak_256(d) },
  { name: 'ripemd-160', code: 0x1053, size: 20, digest: fast(ripemd160Fast), reference: (d) => ripemd160(d) },
]

/** The hash function with this multihash code (a u64 from the actor), if supported. */
export function hashFunction(code: bigint | number): HashFunction | undefined {
  const c = BigInt(code)
  return HASH_FUNCTIONS.find((h) => BigInt(h.code) === c)
}

/**
 * The full digest of `data` under the hash with multihash code `code`, or undefined when the code
 * is not supported. (The syscall truncates it to the caller's buffer.)
 *
 * @rule syscall.crypto-hash-functions
 */
export function digest(code: bigint | number, data: Uint8Array): Uint8Array | undefined {
  return hashFunction(code)?.digest(data)
}

/**
 * blake2b-256 over the concatenation of `parts`, without concatenating them (the randomness draw
 * hashes an actor's entropy, which may be gigabytes of its memory, after a 48-byte prefix).
 */
export function blake2b256Parts(parts: readonly Uint8Array[]): Uint8Array {
  blake2b256Fast.init()
  for (const p of parts) blake2b256Fast.update(p)
  return blake2b256Fast.digest('binary')
}

/** blake2b-256, the hash of Filecoin secp256k1 signing. */
export function blake2b256(data: Uint8Array): Uint8Array {
  return blake2b256Parts([data])
}
