/**
 * The unsigned message and its CBOR tuple encoding.
 *
 * Ground truth: ref-fvm `shared/src/message.rs` at fvm@v2.12.1 (version and gas_limit are i64)
 * and fvm@v3.14.1 (both u64).
 */
import { asArray, asBytes, asInt, asUint, CborError, decodeCbor, encodeCbor, type Ipld } from '../ipld/cbor.js'
import { addressFromBytes, addressToBytes, type Address } from './address.js'
import { decodeBigInt, encodeBigInt } from './token.js'

export interface Message {
  version: bigint
  to: Address
  from: Address
  sequence: bigint
  value: bigint
  gasLimit: bigint
  gasFeeCap: bigint
  gasPremium: bigint
  method: bigint
  params: Uint8Array
}

/**
 * The message wire rules of a ref-fvm release (`NetworkRules.messageCodec`): 'v2' (fvm_shared 2,
 * nv15–17: version and gas_limit are i64, no f4 addresses) or 'v3' (fvm_shared 3 and later:
 * u64, f4 addresses).
 */
export type MessageCodec = 'v2' | 'v3'

const I64_MIN = -(2n ** 63n)
const I64_MAX = 2n ** 63n - 1n
const U64_MAX = 2n ** 64n - 1n

function checkRange(v: bigint, what: string, signed: boolean): bigint {
  const ok = typeof v === 'bigint' && (signed ? v >= I64_MIN && v <= I64_MAX : v >= 0n && v <= U64_MAX)
  if (!ok) throw new CborError(`message ${what}: ${String(v)} is not a${signed ? 'n i64' : ' u64'}`)
  return v
}

/**
 * The message as the CBOR 10-tuple
 * `[version, to, from, sequence, value, gas_limit, gas_fee_cap, gas_premium, method, params]`.
 * Integer ranges are checked for the given ref-fvm generation (v2: version and gas_limit i64;
 * v3: u64); sequence and method are u64 in both.
 *
 * @rule types.message-tuple
 */
export function messageToIpld(m: Message, version: MessageCodec = 'v3'): Ipld {
  const signed = version === 'v2'
  return [
    checkRange(m.version, 'version', signed),
    addressToBytes(m.to),
    addressToBytes(m.from),
    checkRange(m.sequence, 'sequence', false),
    encodeBigInt(m.value),
    checkRange(m.gasLimit, 'gas_limit', signed),
    encodeBigInt(m.gasFeeCap),
    encodeBigInt(m.gasPremium),
    checkRange(m.method, 'method', false),
    m.params,
  ]
}

export function encodeMessage(m: Message, version: MessageCodec = 'v3'): Uint8Array {
  return encodeCbor(messageToIpld(m, version))
}

function tokenField(v: Ipld, what: string): bigint {
  return decodeBigInt(asBytes(v, what))
}

/**
 * Reads the 10-tuple with ref-fvm's serde rules: exactly 10 elements; version is an i64 (v2) or
 * u64 (v3); to/from are byte strings holding a valid address (v2: protocols 0..3 only); sequence
 * and method are u64; value, gas_fee_cap and gas_premium are BigInt byte strings (negative values
 * decode; checks live in the executor); gas_limit is an i64 (v2) or u64 (v3); params is a byte string.
 * Throws CborError for shape/type errors and AddressError for invalid address bytes.
 *
 * @rule types.message-tuple
 */
export function messageFromIpld(v: Ipld, version: MessageCodec = 'v3'): Message {
  const f = asArray(v, 'message', 10)
  const int = version === 'v2' ? asInt : asUint
  return {
    version: int(f[0] as Ipld, 'message.version'),
    to: addressFromBytes(asBytes(f[1] as Ipld, 'message.to'), version),
    from: addressFromBytes(asBytes(f[2] as Ipld, 'message.from'), version),
    sequence: asUint(f[3] as Ipld, 'message.sequence'),
    value: tokenField(f[4] as Ipld, 'message.value'),
    gasLimit: int(f[5] as Ipld, 'message.gas_limit'),
    gasFeeCap: tokenField(f[6] as Ipld, 'message.gas_fee_cap'),
    gasPremium: tokenField(f[7] as Ipld, 'message.gas_premium'),
    method: asUint(f[8] as Ipld, 'message.method'),
    params: asBytes(f[9] as Ipld, 'message.params'),
  }
}

export function decodeMessage(bytes: Uint8Array, version: MessageCodec = 'v3'): Message {
  return messageFromIpld(decodeCbor(bytes), version)
}

/**
 * ref-fvm's `Message::check`, run before anything else when applying a message. Returns an error
 * text (the message is then rejected with a fatal error, no receipt) or undefined.
 * v2: gas_limit must be > 0. v3: gas_limit must be non-zero and ≤ i64::MAX.
 *
 * @rule types.message-check
 */
export function checkMessage(m: Message, version: MessageCodec): string | undefined {
  if (m.gasLimit === 0n) return 'Message has no gas limit set'
  if (version === 'v2' && m.gasLimit < 0n) return 'Message has negative gas limit'
  if (version === 'v3' && m.gasLimit > I64_MAX) return 'Message gas exceeds i64 max'
  return undefined
}
