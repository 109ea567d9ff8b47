/**
 * Filecoin signatures: secp256k1 over blake2b-256 with r‖s‖v encoding, and BLS12-381 "min-pk"
 * (G1 public keys, G2 signatures, hash-to-G2 with the `_NUL_` suite), as ref-fvm's
 * `shared/src/crypto/signature.rs` (`ops::verify_secp256k1_sig`, `ops::verify_bls_sig`,
 * `ops::recover_secp_public_key`; k256 0.13 and bls-signatures 0.15/blst, identical at fvm@v2.12.1,
 * fvm@v3.14.1 and fvm@v4.8.2) verifies them, and (fvm@v4.8.2, FIP-0079) BLS aggregates
 * (`ops::verify_bls_aggregate`).
 */
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { Protocol, secp256k1Address, addressEquals, type Address } from '../types/address.js'
import { blake2b256 } from './hash.js'
import { recoverSecpFast } from './secp256k1-fast.js'

/** `SignatureType`: the numbers the `crypto.verify_signature` syscall takes. */
export const SignatureType = { Secp256k1: 1, BLS: 2 } as const
export type SignatureType = (typeof SignatureType)[keyof typeof SignatureType]

export const SECP_SIG_LEN = 65
export const SECP_PUB_LEN = 65
export const SECP_SIG_MESSAGE_HASH_SIZE = 32
export const BLS_SIG_LEN = 96
export const BLS_PUB_LEN = 48

/** The hash-to-curve suite of Filecoin BLS signatures (bls-signatures `CSUITE`). */
export const BLS_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_'

export type Recovered = { readonly ok: true; readonly publicKey: Uint8Array } | { readonly ok: false; readonly message: string }

/**
 * Recovers the uncompressed (65-byte) secp256k1 public key that signed the 32-byte `hash` with the
 * 65-byte signature `r‖s‖v`. r and s must be in [1, n); v in 0..=3 (k256 normalises a high s and
 * flips v, which recovers the same key, so high-s signatures are accepted). The hash is used as is
 * (no prehash).
 *
 * @rule syscall.crypto-secp256k1
 */
export function recoverSecpPublicKey(hash: Uint8Array, signature: Uint8Array): Recovered {
  const fast = recoverSecpFast(hash, signature)
  return fast === undefined ? recoverSecpPublicKeyReference(hash, signature) : { ok: true, publicKey: fast }
}

/**
 * `recoverSecpPublicKey` in pure TypeScript (@noble/curves): the reference the WebAssembly
 * build of libsecp256k1 (secp256k1-fast.ts) is checked against, and what decides when that one
 * recovers no key.
 *
 * @rule syscall.crypto-secp256k1
 */
export function recoverSecpPublicKeyReference(hash: Uint8Array, signature: Uint8Array): Recovered {
  if (hash.length !== SECP_SIG_MESSAGE_HASH_SIZE) return { ok: false, message: `hash must be ${SECP_SIG_MESSAGE_HASH_SIZE} bytes` }
  if (signature.length !== SECP_SIG_LEN) return { ok: false, message: `signature must be ${SECP_SIG_LEN} bytes` }
  const v = signature[64] as number
  if (v > 3) return { ok: false, message: `Invalid recovery ID: ${v}` }
  try {
    // noble's 'recovered' format is v‖r‖s.
    const recovered = new Uint8Array(SECP_SIG_LEN)
    recovered[0] = v
    recovered.set(signature.subarray(0, 64), 1)
    const pk = secp256k1.recoverPublicKey(recovered, hash, { prehash: false })
    return { ok: true, publicKey: secp256k1.Point.fromBytes(pk).toBytes(false) }
  } catch (e) {
    return { ok: false, message: `Failed to recover key: ${(e as Error).message}` }
  }
}

/**
 * A secp256k1 signature is valid for `address` (an f1) when it is 65 bytes and the key recovered
 * over blake2b-256(`data`) hashes (blake2b-160) to the address payload.
 *
 * @rule syscall.crypto-secp256k1
 */
export function verifySecp256k1(signature: Uint8Array, data: Uint8Array, address: Address): boolean {
  if (address.protocol !== Protocol.SECP256K1) return false
  if (signature.length !== SECP_SIG_LEN) return false
  const r = recoverSecpPublicKey(blake2b256(data), signature)
  return r.ok && addressEquals(secp256k1Address(r.publicKey), address)
}

/**
 * A BLS signature is valid for `address` (an f3, whose payload is the compressed G1 public key)
 * when the key and the 96-byte compressed G2 signature decode to subgroup points, the key is not
 * the identity, and e(pk, H(data)) = e(g1, sig), H being hash-to-G2 with {@link BLS_DST}.
 *
 * @rule syscall.crypto-bls
 */
export function verifyBls(signature: Uint8Array, data: Uint8Array, address: Address): boolean {
  if (address.protocol !== Protocol.BLS) return false
  if (signature.length !== BLS_SIG_LEN || address.payload.length !== BLS_PUB_LEN) return false
  const bls = bls12_381.longSignatures
  try {
    const pk = bls12_381.G1.Point.fromBytes(address.payload)
    if (pk.is0()) return false
    const sig = bls12_381.G2.Point.fromBytes(signature)
    return bls.verify(sig, bls.hash(data, BLS_DST), pk)
  } catch {
    return false
  }
}

/**
 * `signature::verify`: dispatches on the signature type; a signature checked against an address
 * of the other kind is invalid.
 *
 * @rule syscall.crypto-verify-signature
 */
export function verifySignature(type: SignatureType, signature: Uint8Array, data: Uint8Array, address: Address): boolean {
  return type === SignatureType.BLS ? verifyBls(signature, data, address) : verifySecp256k1(signature, data, address)
}

/**
 * `ops::verify_bls_aggregate` (fvm@v4.8.2 `shared/src/crypto/signature.rs` L190–218) over
 * bls-signatures 0.15 `verify_messages` with blst (`src/signature.rs`, the non-multicore path):
 * no signers is valid (before anything is decoded); otherwise the 96-byte signature must decode to
 * a G2 subgroup point and every 48-byte key to a G1 subgroup point (else invalid); the messages
 * must be pairwise distinct (`blstrs::unique_messages`, the rogue-key countermeasure); an identity
 * key is invalid (bls-signatures for one key, blst's `BLST_PK_IS_INFINITY` for several: blst
 * v0.3.14 `src/aggregate.c` L241–297); then
 * e(pk₁, H(m₁)) · … · e(pkₙ, H(mₙ)) = e(g₁, sig), H being hash-to-G2 with {@link BLS_DST}.
 * The caller passes as many messages as keys.
 *
 * @rule syscall.crypto-bls-aggregate
 */
export function verifyBlsAggregate(signature: Uint8Array, publicKeys: readonly Uint8Array[], messages: readonly Uint8Array[]): boolean {
  if (publicKeys.length !== messages.length) return false
  if (publicKeys.length === 0) return true
  if (signature.length !== BLS_SIG_LEN || publicKeys.some((k) => k.length !== BLS_PUB_LEN)) return false
  const { G1, G2, pairingBatch, fields } = bls12_381
  let sig: ReturnType<typeof G2.Point.fromBytes>
  let keys: ReturnType<typeof G1.Point.fromBytes>[]
  try {
    sig = G2.Point.fromBytes(signature)
    keys = publicKeys.map((k) => G1.Point.fromBytes(k))
  } catch {
    return false
  }
  if (!distinct(messages)) return false
  if (keys.some((k) => k.is0())) return false
  const pairs = keys.map((g1, i) => ({ g1, g2: bls12_381.longSignatures.hash(messages[i] as Uint8Array, BLS_DST) }))
  // e(−g₁, sig) closes the product; it is 1 for the identity signature, which noble cannot pair.
  if (!sig.is0()) pairs.push({ g1: G1.Point.BASE.negate(), g2: sig })
  return fields.Fp12.eql(pairingBatch(pairs), fields.Fp12.ONE)
}

/** Whether no two messages are equal byte strings. */
function distinct(messages: readonly Uint8Array[]): boolean {
  const seen = new Set<string>()
  for (const m of messages) {
    const key = Buffer.from(m).toString('hex')
    if (seen.has(key)) return false
    seen.add(key)
  }
  return true
}
