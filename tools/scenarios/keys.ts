/**
 * Deterministic keys for the scenarios: secp256k1 and BLS key pairs, libp2p peer IDs, and
 * Filecoin signatures made with them. Every key is derived from a name (sha256 of a fixed prefix
 * and the name), so regenerating a scenario gives byte-identical messages and vectors; secp256k1
 * signatures are RFC 6979 (deterministic), BLS signatures are deterministic by construction.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { blake2b256 } from '../../interpreter/crypto/hash.js'
import { BLS_DST, SignatureType } from '../../interpreter/crypto/signature.js'
import { addressToString, blsAddress, secp256k1Address, type Address } from '../../interpreter/types/address.js'

export { SignatureType }

/** A key pair and its Filecoin address. */
export interface Key {
  readonly name: string
  readonly type: SignatureType
  readonly privateKey: Uint8Array
  /** secp256k1: the 65-byte uncompressed key; BLS: the 48-byte compressed G1 point. */
  readonly publicKey: Uint8Array
  readonly address: Address
  /** `f1…` / `f3…`. */
  readonly text: string
}

const seed = (kind: string, name: string): Uint8Array => sha256(new TextEncoder().encode(`fvm-spec scenario ${kind} key: ${name}`))

/** A secp256k1 key named `name` (its private key is sha256 of a fixed prefix and the name). @rule scenarios.keys */
export function secpKey(name: string): Key {
  const privateKey = seed('secp256k1', name)
  const publicKey = secp256k1.getPublicKey(privateKey, false)
  const address = secp256k1Address(publicKey)
  return { name, type: SignatureType.Secp256k1, privateKey, publicKey, address, text: addressToString(address) }
}

/**
 * A BLS key named `name`. Filecoin BLS private keys are 32 little-endian bytes (filecoin-ffi);
 * noble reads a scalar big-endian, so the bytes are reversed for it. The seed is reduced below
 * the group order so that every name gives a valid key.
 *
 * @rule scenarios.keys
 */
export function blsKey(name: string): Key {
  const order = bls12_381.fields.Fr.ORDER
  const scalar = (BigInt(`0x${Buffer.from(seed('bls', name)).toString('hex')}`) % (order - 1n)) + 1n
  const be = Uint8Array.from(Buffer.from(scalar.toString(16).padStart(64, '0'), 'hex'))
  const privateKey = Uint8Array.from(be).reverse()
  const publicKey = bls12_381.longSignatures.getPublicKey(be).toBytes(true)
  const address = blsAddress(publicKey)
  return { name, type: SignatureType.BLS, privateKey, publicKey, address, text: addressToString(address) }
}

/**
 * A Filecoin signature's bytes without the type byte: secp256k1 is r‖s‖v (65 bytes) over
 * blake2b-256(data), RFC 6979, low s; BLS is the 96-byte compressed G2 point of the key over
 * hash-to-G2(data) with Filecoin's domain separation tag. This is what `verify_signature`
 * checks and what the account actor's AuthenticateMessage takes.
 *
 * @rule scenarios.signatures
 */
export function sign(key: Key, data: Uint8Array): Uint8Array {
  if (key.type === SignatureType.BLS) {
    const bls = bls12_381.longSignatures
    return bls.sign(bls.hash(data, BLS_DST), Uint8Array.from(key.privateKey).reverse()).toBytes(true)
  }
  const rec = secp256k1.sign(blake2b256(data), key.privateKey, { prehash: false, format: 'recovered' })
  // noble's 'recovered' format is v‖r‖s; Filecoin's is r‖s‖v.
  const out = new Uint8Array(65)
  out.set(rec.subarray(1), 0)
  out[64] = rec[0] as number
  return out
}

/**
 * The `Signature` struct as CBOR carries it (a byte string): the type byte (1 secp256k1, 2 BLS)
 * then the signature (fvm_shared `crypto/signature.rs`, `Serialize for Signature`).
 *
 * @rule scenarios.signatures
 */
export function signatureBytes(key: Key, sig: Uint8Array): Uint8Array {
  return Uint8Array.of(key.type === SignatureType.BLS ? 2 : 1, ...sig)
}

/**
 * A libp2p peer ID named `name`: the identity multihash (0x00, length 36) of the protobuf
 * `PublicKey { Type: Ed25519 (1), Data: 32-byte key }` (`08 01 12 20 ‖ key`), 38 bytes, the form
 * `lotus-miner` puts in CreateMinerParams.peer.
 *
 * @rule scenarios.keys
 */
export function peerId(name: string): Uint8Array {
  const pub = ed25519.getPublicKey(seed('ed25519', name))
  return Uint8Array.of(0x00, 36, 0x08, 0x01, 0x12, 0x20, ...pub)
}

/** The binary multiaddr `/ip4/a.b.c.d/tcp/port` (codes 0x04 and 0x06, multiformats table). @rule scenarios.keys */
export function ip4TcpMultiaddr(ip: readonly [number, number, number, number], port: number): Uint8Array {
  return Uint8Array.of(0x04, ...ip, 0x06, port >> 8, port & 0xff)
}
