/**
 * Filecoin addresses: the five protocols, their byte form (used in CBOR and as state-tree keys)
 * and their text form (used in test vectors, logs and the CLI).
 *
 * Ground truth: ref-fvm `shared/src/address/{mod,payload,protocol,errors}.rs` at fvm@v2.12.1
 * (nv17) and fvm@v3.14.1 (nv18), plus unsigned-varint 0.8 for LEB128.
 */
import * as t from 'io-ts'
import { blake2b } from '@noble/hashes/blake2.js'
import { bytesEqual, concatBytes, toHex } from '../util/bytes.js'

/** An address. ID payloads are u64; the others carry their raw payload bytes. */
export type Address =
  | { readonly protocol: 0; readonly id: bigint }
  | { readonly protocol: 1; readonly payload: Uint8Array }
  | { readonly protocol: 2; readonly payload: Uint8Array }
  | { readonly protocol: 3; readonly payload: Uint8Array }
  | { readonly protocol: 4; readonly namespace: bigint; readonly subaddress: Uint8Array }

export const Protocol = { ID: 0, SECP256K1: 1, ACTOR: 2, BLS: 3, DELEGATED: 4 } as const
export type Protocol = (typeof Protocol)[keyof typeof Protocol]

/** Which ref-fvm generation's address rules apply: v2 (nv15..nv17) has no f4 addresses. */
export type AddressRules = 'v2' | 'v3'

/** The error kinds of ref-fvm's `address::Error` that parsing can produce. */
export type AddressErrorKind =
  | 'UnknownNetwork'
  | 'UnknownProtocol'
  | 'InvalidPayload'
  | 'InvalidLength'
  | 'InvalidPayloadLength'
  | 'InvalidChecksum'
  | 'Base32Decoding'

export class AddressError extends Error {
  override name = 'AddressError'
  constructor(
    readonly kind: AddressErrorKind,
    message: string,
  ) {
    super(`${kind}: ${message}`)
  }
}

/** Length of the blake2b hash payload of f1 and f2 addresses. */
export const PAYLOAD_HASH_LEN = 20
/** Length of an uncompressed secp256k1 public key. */
export const SECP_PUB_LEN = 65
/** Length of a BLS public key (the f3 payload). */
export const BLS_PUB_LEN = 48
/** Maximum length of an f4 subaddress (v3 only). */
export const MAX_SUBADDRESS_LEN = 54
/** Length of the blake2b checksum in the text form. */
export const CHECKSUM_HASH_LEN = 4
/** Maximum length of the text form: 86 in v2, 138 in v3. */
export const MAX_ADDRESS_TEXT_LEN: Readonly<Record<AddressRules, number>> = { v2: 84 + 2, v3: 138 }

const U64_MAX = 0xffff_ffff_ffff_ffffn

// ---------------------------------------------------------------------------------------------
// Constructors

function checkU64(v: bigint, what: string): bigint {
  if (typeof v !== 'bigint' || v < 0n || v > U64_MAX) throw new AddressError('InvalidPayload', `${what} is not a u64: ${String(v)}`)
  return v
}

export function idAddress(id: bigint): Address {
  return { protocol: 0, id: checkU64(id, 'actor id') }
}

/** f1 address from an already-hashed 20-byte payload. */
export function secp256k1AddressFromPayload(payload: Uint8Array): Address {
  if (payload.length !== PAYLOAD_HASH_LEN) throw new AddressError('InvalidPayloadLength', `a protocol 1 (secp256k1) address has a ${PAYLOAD_HASH_LEN}-byte payload, this one ${payload.length} bytes`)
  return { protocol: 1, payload: Uint8Array.from(payload) }
}

/** f1 address of a 65-byte uncompressed secp256k1 public key: blake2b-160 of the key. */
export function secp256k1Address(pubkey: Uint8Array): Address {
  if (pubkey.length !== SECP_PUB_LEN) throw new AddressError('InvalidPayloadLength', `secp256k1 public key must be ${SECP_PUB_LEN} bytes, got ${pubkey.length}`)
  return { protocol: 1, payload: addressHash(pubkey) }
}

/**
 * f2 address of arbitrary data: blake2b-160 of `data`.
 *
 * @rule types.address-actor
 */
export function newActorAddress(data: Uint8Array): Address {
  return { protocol: 2, payload: addressHash(data) }
}

/** f3 address of a 48-byte BLS public key. */
export function blsAddress(pubkey: Uint8Array): Address {
  if (pubkey.length !== BLS_PUB_LEN) throw new AddressError('InvalidPayloadLength', `a protocol 3 (BLS) address has a ${BLS_PUB_LEN}-byte payload, this one ${pubkey.length} bytes`)
  return { protocol: 3, payload: Uint8Array.from(pubkey) }
}

/** f4 address: namespace (an actor id) and a subaddress of at most 54 bytes. */
export function delegatedAddress(namespace: bigint, subaddress: Uint8Array): Address {
  checkU64(namespace, 'namespace')
  if (subaddress.length > MAX_SUBADDRESS_LEN) throw new AddressError('InvalidPayloadLength', `a protocol 4 (delegated) subaddress has at most ${MAX_SUBADDRESS_LEN} bytes, this one ${subaddress.length}`)
  return { protocol: 4, namespace, subaddress: Uint8Array.from(subaddress) }
}

function addressHash(data: Uint8Array): Uint8Array {
  return blake2b(data, { dkLen: PAYLOAD_HASH_LEN })
}

// ---------------------------------------------------------------------------------------------
// LEB128 (unsigned-varint 0.8 semantics)

/** Unsigned LEB128 of a u64: 7 bits per byte, least significant first, high bit = continue. */
export function encodeLeb128(v: bigint): Uint8Array {
  checkU64(v, 'varint')
  const out: number[] = []
  let n = v
  do {
    let b = Number(n & 0x7fn)
    n >>= 7n
    if (n !== 0n) b |= 0x80
    out.push(b)
  } while (n !== 0n)
  return Uint8Array.from(out)
}

/**
 * Decodes a u64 LEB128 prefix the way unsigned-varint 0.8 `decode::u64` does, returning the value
 * and the number of bytes read. Rules: at most 10 bytes (a continuation bit on the 10th byte is an
 * overflow); the last byte of a multi-byte varint must not be 0x00 (not minimal); running out of
 * input is an error. Bits of the 10th byte above bit 63 are silently dropped (Rust `<<` on u64),
 * so e.g. `ff×9 02` decodes to 2^63-1: ref-fvm accepts it, and so do we.
 *
 * @rule types.address-leb128
 */
export function decodeLeb128(bytes: Uint8Array, offset = 0): { value: bigint; length: number } {
  let n = 0n
  for (let i = 0; offset + i < bytes.length; i++) {
    const b = bytes[offset + i] as number
    n |= BigInt(b & 0x7f) << BigInt(i * 7)
    if ((b & 0x80) === 0) {
      if (b === 0 && i > 0) throw new AddressError('InvalidPayload', 'varint is not minimal')
      return { value: n & U64_MAX, length: i + 1 }
    }
    if (i === 9) throw new AddressError('InvalidPayload', 'varint overflows u64')
  }
  throw new AddressError('InvalidPayload', 'varint is truncated')
}

// ---------------------------------------------------------------------------------------------
// Byte form

/**
 * Protocol byte followed by the payload: LEB128 id (f0), the 20/20/48-byte payload (f1/f2/f3),
 * or LEB128 namespace followed by the subaddress (f4).
 *
 * @rule types.address-bytes
 */
export function addressToBytes(a: Address): Uint8Array {
  switch (a.protocol) {
    case 0:
      return concatBytes(Uint8Array.of(0), encodeLeb128(a.id))
    case 1:
    case 2:
    case 3:
      return concatBytes(Uint8Array.of(a.protocol), a.payload)
    case 4:
      return concatBytes(Uint8Array.of(4), encodeLeb128(a.namespace), a.subaddress)
  }
}

/** The payload bytes without the protocol byte (ref-fvm `payload_bytes`). */
export function addressPayloadBytes(a: Address): Uint8Array {
  return addressToBytes(a).subarray(1)
}

/**
 * Parses the byte form, enforcing ref-fvm's `Address::from_bytes`:
 * fewer than 2 bytes → InvalidLength; unknown protocol byte (and 4 under v2 rules) →
 * UnknownProtocol; f0 payload must be exactly one LEB128 u64 (no trailing bytes); f1/f2 payloads
 * exactly 20 bytes, f3 exactly 48; f4 is a LEB128 namespace then a subaddress of ≤ 54 bytes.
 *
 * @rule types.address-bytes
 */
export function addressFromBytes(b: Uint8Array, rules: AddressRules = 'v3'): Address {
  if (b.length < 2) throw new AddressError('InvalidLength', `address must have at least 2 bytes, got ${b.length}`)
  const protocol = b[0] as number
  const payload = b.subarray(1)
  switch (protocol) {
    case 0: {
      const { value, length } = decodeLeb128(payload)
      if (length !== payload.length) throw new AddressError('InvalidPayload', 'trailing bytes after the id varint')
      return { protocol: 0, id: value }
    }
    case 1:
    case 2:
      if (payload.length !== PAYLOAD_HASH_LEN) throw new AddressError('InvalidPayloadLength', `a protocol ${protocol} (${protocol === 1 ? 'secp256k1' : 'actor'}) address has a ${PAYLOAD_HASH_LEN}-byte payload, this one ${payload.length} bytes`)
      return { protocol: protocol as 1 | 2, payload: Uint8Array.from(payload) }
    case 3:
      if (payload.length !== BLS_PUB_LEN) throw new AddressError('InvalidPayloadLength', `a protocol 3 (BLS) address has a ${BLS_PUB_LEN}-byte payload, this one ${payload.length} bytes`)
      return { protocol: 3, payload: Uint8Array.from(payload) }
    case 4: {
      if (rules === 'v2') throw new AddressError('UnknownProtocol', 'protocol 4 (delegated) is unknown before nv18')
      const { value, length } = decodeLeb128(payload)
      const sub = payload.subarray(length)
      if (sub.length > MAX_SUBADDRESS_LEN) throw new AddressError('InvalidPayloadLength', `a protocol 4 (delegated) subaddress has at most ${MAX_SUBADDRESS_LEN} bytes, this one ${sub.length}`)
      return { protocol: 4, namespace: value, subaddress: Uint8Array.from(sub) }
    }
    default:
      throw new AddressError('UnknownProtocol', `unknown address protocol byte ${protocol}`)
  }
}

export function addressEquals(a: Address, b: Address): boolean {
  return bytesEqual(addressToBytes(a), addressToBytes(b))
}

/** Hex of the byte form: a stable map key. */
export function addressKey(a: Address): string {
  return toHex(addressToBytes(a))
}

/** The actor id of an f0 address, or undefined. */
export function addressId(a: Address): bigint | undefined {
  return a.protocol === 0 ? a.id : undefined
}

// ---------------------------------------------------------------------------------------------
// Text form

const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'
const BASE32_INDEX: ReadonlyMap<string, number> = new Map([...BASE32_ALPHABET].map((c, i) => [c, i]))

/** RFC 4648 base32, lowercase alphabet, no padding. */
export function base32Encode(bytes: Uint8Array): string {
  let out = ''
  let acc = 0
  let bits = 0
  for (const byte of bytes) {
    acc = (acc << 8) | byte
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += BASE32_ALPHABET[(acc >> bits) & 31]
    }
    acc &= (1 << bits) - 1
  }
  if (bits > 0) out += BASE32_ALPHABET[(acc << (5 - bits)) & 31]
  return out
}

/**
 * Strict decoding as data-encoding does it for ref-fvm's ADDRESS_ENCODER: only the 32 lowercase
 * symbols (no padding, no uppercase), a length whose remainder mod 8 is not 1, 3 or 6, and zero
 * trailing bits.
 *
 * @rule types.address-string
 */
export function base32Decode(text: string): Uint8Array {
  const rem = text.length % 8
  if (rem === 1 || rem === 3 || rem === 6) throw new AddressError('Base32Decoding', `invalid base32 length ${text.length}`)
  const out: number[] = []
  let acc = 0
  let bits = 0
  for (let i = 0; i < text.length; i++) {
    const v = BASE32_INDEX.get(text[i] as string)
    if (v === undefined) throw new AddressError('Base32Decoding', `invalid base32 symbol at position ${i}`)
    acc = (acc << 5) | v
    bits += 5
    if (bits >= 8) {
      bits -= 8
      out.push((acc >> bits) & 0xff)
    }
    acc &= (1 << bits) - 1
  }
  if (acc !== 0) throw new AddressError('Base32Decoding', 'non-zero trailing bits')
  return Uint8Array.from(out)
}

/**
 * The 4-byte blake2b checksum of the text form, over protocol byte ‖ payload bytes. For f4 the
 * payload is LEB128(namespace) ‖ subaddress, i.e. the checksum always covers the full byte form.
 *
 * @rule types.address-checksum
 */
export function addressChecksum(a: Address): Uint8Array {
  return blake2b(addressToBytes(a), { dkLen: CHECKSUM_HASH_LEN })
}

/**
 * Text form: network prefix ('f' or 't'), protocol digit, then the decimal id (f0), or
 * base32(payload ‖ checksum) (f1/f2/f3), or `<namespace decimal>f` + base32(subaddress ‖ checksum) (f4).
 *
 * @rule types.address-string
 */
export function addressToString(a: Address, network: 'f' | 't' = 'f'): string {
  switch (a.protocol) {
    case 0:
      return `${network}0${a.id.toString(10)}`
    case 1:
    case 2:
    case 3:
      return `${network}${a.protocol}${base32Encode(concatBytes(a.payload, addressChecksum(a)))}`
    case 4:
      return `${network}4${a.namespace.toString(10)}f${base32Encode(concatBytes(a.subaddress, addressChecksum(a)))}`
  }
}

/** Rust's `u64::from_str`: optional '+', then one or more ASCII digits, value ≤ u64::MAX. */
function parseU64Decimal(s: string): bigint {
  const digits = s.startsWith('+') ? s.slice(1) : s
  if (!/^[0-9]+$/.test(digits)) throw new AddressError('InvalidPayload', `not a u64: ${JSON.stringify(s)}`)
  const v = BigInt(digits)
  if (v > U64_MAX) throw new AddressError('InvalidPayload', `u64 overflow: ${s}`)
  return v
}

function splitChecksum(decoded: Uint8Array): { payload: Uint8Array; checksum: Uint8Array } {
  if (decoded.length < CHECKSUM_HASH_LEN) throw new AddressError('InvalidLength', 'payload shorter than the checksum')
  return { payload: decoded.subarray(0, decoded.length - CHECKSUM_HASH_LEN), checksum: decoded.subarray(decoded.length - CHECKSUM_HASH_LEN) }
}

/**
 * Parses the text form, returning the address and its network prefix. Follows ref-fvm v3
 * `parse_address` (v2 rules: text length ≤ 86 and no protocol 4):
 * - non-ASCII text is rejected (ref-fvm fails on it at some step in every case);
 * - text length must be 3..=138 (InvalidLength); first char 'f'/'t' (UnknownNetwork); second char
 *   '0'..'4' (UnknownProtocol);
 * - f0: at most 20 chars after the protocol digit (InvalidLength), parsed as Rust u64 (an optional
 *   leading '+' and leading zeros are accepted);
 * - f1/f2/f3: base32 decode, at least 4 bytes, checksum must match (InvalidChecksum), then the
 *   payload length must be 20/20/48 (InvalidPayload);
 * - f4: split at the first 'f'; namespace ≤ 20 chars parsed as u64; base32(subaddress ‖ checksum)
 *   with the checksum over 4 ‖ LEB128(namespace) ‖ subaddress; subaddress ≤ 54 bytes.
 *
 * @rule types.address-string
 * @rule types.address-checksum
 */
export function parseAddress(s: string, rules: AddressRules = 'v3'): { address: Address; network: 'f' | 't' } {
  if ([...s].some((c) => c.charCodeAt(0) > 0x7f)) throw new AddressError('InvalidPayload', 'address text must be ASCII')
  if (s.length > MAX_ADDRESS_TEXT_LEN[rules] || s.length < 3) throw new AddressError('InvalidLength', `address text length ${s.length}`)
  const network = s[0]
  if (network !== 'f' && network !== 't') throw new AddressError('UnknownNetwork', `unknown network prefix ${JSON.stringify(network)}`)
  const protocolChar = s[1] as string
  const maxProtocol = rules === 'v2' ? '3' : '4'
  if (protocolChar < '0' || protocolChar > maxProtocol) throw new AddressError('UnknownProtocol', `unknown protocol ${JSON.stringify(protocolChar)}`)
  const protocol = Number(protocolChar) as Protocol
  const raw = s.slice(2)
  switch (protocol) {
    case 0: {
      if (raw.length > 20) throw new AddressError('InvalidLength', 'id longer than 20 digits')
      return { address: { protocol: 0, id: parseU64Decimal(raw) }, network }
    }
    case 4: {
      const at = raw.indexOf('f')
      if (at < 0) throw new AddressError('InvalidPayload', 'delegated address without an f separator')
      const nsText = raw.slice(0, at)
      if (nsText.length > 20) throw new AddressError('InvalidLength', 'namespace longer than 20 digits')
      const namespace = parseU64Decimal(nsText)
      const { payload, checksum } = splitChecksum(base32Decode(raw.slice(at + 1)))
      const expected = blake2b(concatBytes(Uint8Array.of(4), encodeLeb128(namespace), payload), { dkLen: CHECKSUM_HASH_LEN })
      if (!bytesEqual(expected, checksum)) throw new AddressError('InvalidChecksum', 'address checksum mismatch')
      if (payload.length > MAX_SUBADDRESS_LEN) throw new AddressError('InvalidPayloadLength', `a protocol 4 (delegated) subaddress has at most ${MAX_SUBADDRESS_LEN} bytes, this one ${payload.length}`)
      return { address: { protocol: 4, namespace, subaddress: Uint8Array.from(payload) }, network }
    }
    default: {
      const { payload, checksum } = splitChecksum(base32Decode(raw))
      const expected = blake2b(concatBytes(Uint8Array.of(protocol), payload), { dkLen: CHECKSUM_HASH_LEN })
      const wantLen = protocol === 3 ? BLS_PUB_LEN : PAYLOAD_HASH_LEN
      // v2 checks the payload length before the checksum, v3 after; both reject.
      if (rules === 'v2' && payload.length !== wantLen) throw new AddressError('InvalidPayload', `payload length ${payload.length}`)
      if (!bytesEqual(expected, checksum)) throw new AddressError('InvalidChecksum', 'address checksum mismatch')
      if (payload.length !== wantLen) throw new AddressError('InvalidPayload', `payload length ${payload.length}`)
      return { address: { protocol, payload: Uint8Array.from(payload) } as Address, network }
    }
  }
}

/**
 * Parses the text form. With `network` given, the prefix must match it (ref-fvm's
 * `Network::parse_address`); without it both 'f' and 't' are accepted.
 */
export function addressFromString(s: string, network?: 'f' | 't', rules: AddressRules = 'v3'): Address {
  const parsed = parseAddress(s, rules)
  if (network !== undefined && parsed.network !== network) throw new AddressError('UnknownNetwork', `expected network ${network}, got ${parsed.network}`)
  return parsed.address
}

// ---------------------------------------------------------------------------------------------
// BLS zero address

/** The f3 address whose key is the BLS identity point; ref-fvm refuses to create it. */
export const BLS_ZERO_ADDRESS_STRING = 'f3yaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaby2smx7a'
export const BLS_ZERO_ADDRESS: Address = addressFromString(BLS_ZERO_ADDRESS_STRING)

/**
 * True for the BLS "zero" address (payload 0xc0 followed by 47 zero bytes).
 *
 * @rule types.address-bls-zero
 */
export function isBlsZeroAddress(a: Address): boolean {
  return a.protocol === 3 && BLS_ZERO_ADDRESS.protocol === 3 && bytesEqual(a.payload, BLS_ZERO_ADDRESS.payload)
}

// ---------------------------------------------------------------------------------------------
// io-ts

function isAddress(u: unknown): u is Address {
  if (typeof u !== 'object' || u === null) return false
  const o = u as Record<string, unknown>
  switch (o.protocol) {
    case 0:
      return typeof o.id === 'bigint' && o.id >= 0n && o.id <= U64_MAX
    case 1:
    case 2:
      return o.payload instanceof Uint8Array && o.payload.length === PAYLOAD_HASH_LEN
    case 3:
      return o.payload instanceof Uint8Array && o.payload.length === BLS_PUB_LEN
    case 4:
      return (
        typeof o.namespace === 'bigint' &&
        o.namespace >= 0n &&
        o.namespace <= U64_MAX &&
        o.subaddress instanceof Uint8Array &&
        o.subaddress.length <= MAX_SUBADDRESS_LEN
      )
    default:
      return false
  }
}

/** io-ts codec between the byte form and `Address` (v3 rules). */
export const AddressFromBytes: t.Type<Address, Uint8Array, unknown> = new t.Type<Address, Uint8Array, unknown>(
  'AddressFromBytes',
  isAddress,
  (u, c) => {
    if (!(u instanceof Uint8Array)) return t.failure(u, c, 'expected address bytes')
    try {
      return t.success(addressFromBytes(u))
    } catch (e) {
      return t.failure(u, c, (e as Error).message)
    }
  },
  addressToBytes,
)
