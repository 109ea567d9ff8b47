/**
 * The CBOR that syscalls read from an actor's memory (the v3 `event.emit_event`'s ActorEvent, the
 * proof syscalls' inputs, `compute_unsealed_sector_cid`'s pieces), read exactly as ref-fvm reads
 * it: `fvm_ipld_encoding::from_slice` = serde_ipld_dagcbor 0.6.4 over cbor4ii 0.2.14, the versions
 * in the Cargo.lock of fvm@v2.12.1, fvm@v3.14.1 and fvm@v4.8.2 alike. That reader is driven by the
 * Rust type it fills, and is much laxer than DAG-CBOR (`ipld.dag-cbor-strict`): this module is a
 * set of readers, one per Rust type, combined as the type is (`tuple`, `vec`, `u64`, …).
 *
 * What cbor4ii 0.2.14 accepts (`src/core/dec.rs` at its 0.2.14 commit ba8a10f):
 *
 * - Integers and lengths in any width (`0x18 0x05` is 5): no minimality check.
 * - A header's major type is checked by masking: `byte & !(major << 5)` must be a valid additional
 *   info (0..=0x1b), so a header of another major type whose type bits are a subset of the
 *   expected one's passes. Where a byte string is expected, an unsigned-integer header (0x00–0x1b)
 *   is read as its length; where a text string is expected, unsigned, negative and byte-string
 *   headers; where an array is expected, unsigned headers; for a tag, unsigned, byte-string and
 *   array headers. Unsigned (u64, u8) and signed (i64) integers check their major exactly. (This
 *   is cbor4ii's "num check major" bug, fixed in 1.1.0, commit bf973d2.)
 * - Byte and text strings of indefinite length (0x5f / 0x7f exactly), whose chunks are read as
 *   strings of the same major with the same masking, and may themselves be indefinite; text is
 *   checked as UTF-8 once concatenated. Arrays of indefinite length are refused.
 * - A u8 is 0x00–0x17 or 0x18 and one byte; 0x19 and up are refused (even for a small value).
 * - A CID (tag 42, read through the tag mask above, in any width) must be followed by a real byte
 *   string header (major 2, maybe indefinite), whose bytes are `0x00 ‖ CID`, at least 2 bytes; the
 *   CID is `Cid::try_from(&[u8])` = `Cid::read_bytes` (`ipld.cid-read`), which ignores bytes after
 *   the CID.
 * - Nesting: 256 levels, counted for every array entered and every chunk of an indefinite string
 *   (serde_ipld_dagcbor `try_step`, cbor4ii `SliceReader` limit 256).
 * - Nothing may follow the value (`Deserializer::end`).
 *
 * Floats, simple values, maps and other tags never fill the integer, string, array and CID fields
 * these inputs have, so they are refused. Any refusal is IllegalArgument for the syscall; its
 * message names the field.
 *
 * @rule ipld.syscall-cbor
 */
import { concatBytes, isUtf8 } from '../util/bytes.js'
import { readCidPrefix, type CID } from './cid.js'

export class SyscallCborError extends Error {
  override name = 'SyscallCborError'
}

const I64_MAX = (1n << 63n) - 1n
const DEPTH_LIMIT = 256
const BREAK = 0xff

/** The reader's state: the input, a position and the nesting budget. */
export class CborReader {
  pos = 0
  private depth = DEPTH_LIMIT
  constructor(readonly bytes: Uint8Array) {}

  fail(what: string, message: string): never {
    throw new SyscallCborError(`${what}: ${message} (at byte ${this.pos})`)
  }

  pull(what: string): number {
    const b = this.bytes[this.pos]
    if (b === undefined) this.fail(what, 'unexpected end of input')
    this.pos++
    return b
  }

  peek(what: string): number {
    const b = this.bytes[this.pos]
    if (b === undefined) this.fail(what, 'unexpected end of input')
    return b
  }

  take(what: string, n: bigint): Uint8Array {
    if (n > BigInt(this.bytes.length - this.pos)) this.fail(what, `a string of ${n} bytes runs past the end of the input`)
    const out = this.bytes.subarray(this.pos, this.pos + Number(n))
    this.pos += Number(n)
    return out
  }

  /** `step_in` … `step_out` around `f`. */
  nested<T>(what: string, f: () => T): T {
    if (this.depth === 0) this.fail(what, 'nested more than 256 levels deep')
    this.depth--
    try {
      return f()
    } finally {
      this.depth++
    }
  }
}

/** A value of one Rust type, read from the reader. */
export type Read<T> = (r: CborReader, what: string) => T

/**
 * cbor4ii's `TypeNum::decode_u64` for `major`: the additional info of `byte` after clearing only
 * the major's own bits (see the module comment); 0x18–0x1b read 1, 2, 4 or 8 bytes big-endian.
 */
function argument(r: CborReader, what: string, major: number, byte: number): bigint {
  const info = byte & ~(major << 5) & 0xff
  if (info <= 0x17) return BigInt(info)
  const width = info === 0x18 ? 1 : info === 0x19 ? 2 : info === 0x1a ? 4 : info === 0x1b ? 8 : 0
  if (width === 0) r.fail(what, `unexpected header byte 0x${byte.toString(16)}`)
  let v = 0n
  for (const b of r.take(what, BigInt(width))) v = (v << 8n) | BigInt(b)
  return v
}

/** `decode_len`: null for the indefinite header of `major`, else the length. */
function length(r: CborReader, what: string, major: number, byte: number): bigint | null {
  return byte === (0x1f | (major << 5)) ? null : argument(r, what, major, byte)
}

/** `decode_buf`: a byte (2) or text (3) string's bytes, definite or in chunks. */
function stringBytes(r: CborReader, what: string, major: number, byte: number, chunks: Uint8Array[]): void {
  const len = length(r, what, major, byte)
  if (len !== null) {
    chunks.push(r.take(what, len))
    return
  }
  for (;;) {
    const b = r.pull(what)
    if (b === BREAK) return
    r.nested(what, () => stringBytes(r, what, major, b, chunks))
  }
}

/** `u64`. */
export const u64: Read<bigint> = (r, what) => argument(r, what, 0, r.pull(what))

/** `u8`: 0x00–0x17, or 0x18 and one byte. */
export const u8: Read<number> = (r, what) => {
  const byte = r.pull(what)
  if (byte <= 0x17) return byte
  if (byte === 0x18) return r.pull(what)
  return r.fail(what, `not a u8 (header byte 0x${byte.toString(16)})`)
}

/** `i64`: an unsigned or a negative integer (majors checked exactly), within i64. */
export const i64: Read<bigint> = (r, what) => {
  const byte = r.pull(what)
  const major = byte >> 5
  if (major !== 0 && major !== 1) r.fail(what, `not an integer (header byte 0x${byte.toString(16)})`)
  const v = argument(r, what, major, byte)
  if (v > I64_MAX) r.fail(what, 'integer out of the range of an i64')
  return major === 0 ? v : -v - 1n
}

/** `strict_bytes` (`deserialize_bytes`): a byte string, copied out of the input. */
export const bytes: Read<Uint8Array> = (r, what) => {
  const chunks: Uint8Array[] = []
  stringBytes(r, what, 2, r.pull(what), chunks)
  return concatBytes(...chunks)
}

/** `String`: a text string, valid UTF-8 once its chunks are joined. */
export const text: Read<string> = (r, what) => {
  const chunks: Uint8Array[] = []
  stringBytes(r, what, 3, r.pull(what), chunks)
  const b = concatBytes(...chunks)
  if (!isUtf8(b)) r.fail(what, 'text is not valid UTF-8')
  return new TextDecoder().decode(b)
}

/** `Cid`: tag 42 (through the tag mask), then a byte string `0x00 ‖ CID`; bytes after the CID are ignored. */
export const cid: Read<CID> = (r, what) => {
  const tag = argument(r, what, 6, r.pull(what))
  if (tag !== 42n) r.fail(what, `expected a CID (tag 42), got tag ${tag}`)
  if (r.peek(what) >> 5 !== 2) r.fail(what, 'a CID must be a byte string')
  const b = bytes(r, what)
  if (b.length <= 1 || b[0] !== 0) r.fail(what, 'invalid CID (not 0x00 followed by a CID)')
  const c = readCidPrefix(b.subarray(1))
  return typeof c === 'string' ? r.fail(what, `invalid CID: ${c}`) : c.cid
}

/** serde_ipld_dagcbor `visit_seq`: an array header (definite: the indefinite form is refused), inside one more level. */
function sequence<T>(r: CborReader, what: string, visit: (len: bigint) => T): T {
  return r.nested(what, () => {
    const len = length(r, what, 4, r.pull(what))
    if (len === null) return r.fail(what, 'arrays of indefinite length are not accepted')
    return visit(len)
  })
}

/** `Vec<T>`: an array of any length. */
export function vec<T>(item: Read<T>): Read<T[]> {
  return (r, what) =>
    sequence(r, what, (len) => {
      const out: T[] = []
      for (let i = 0n; i < len; i++) out.push(item(r, `${what}[${i}]`))
      return out
    })
}

/** A `Deserialize_tuple` struct: an array of exactly its fields, read in order. */
export function tuple<T extends readonly unknown[]>(fields: { readonly [K in keyof T]: readonly [name: string, read: Read<T[K]>] }): Read<T> {
  return (r, what) =>
    sequence(r, what, (len) => {
      const out: unknown[] = []
      fields.forEach(([name, read], i) => {
        if (BigInt(i) >= len) r.fail(what, `expected ${fields.length} fields, got ${len}`)
        out.push(read(r, `${what}.${name}`))
      })
      if (len > BigInt(fields.length)) r.fail(what, `expected ${fields.length} fields, got ${len}`)
      return out as unknown as T
    })
}

/** `from_slice`: the whole input is one value of the type. Throws SyscallCborError. */
export function readAll<T>(input: Uint8Array, what: string, read: Read<T>): T {
  const r = new CborReader(input)
  const v = read(r, what)
  if (r.pos !== input.length) r.fail(what, `${input.length - r.pos} bytes after the value`)
  return v
}
