/**
 * The hash functions the `crypto.hash` syscall offers, by multihash code (ref-fvm
 * `shared/src/crypto/hash.rs` `SupportedHashes`, the same five at fvm@v2.12.1 and fvm@v3.14.1).
 *
 * @rule syscall.crypto-hash-functions
 */
import { blake2b } from '@noble/hashes/blake2.js'
import { ripemd160 } from '@noble/hashes/legacy.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { keccak_256 } from '@noble/hashes/sha3.js'

export type HashName = 'sha2-256' | 'blake2b-256' | 'blake2b-512' | 'keccak-256' | 'ripemd-160'

interface HashFunction {
  readonly name: HashName
  readonly code: number
  /** Digest length in bytes. */
  readonly size: number
  readonly digest: (data: Uint8Array) => Uint8Array
}

/** The supported hash functions. Codes are multicodec table entries. */
export const HASH_FUNCTIONS: readonly HashFunction[] = [
  { name: 'sha2-256', code: 0x12, size: 32, digest: (d) => sha256(d) },
  { name: 'blake2b-256', code: 0xb220, size: 32, digest: (d) => blake2b(d, { dkLen: 32 }) },
  { name: 'blake2b-512', code: 0xb240, size: 64, digest: (d) => blake2b(d, { dkLen: 64 }) },
  { name: 'keccak-256', code: 0x1b, size: 32, digest: (d) => keccak_256(d) },
  { name: 'ripemd-160', code: 0x1053, size: 20, digest: (d) => ripemd160(d) },
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

/** blake2b-256, the hash of Filecoin secp256k1 signing. */
export function blake2b256(data: Uint8Array): Uint8Array {
  return blake2b(data, { dkLen: 32 })
}
