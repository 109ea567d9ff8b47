/**
 * Byte-string helpers used across the interpreter. Bytes are always `Uint8Array`.
 */
import { isUtf8 as nodeIsUtf8 } from 'node:buffer'

export const EMPTY_BYTES: Uint8Array = new Uint8Array(0)

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new Error(`invalid hex string: ${hex.slice(0, 40)}`)
  return new Uint8Array(Buffer.from(hex, 'hex'))
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Lexicographic order on bytes (shorter prefix first), as Rust's `Vec<u8>` ordering. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number)
    if (d !== 0) return d
  }
  return a.length - b.length
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let len = 0
  for (const p of parts) len += p.length
  const out = new Uint8Array(len)
  let off = 0
  for (const p of parts) {
    out.set(p, off)
    off += p.length
  }
  return out
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
}

/** Strict base64 decode: rejects characters outside the alphabet and bad padding. */
export function fromBase64(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) {
    throw new Error('invalid base64')
  }
  return new Uint8Array(Buffer.from(clean, 'base64'))
}

/**
 * Whether `bytes` are valid UTF-8 as Rust's `str::from_utf8` judges them (no overlong forms, no
 * surrogates, nothing above U+10FFFF), without decoding them: an actor's buffer may be gigabytes,
 * more than a JavaScript string can hold.
 */
export function isUtf8(bytes: Uint8Array): boolean {
  return nodeIsUtf8(bytes)
}

/** The start of `bytes` as text for a message or a trace (invalid sequences replaced), at most `max` bytes of it. */
export function textPrefix(bytes: Uint8Array, max: number): string {
  const text = new TextDecoder().decode(bytes.length > max ? bytes.subarray(0, max) : bytes)
  return bytes.length > max ? `${text}… (${bytes.length} bytes)` : text
}
