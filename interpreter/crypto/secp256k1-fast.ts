/**
 * secp256k1 public-key recovery through libsecp256k1 compiled to WebAssembly (tiny-secp256k1,
 * bitcoinjs), about four times faster than the pure implementation (@noble/curves) that
 * signature.ts keeps as the reference. Only a key it recovers is used: when it recovers none (or
 * is not installed), the reference decides, with its own message. So the two could only differ by
 * a key one recovers and the other does not, or a different key;
 * properties/secp256k1.property.test.ts looks for either.
 *
 * @rule syscall.crypto-secp256k1
 */
import { createRequire } from 'node:module'

interface TinySecp256k1 {
  recover(hash: Uint8Array, signature: Uint8Array, recoveryId: 0 | 1 | 2 | 3, compressed?: boolean): Uint8Array | null
}

/** Loaded on first use (it compiles its WebAssembly then), synchronously; null when it cannot be. */
let tiny: TinySecp256k1 | null | undefined

function library(): TinySecp256k1 | null {
  if (tiny === undefined) {
    try {
      tiny = createRequire(import.meta.url)('tiny-secp256k1') as TinySecp256k1
    } catch {
      tiny = null
    }
  }
  return tiny
}

/**
 * The uncompressed (65-byte) key that signed the 32-byte `hash` with the 65-byte `r‖s‖v`, or
 * undefined when this implementation recovers none (the reference then decides).
 */
export function recoverSecpFast(hash: Uint8Array, signature: Uint8Array): Uint8Array | undefined {
  const lib = library()
  const v = signature[64]
  if (lib === null || hash.length !== 32 || signature.length !== 65 || v === undefined || v > 3) return undefined
  try {
    return lib.recover(hash, signature.subarray(0, 64), v as 0 | 1 | 2 | 3, false) ?? undefined
  } catch {
    return undefined
  }
}
