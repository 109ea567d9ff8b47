/**
 * io-ts codecs for the test-vector JSON format (filecoin-project/test-vectors `schema`, as read by
 * ref-fvm's conformance runner `testing/conformance/src/vector.rs`).
 *
 * The codecs decode the output of `parseJson` (json.ts), in which every JSON integer is an exact
 * `bigint`. Only class "message" is decoded in full; "tipset" and "blockseq" are recognised by
 * `VectorClass` and reported unsupported by the loader. Unknown object keys are ignored, as serde
 * does.
 *
 * @rule vector.schema
 */
import * as t from 'io-ts'
import { CID } from 'multiformats/cid'

/** Failure messages of the base64 codecs start with this, so the loader can classify them. */
export const BASE64_ERROR = 'invalid base64'

const isRecord = (u: unknown): u is Record<string, unknown> => u !== null && typeof u === 'object' && !Array.isArray(u)

/** An exact integer in [min, max], from a JSON integer literal. */
function integer(name: string, min: bigint, max: bigint, acceptDecimalString = false): t.Type<bigint, bigint, unknown> {
  return new t.Type<bigint, bigint, unknown>(
    name,
    (u): u is bigint => typeof u === 'bigint' && u >= min && u <= max,
    (u, c) => {
      let v: bigint
      if (typeof u === 'bigint') v = u
      else if (acceptDecimalString && typeof u === 'string' && /^-?(0|[1-9][0-9]*)$/.test(u)) v = BigInt(u)
      else if (typeof u === 'number') return t.failure(u, c, `expected ${name}, got the non-integer number ${u}`)
      else return t.failure(u, c)
      if (v < min || v > max) return t.failure(u, c, `expected ${name}, got ${v} (out of range)`)
      return t.success(v)
    },
    (a) => a,
  )
}

const U32_MAX = 0xffff_ffffn
const I64_MIN = -(1n << 63n)
const I64_MAX = (1n << 63n) - 1n
const U64_MAX = (1n << 64n) - 1n
const U128_MAX = (1n << 128n) - 1n

/** ChainEpoch and other `i64` fields. */
export const I64 = integer('i64 integer', I64_MIN, I64_MAX)
/** `u64` fields (gas_used). */
export const U64 = integer('u64 integer', 0n, U64_MAX)
/** `u128` token amounts (basefee, circ_supply): a JSON integer, or a decimal string. */
export const TokenAmount = integer('u128 integer (number or decimal string)', 0n, U128_MAX, true)

/** `u32` fields (nv, exit_code), decoded to a JS number. */
export const U32 = new t.Type<number, bigint, unknown>(
  'u32 integer',
  (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= 0xffff_ffff,
  (u, c) => {
    if (typeof u === 'number') return t.failure(u, c, `expected u32 integer, got the non-integer number ${u}`)
    if (typeof u !== 'bigint') return t.failure(u, c)
    if (u < 0n || u > U32_MAX) return t.failure(u, c, `expected u32 integer, got ${u} (out of range)`)
    return t.success(Number(u))
  },
  (a) => BigInt(a),
)

/**
 * Standard base64 with padding, canonical (no stray trailing bits): what ref-fvm's
 * `base64::engine::general_purpose::STANDARD` accepts. The empty string is zero bytes.
 *
 * @rule vector.base64
 */
export function decodeBase64Strict(text: string): Uint8Array | string {
  // Fast path: Node's decoder skips what it cannot read, so text that re-encodes to itself is
  // valid, padded and canonical. Only other text needs the checks below, for a precise message.
  const decoded = Buffer.from(text, 'base64')
  if (decoded.toString('base64') === text) return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength)
  if (text.length % 4 !== 0) return `${BASE64_ERROR}: length ${text.length} is not a multiple of 4`
  const bad = text.search(/[^A-Za-z0-9+/=]/)
  if (bad >= 0) return `${BASE64_ERROR}: character ${JSON.stringify(text[bad])} at offset ${bad}`
  if (!/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return `${BASE64_ERROR}: misplaced padding`
  const bytes = Buffer.from(text, 'base64')
  // Only the last quantum can carry stray bits; re-encoding it must give it back unchanged.
  const tail = text.slice(-4)
  if (bytes.subarray(bytes.length - (tail.length === 0 ? 0 : 3 - (tail.split('=').length - 1))).toString('base64') !== tail) {
    return `${BASE64_ERROR}: non-canonical trailing bits`
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** A base64 string decoded to bytes. */
export const Base64Bytes = new t.Type<Uint8Array, string, unknown>(
  'base64 string',
  (u): u is Uint8Array => u instanceof Uint8Array,
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c)
    const r = decodeBase64Strict(u)
    return typeof r === 'string' ? t.failure(u, c, r) : t.success(r)
  },
  (a) => Buffer.from(a).toString('base64'),
)

/** A randomness digest: base64 of exactly 32 bytes (ref-fvm copies it into a `[u8; 32]`). */
export const Digest32 = new t.Type<Uint8Array, string, unknown>(
  'base64 string of 32 bytes',
  (u): u is Uint8Array => u instanceof Uint8Array && u.length === 32,
  (u, c) => {
    const r = Base64Bytes.validate(u, c)
    if (r._tag === 'Left') return r
    if (r.right.length !== 32) return t.failure(u, c, `expected 32 bytes, got ${r.right.length}`)
    return r
  },
  Base64Bytes.encode,
)

/** A CID in DAG-JSON link form: `{"/": "<cid string>"}`. */
export const CidJson = new t.Type<CID, { '/': string }, unknown>(
  'CID link {"/": "<cid>"}',
  (u): u is CID => CID.asCID(u) !== null,
  (u, c) => {
    if (!isRecord(u) || typeof u['/'] !== 'string') return t.failure(u, c, `expected a CID link {"/": "<cid>"}, got ${describe(u)}`)
    const text = u['/']
    try {
      return t.success(CID.parse(text))
    } catch (e) {
      return t.failure(u, c, `invalid CID ${JSON.stringify(text)}: ${e instanceof Error ? e.message : String(e)}`)
    }
  },
  (a) => ({ '/': a.toString() }),
)

/** `[a, b]` with exactly two elements (serde tuple structs reject extra elements). */
function pair<A extends t.Mixed, B extends t.Mixed>(a: A, b: B, name: string): t.Type<[t.TypeOf<A>, t.TypeOf<B>], unknown, unknown> {
  const inner = t.tuple([a, b])
  return new t.Type<[t.TypeOf<A>, t.TypeOf<B>], unknown, unknown>(
    name,
    (u): u is [t.TypeOf<A>, t.TypeOf<B>] => inner.is(u),
    (u, c) => {
      if (!Array.isArray(u) || u.length !== 2) return t.failure(u, c, `expected ${name}, got ${describe(u)}`)
      return inner.validate(u, c)
    },
    (x) => inner.encode(x),
  )
}

/** Values that may also be JSON null (serde `Option`). */
const nullable = <C extends t.Mixed>(codec: C) => t.union([codec, t.null])

/** The vector classes of the standard schema. */
export const VectorClass = t.keyof({ message: null, tipset: null, blockseq: null }, '"message" | "tipset" | "blockseq"')
export type VectorClass = t.TypeOf<typeof VectorClass>

/** The first check: an object with a `class` string. */
export const Envelope = t.type({ class: t.string }, 'test vector object')

/** Selector: a predicate over driver capabilities, a string-to-string map. */
export const Selector = t.record(t.string, t.string, 'selector (map of string to string)')

export const GenerationData = t.partial({ source: t.string, version: t.string })

export const Metadata = t.intersection([
  t.type({ id: t.string, gen: t.array(GenerationData) }),
  t.partial({ version: t.string, description: t.string, comment: t.string, tags: t.array(t.string) }),
])

export const StateTree = t.type({ root_cid: CidJson })

export const Variant = t.type({ id: t.string, epoch: I64, nv: U32 })

export const Preconditions = t.intersection([
  t.type({ state_tree: StateTree }),
  t.partial({
    basefee: nullable(TokenAmount),
    circ_supply: nullable(TokenAmount),
    variants: t.array(Variant),
  }),
])

export const ApplyMessage = t.intersection([t.type({ bytes: Base64Bytes }), t.partial({ epoch_offset: nullable(I64) })])

export const Receipt = t.type({ exit_code: U32, return: Base64Bytes, gas_used: U64 })

export const Postconditions = t.intersection([
  t.type({ state_tree: StateTree, receipts: t.array(Receipt) }),
  t.partial({ receipts_roots: nullable(t.array(CidJson)) }),
])

export const RandomnessKind = t.keyof({ chain: null, beacon: null }, '"chain" | "beacon"')

/**
 * One replayed randomness record: `{"on": ["chain" | "beacon", epoch], "ret": base64 digest}`.
 *
 * @rule vector.randomness-records
 */
export const RandomnessMatch = t.type({ on: pair(RandomnessKind, I64, '[kind, epoch]'), ret: Digest32 })

/** A vector of class "message". */
export const MessageVector = t.intersection([
  t.type({
    class: t.literal('message'),
    car: Base64Bytes,
    preconditions: Preconditions,
    apply_messages: t.array(ApplyMessage),
    postconditions: Postconditions,
  }),
  t.partial({
    _meta: nullable(Metadata),
    selector: nullable(Selector),
    randomness: t.array(RandomnessMatch),
    hints: nullable(t.array(t.string)),
  }),
])
export type MessageVector = t.TypeOf<typeof MessageVector>

/** A short description of a decoded JSON value for error messages. */
export function describe(u: unknown): string {
  if (u === undefined) return 'nothing (missing)'
  if (u === null) return 'null'
  if (typeof u === 'bigint') return `the integer ${u}`
  if (typeof u === 'number') return `the number ${u}`
  if (typeof u === 'string') return u.length > 40 ? `a string ${JSON.stringify(u.slice(0, 40))}…` : `the string ${JSON.stringify(u)}`
  if (typeof u === 'boolean') return `${u}`
  if (Array.isArray(u)) return `an array of ${u.length}`
  return 'an object'
}

/** The JSON path (`$.a.b[0]`) of a validation error's context, skipping union/intersection members. */
export function errorPath(context: t.Context): string {
  let path = '$'
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1]?.type as unknown as { _tag?: string } | undefined
    const entry = context[i]
    if (entry === undefined) continue
    const tag = parent?._tag
    if (tag === 'UnionType' || tag === 'IntersectionType') continue
    if (tag === 'ArrayType' || tag === 'TupleType' || (/^[0-9]+$/.test(entry.key) && Array.isArray(context[i - 1]?.actual))) path += `[${entry.key}]`
    else path += /^[A-Za-z_][A-Za-z0-9_]*$/.test(entry.key) ? `.${entry.key}` : `[${JSON.stringify(entry.key)}]`
  }
  return path
}

/** One line per error: path, then what was expected and what was found. */
export function errorMessage(e: t.ValidationError): string {
  const path = errorPath(e.context)
  if (e.message !== undefined) return `${path}: ${e.message}`
  const leaf = e.context[e.context.length - 1]
  const expected = leaf?.type.name ?? 'a value'
  if (e.value === undefined) return `${path}: missing required field (expected ${expected})`
  return `${path}: expected ${expected}, got ${describe(e.value)}`
}
