/**
 * A small Solidity ABI encoder (and a decoder for the static types the tests read back):
 * head/tail encoding of uintN/intN/address/bool/bytesN, bytes, string, T[], T[k] and tuples.
 * https://docs.soliditylang.org/en/latest/abi-spec.html
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import type { AbiEntry, AbiParam } from './corpus.js'
import { type Hex, fromHex } from './side.js'
import { concatBytes } from '../../interpreter/util/bytes.js'

/** An ABI value: bigint (ints), boolean, Hex (address), Uint8Array (bytes, bytesN), string, or a list (arrays, tuples). */
export type AbiValue = bigint | boolean | Hex | Uint8Array | string | readonly AbiValue[]

export type AbiType =
  | { readonly kind: 'uint' | 'int'; readonly bits: number }
  | { readonly kind: 'address' | 'bool' | 'bytes' | 'string' }
  | { readonly kind: 'fixedBytes'; readonly size: number }
  | { readonly kind: 'array'; readonly of: AbiType; readonly length?: number }
  | { readonly kind: 'tuple'; readonly members: readonly AbiType[] }

export function parseType(p: AbiParam): AbiType {
  return parseTypeString(p.type, p.components)
}

function parseTypeString(t: string, components?: readonly AbiParam[]): AbiType {
  const arr = /^(.*)\[(\d*)\]$/.exec(t)
  if (arr !== null) {
    const of = parseTypeString(arr[1] as string, components)
    return arr[2] === '' ? { kind: 'array', of } : { kind: 'array', of, length: Number(arr[2]) }
  }
  if (t === 'tuple') return { kind: 'tuple', members: (components ?? []).map(parseType) }
  if (t === 'address' || t === 'bool' || t === 'bytes' || t === 'string') return { kind: t }
  const m = /^(u?int)(\d*)$/.exec(t)
  if (m !== null) return { kind: m[1] === 'uint' ? 'uint' : 'int', bits: m[2] === '' ? 256 : Number(m[2]) }
  const b = /^bytes(\d+)$/.exec(t)
  if (b !== null) return { kind: 'fixedBytes', size: Number(b[1]) }
  throw new Error(`unsupported ABI type ${t}`)
}

export function canonicalType(p: AbiParam): string {
  const arr = /^tuple(.*)$/.exec(p.type)
  if (arr !== null) return `(${(p.components ?? []).map(canonicalType).join(',')})${arr[1] as string}`
  return p.type
}

export function signature(f: AbiEntry): string {
  return `${f.name ?? ''}(${(f.inputs ?? []).map(canonicalType).join(',')})`
}

export function selector(f: AbiEntry): Uint8Array {
  return keccak_256(new TextEncoder().encode(signature(f))).slice(0, 4)
}

export function isDynamic(t: AbiType): boolean {
  switch (t.kind) {
    case 'bytes':
    case 'string':
      return true
    case 'array':
      return t.length === undefined || isDynamic(t.of)
    case 'tuple':
      return t.members.some(isDynamic)
    default:
      return false
  }
}

function word(v: bigint): Uint8Array {
  const out = new Uint8Array(32)
  let x = BigInt.asUintN(256, v)
  for (let i = 31; i >= 0 && x > 0n; i--) {
    out[i] = Number(x & 0xffn)
    x >>= 8n
  }
  return out
}

function padRight(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(b.length / 32) * 32)
  out.set(b)
  return out
}

export function encodeValue(t: AbiType, v: AbiValue): Uint8Array {
  switch (t.kind) {
    case 'uint':
    case 'int':
      return word(v as bigint)
    case 'bool':
      return word(v === true ? 1n : 0n)
    case 'address':
      return word(BigInt(v as Hex))
    case 'fixedBytes': {
      const out = new Uint8Array(32)
      out.set((v as Uint8Array).slice(0, t.size))
      return out
    }
    case 'bytes':
      return concatBytes(word(BigInt((v as Uint8Array).length)), padRight(v as Uint8Array))
    case 'string': {
      const b = new TextEncoder().encode(v as string)
      return concatBytes(word(BigInt(b.length)), padRight(b))
    }
    case 'array': {
      const items = v as readonly AbiValue[]
      const body = encodeSequence(items.map(() => t.of), items)
      return t.length === undefined ? concatBytes(word(BigInt(items.length)), body) : body
    }
    case 'tuple':
      return encodeSequence(t.members, v as readonly AbiValue[])
  }
}

export function encodeSequence(types: readonly AbiType[], values: readonly AbiValue[]): Uint8Array {
  if (types.length !== values.length) throw new Error(`ABI: ${types.length} types, ${values.length} values`)
  const heads: Uint8Array[] = []
  const tails: Uint8Array[] = []
  let headSize = 0
  for (const t of types) headSize += isDynamic(t) ? 32 : encodedStaticSize(t)
  let tailOffset = headSize
  types.forEach((t, i) => {
    const enc = encodeValue(t, values[i] as AbiValue)
    if (isDynamic(t)) {
      heads.push(word(BigInt(tailOffset)))
      tails.push(enc)
      tailOffset += enc.length
    } else {
      heads.push(enc)
    }
  })
  return concatBytes(...heads, ...tails)
}

function encodedStaticSize(t: AbiType): number {
  if (t.kind === 'array') return (t.length ?? 0) * encodedStaticSize(t.of)
  if (t.kind === 'tuple') return t.members.reduce((n, m) => n + encodedStaticSize(m), 0)
  return 32
}

export function encodeCall(f: AbiEntry, args: readonly AbiValue[]): Uint8Array {
  const types = (f.inputs ?? []).map(parseType)
  return concatBytes(selector(f), encodeSequence(types, args))
}

/** Decode static words only (uint/int/bool/address/bytesN), enough for tests reading results. */
export function decodeStatic(types: readonly string[], data: Uint8Array): AbiValue[] {
  return types.map((t, i) => {
    const w = data.slice(i * 32, i * 32 + 32)
    const n = BigInt(`0x${Buffer.from(w).toString('hex') || '0'}`)
    const pt = parseTypeString(t)
    if (pt.kind === 'uint') return n
    if (pt.kind === 'int') return BigInt.asIntN(pt.bits, n)
    if (pt.kind === 'bool') return n !== 0n
    if (pt.kind === 'address') return `0x${n.toString(16).padStart(40, '0')}` as Hex
    if (pt.kind === 'fixedBytes') return w.slice(0, pt.size)
    throw new Error(`decodeStatic: ${t} is not static`)
  })
}

/** Decode a result of static words and `bytes`/`string` values (the head holds their offsets). */
export function decodeResult(types: readonly string[], data: Uint8Array): AbiValue[] {
  const wordAt = (at: number): bigint => {
    if (at + 32 > data.length) throw new Error(`decodeResult: ${data.length} bytes, need a word at ${at}`)
    return BigInt(`0x${Buffer.from(data.subarray(at, at + 32)).toString('hex')}`)
  }
  return types.map((t, i) => {
    if (t !== 'bytes' && t !== 'string') return decodeStatic([t], data.subarray(i * 32, i * 32 + 32))[0] as AbiValue
    const at = Number(wordAt(i * 32))
    const len = Number(wordAt(at))
    if (at + 32 + len > data.length) throw new Error(`decodeResult: ${t} of ${len} bytes at ${at} overruns ${data.length} bytes`)
    const b = data.slice(at + 32, at + 32 + len)
    return t === 'bytes' ? b : new TextDecoder().decode(b)
  })
}

export function hexToBytes(h: Hex): Uint8Array {
  return fromHex(h)
}
