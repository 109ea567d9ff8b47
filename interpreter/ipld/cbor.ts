/**
 * DAG-CBOR as the FVM reads and writes it.
 *
 * Encoding is canonical DAG-CBOR (@ipld/dag-cbor). Decoding is strict: the input must be the
 * canonical encoding of the value it decodes to (minimal integers and lengths, sorted map keys,
 * 64-bit floats only, no undefined, valid UTF-8, no trailing bytes). Every unsigned integer
 * decodes as a `bigint`, so a u64 never silently becomes a float.
 *
 * @rule ipld.dag-cbor-strict
 */
import * as dagCbor from '@ipld/dag-cbor'
import { decode as cborgDecode, decodeFirst as cborgDecodeFirst, Token, Tokenizer, Type } from 'cborg'
import { CID } from 'multiformats/cid'
import { bytesEqual } from '../util/bytes.js'
import { readCidExact } from './cid.js'

/** The IPLD data model as the interpreter holds it. Integers are always bigint. */
export type Ipld =
  | null
  | boolean
  | bigint
  | number
  | string
  | Uint8Array
  | CID
  | readonly Ipld[]
  | { readonly [key: string]: Ipld }

export class CborError extends Error {
  override name = 'CborError'
}

const CID_TAG = 42

/**
 * Links decoded before, by their bytes: the same CIDs are decoded again and again (every HAMT
 * node, every actor's state), and building one (multiformats' CID and digest objects) costs more
 * than finding it. A CID is an immutable value, so sharing one is not observable; sharing it also
 * shares its cached string form (`cidKey`). A remembered CID holds a copy of its bytes, never a
 * view of the block it came from. Cleared when full.
 */
const decodedCids = new Map<string, CID>()
const DECODED_CIDS_MAX = 8_192

/** A tag-42 link: `0x00 ‖ CID`, the CID read as the `cid` crate reads it (`ipld.cid-read`: u64 codecs kept exactly). */
function decodeCidTag(bytes: Uint8Array): CID {
  if (!(bytes instanceof Uint8Array) || bytes[0] !== 0) throw new CborError('invalid CID encoding (tag 42 without 0x00 prefix)')
  if (bytes.length > 128) return readLink(bytes.subarray(1))
  const key = String.fromCharCode.apply(null, bytes as unknown as number[])
  let cid = decodedCids.get(key)
  if (cid === undefined) {
    cid = readLink(bytes.subarray(1))
    if (decodedCids.size >= DECODED_CIDS_MAX) decodedCids.clear()
    decodedCids.set(key, cid)
  }
  return cid
}

function readLink(bytes: Uint8Array): CID {
  const cid = readCidExact(bytes)
  if (typeof cid === 'string') throw new CborError(`invalid CID in tag 42: ${cid}`)
  return cid
}

const tags: ((decode: () => unknown) => unknown)[] = []
tags[CID_TAG] = (decode) => decodeCidTag(decode() as Uint8Array)

/** A tokenizer that turns every integer token into a bigint-valued one (u64 never becomes a float). */
class BigIntTokenizer extends Tokenizer {
  override next(): Token {
    const token = super.next()
    if ((token.type === Type.uint || token.type === Type.negint) && typeof token.value === 'number') {
      return new Token(token.type, BigInt(token.value), token.encodedLength)
    }
    return token
  }
}

const baseOptions = {
  strict: true,
  rejectDuplicateMapKeys: true,
  allowIndefinite: false,
  allowUndefined: false,
  coerceUndefinedToNull: false,
  allowNaN: false,
  allowInfinity: false,
  allowBigInt: true,
  useMaps: false,
  tags,
}

/** Encodes a value in canonical DAG-CBOR. Integers must be bigint (numbers are floats). */
export function encodeCbor(value: Ipld): Uint8Array {
  return dagCbor.encode(value)
}

/** Strict decode; throws CborError on any non-canonical or malformed input. */
export function decodeCbor(bytes: Uint8Array): Ipld {
  let value: Ipld
  try {
    const options = { ...baseOptions, tokenizer: new BigIntTokenizer(bytes, baseOptions) }
    value = cborgDecode(bytes, options as Parameters<typeof cborgDecode>[1]) as Ipld
  } catch (e) {
    throw new CborError(`malformed CBOR: ${describeCborgError(bytes, String((e as Error).message))}`)
  }
  let again: Uint8Array
  try {
    again = encodeCbor(value)
  } catch (e) {
    throw new CborError(`CBOR value cannot be re-encoded: ${(e as Error).message}`)
  }
  if (!bytesEqual(again, bytes)) throw new CborError('non-canonical CBOR (re-encoding differs)')
  return value
}

/** Typed accessors that throw CborError with a path in the message. */
export function asArray(v: Ipld, what: string, length?: number): readonly Ipld[] {
  if (!Array.isArray(v)) throw new CborError(`${what}: expected an array`)
  if (length !== undefined && v.length !== length) throw new CborError(`${what}: expected ${length} elements, got ${v.length}`)
  return v as readonly Ipld[]
}

export function asBytes(v: Ipld, what: string): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new CborError(`${what}: expected bytes`)
  return v
}

export function asUint(v: Ipld, what: string, max: bigint = 0xffff_ffff_ffff_ffffn): bigint {
  if (typeof v !== 'bigint' || v < 0n || v > max) throw new CborError(`${what}: expected an unsigned integer`)
  return v
}

export function asInt(v: Ipld, what: string): bigint {
  if (typeof v !== 'bigint' || v < -(2n ** 63n) || v >= 2n ** 63n) throw new CborError(`${what}: expected an i64`)
  return v
}

export function asCid(v: Ipld, what: string): CID {
  const cid = CID.asCID(v)
  if (cid === null) throw new CborError(`${what}: expected a CID`)
  return cid
}

export function asText(v: Ipld, what: string): string {
  if (typeof v !== 'string') throw new CborError(`${what}: expected text`)
  return v
}

/**
 * cborg's decode error in this project's words: without its "CBOR decode error:" prefix, and
 * "too many terminals" (bytes after the first complete item) as how many bytes are left over.
 */
function describeCborgError(bytes: Uint8Array, message: string): string {
  const m = message.replace(/^CBOR decode error: /, '')
  if (!m.startsWith('too many terminals')) return m
  try {
    const options = { ...baseOptions, tokenizer: new BigIntTokenizer(bytes, baseOptions) }
    const [, rest] = cborgDecodeFirst(bytes, options as Parameters<typeof cborgDecodeFirst>[1])
    return `${rest.length} byte${rest.length === 1 ? '' : 's'} left over after a complete CBOR item of ${bytes.length - rest.length} bytes (one item expected)`
  } catch {
    return 'bytes left over after a complete CBOR item (one item expected)'
  }
}
