/**
 * Fuzz class `vector`: hostile variations of the committed corpus (vectors/corpus): JSON structure
 * and text mutations, bad and huge base64, gzip bombs (small ones, against a small
 * --max-vector-bytes), truncated and garbled gzip, CARs with wrong hashes or broken framing,
 * garbage and non-canonical CBOR inside the state (re-hashed and re-linked, so the CAR itself is
 * valid), bad messages, variants, receipts and randomness.
 */
import { readFileSync } from 'node:fs'
import { gunzipSync, gzipSync } from 'node:zlib'
import { findVectorFiles } from '../../vectors/discover.js'
import { parseJson, type JsonObject, type JsonValue } from '../../vectors/json.js'
import { readCar, writeCar } from '../../interpreter/ipld/car.js'
import { decodeCbor, encodeCbor, type Ipld } from '../../interpreter/ipld/cbor.js'
import { CID, cidOf, Codec } from '../../interpreter/ipld/cid.js'
import { concatBytes, fromBase64, toBase64 } from '../../interpreter/util/bytes.js'
import { DEFAULT_CORPUS } from '../cli/paths.js'
import type { Rng } from './rng.js'

/** One fuzz input: the bytes of a vector file, and what was done to make it. */
export interface FuzzInput {
  readonly text: string | Uint8Array
  readonly note: string
}

interface Base {
  readonly name: string
  readonly json: JsonObject
  readonly roots: CID[]
  readonly blocks: Array<readonly [CID, Uint8Array]>
}

let bases: Base[] | undefined

/** The committed corpus, parsed once. */
function corpus(): Base[] {
  bases ??= findVectorFiles([DEFAULT_CORPUS]).map((file) => {
    const json = parseJson(readFileSync(file, 'utf8')) as JsonObject
    const car = readCar(gunzipSync(fromBase64(json['car'] as string)))
    return { name: file.split('/').pop() as string, json, roots: car.roots, blocks: car.blocks }
  })
  return bases
}

/** JSON text of a value with exact integers (bigints as integer literals). */
export function jsonText(v: JsonValue): string {
  if (typeof v === 'bigint') return v.toString()
  if (Array.isArray(v)) return `[${v.map(jsonText).join(',')}]`
  if (v !== null && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${jsonText(x)}`).join(',')}}`
  return JSON.stringify(v)
}

const clone = (v: JsonObject): JsonObject => parseJson(jsonText(v)) as JsonObject

/** Every path (list of keys/indices) to a value inside `v`. */
function paths(v: JsonValue, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at)
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out))
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out)
  return out
}

function setAt(root: JsonObject, path: readonly (string | number)[], f: (old: JsonValue) => JsonValue | undefined): void {
  let parent: JsonValue = root
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, JsonValue>)[key] as JsonValue
  const last = path[path.length - 1]
  if (last === undefined) return
  const container = parent as Record<string | number, JsonValue>
  const next = f(container[last] as JsonValue)
  if (next === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1)
    else delete container[last]
  } else container[last] = next
}

function hostileJson(rng: Rng): JsonValue {
  return rng.pick<() => JsonValue>([
    () => null,
    () => true,
    () => 0n,
    () => -1n,
    () => (1n << 64n) - 1n,
    () => 1n << 64n,
    () => -(1n << 63n) - 1n,
    () => 1n << 200n,
    () => 1.5,
    () => 1e308,
    () => '',
    () => 'x',
    () => '0',
    () => '-1',
    () => 'A'.repeat(rng.range(1, 100_000)),
    () => [],
    () => ({}),
    () => ({ '/': 'bafy' + 'a'.repeat(rng.range(0, 80)) }),
    () => ({ '/': rng.pick(['', 'not a cid', 'bafkqaaa', 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG']) }),
    () => toBase64(rng.bytes(rng.range(0, 64))),
    () => Array.from({ length: rng.range(1, 50) }, () => 0n),
  ])()
}

/**
 * A gzip stream that inflates to `head` then `mib` MiB of zeros: two gzip members (gunzip reads
 * both), the bomb compressed once per size.
 */
const bombs = new Map<number, Uint8Array>()
function bomb(mib: number, head: Uint8Array): Uint8Array {
  let b = bombs.get(mib)
  if (b === undefined) {
    b = gzipSync(new Uint8Array(mib * 1024 * 1024), { level: 9 })
    bombs.set(mib, b)
  }
  return head.length === 0 ? b : concatBytes(gzipSync(head), b)
}

function varint(n: bigint): Uint8Array {
  const out: number[] = []
  while (n >= 0x80n) {
    out.push(Number(n & 0x7fn) | 0x80)
    n >>= 7n
  }
  out.push(Number(n))
  return Uint8Array.from(out)
}

/** A CAR written without checks, so it can hold what writeCar refuses. */
function rawCar(header: Ipld, sections: readonly Uint8Array[]): Uint8Array {
  const h = encodeCbor(header)
  return concatBytes(varint(BigInt(h.length)), h, ...sections.flatMap((s) => [varint(BigInt(s.length)), s]))
}

const section = (cid: CID, bytes: Uint8Array) => concatBytes(cid.bytes, bytes)

/** Garbage or non-canonical CBOR made from a block's bytes. */
function mutateCbor(rng: Rng, bytes: Uint8Array): { bytes: Uint8Array; how: string } {
  const b = Uint8Array.from(bytes)
  switch (rng.int(7)) {
    case 0: {
      const i = rng.int(Math.max(b.length, 1))
      b[i] = rng.next() & 0xff
      return { bytes: b, how: `byte ${i} changed` }
    }
    case 1:
      return { bytes: b.subarray(0, rng.int(b.length)), how: 'truncated' }
    case 2: {
      // A small unsigned integer header (0x00–0x17) re-encoded in two bytes: valid CBOR, not canonical.
      const i = b.findIndex((x) => x <= 0x17)
      return i < 0 ? { bytes: concatBytes(b, Uint8Array.of(0)), how: 'trailing byte' } : { bytes: concatBytes(b.subarray(0, i), Uint8Array.of(0x18, b[i] as number), b.subarray(i + 1)), how: 'non-minimal integer' }
    }
    case 3:
      return { bytes: concatBytes(b, rng.bytes(rng.range(1, 8))), how: 'trailing bytes' }
    case 4:
      return { bytes: Uint8Array.of(0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), how: 'a byte string of 2^64 − 1 bytes declared' }
    case 5:
      return { bytes: encodeCbor(rng.pick<Ipld>([null, 0n, -1n, new Uint8Array(0), [], [[[[[]]]]], 'text', Array.from({ length: 20 }, () => 1n)])), how: 'another CBOR value' }
    default:
      return { bytes: rng.bytes(rng.range(0, 64)), how: 'random bytes' }
  }
}

/**
 * Replaces one block's bytes and re-links everything above it: each block that holds an old CID
 * gets the new one (same length: same codec and hash), is re-hashed, and so on to the roots.
 */
function relink(base: Base, target: CID, bytes: Uint8Array): { roots: CID[]; blocks: Array<readonly [CID, Uint8Array]>; renamed: Map<string, CID> } {
  // Each round rewrites every DAG-CBOR block from its original bytes with the current names of
  // the blocks it links to; the DAG is acyclic, so names settle within its depth.
  const original = base.blocks.map(([c, b]) => [c, c.equals(target) ? bytes : b] as const)
  const renamed = new Map<string, CID>([[target.toString(), cidOf(target.code, bytes)]])
  let current: Array<readonly [CID, Uint8Array]> = original
  for (let round = 0; round < 64; round++) {
    let changed = false
    current = original.map(([c, b]) => {
      if (c.code !== Codec.DAG_CBOR) return [c, b] as const
      let out = b
      for (const [old, now] of renamed) {
        if (old === c.toString()) continue
        const from = CID.parse(old).bytes
        if (from.length === now.bytes.length) out = replaceAll(out, from, now.bytes)
      }
      if (out === b && !c.equals(target)) return [c, b] as const
      const cid = cidOf(c.code, out)
      if (!(renamed.get(c.toString())?.equals(cid) ?? false)) {
        renamed.set(c.toString(), cid)
        changed = true
      }
      return [c, out] as const
    })
    if (!changed) break
  }
  const blocks = current.map(([c, b]) => [renamed.get(c.toString()) ?? c, b] as const)
  return { roots: base.roots.map((r) => renamed.get(r.toString()) ?? r), blocks, renamed }
}

function replaceAll(hay: Uint8Array, needle: Uint8Array, by: Uint8Array): Uint8Array {
  const h = Buffer.from(hay.buffer, hay.byteOffset, hay.byteLength)
  let at = h.indexOf(needle)
  if (at < 0) return hay
  const out = Uint8Array.from(hay)
  while (at >= 0) {
    out.set(by, at)
    at = h.indexOf(needle, at + needle.length)
  }
  return out
}

function flip(b: Uint8Array, i: number, mask: number): void {
  if (i < b.length) b[i] = (b[i] as number) ^ mask
}

function withCar(v: JsonObject, car: Uint8Array, gzip = true): JsonObject {
  return { ...v, car: toBase64(gzip ? gzipSync(car) : car) }
}

/** Message mutations: one field replaced with a hostile CBOR value, the array reshaped, or garbage. */
function mutateMessage(rng: Rng, bytes: Uint8Array): { bytes: Uint8Array; how: string } {
  let fields: Ipld[]
  try {
    fields = [...(decodeCbor(bytes) as Ipld[])]
  } catch {
    return { bytes: rng.bytes(rng.range(0, 40)), how: 'random bytes' }
  }
  const i = rng.int(10)
  const hostile: Ipld = rng.pick<() => Ipld>([
    () => (1n << 64n) - 1n,
    () => 1n << 63n,
    () => -(1n << 63n),
    () => 0n,
    () => -1n,
    () => new Uint8Array(0),
    () => Uint8Array.of(0, ...rng.bytes(rng.range(1, 12))),
    () => Uint8Array.of(rng.pick([0, 1, 2, 3, 4, 5, 0xff]), ...rng.bytes(rng.pick([0, 1, 19, 20, 21, 47, 48, 49, 65, 66, 200]))),
    () => Uint8Array.of(4, 10, ...rng.bytes(rng.range(0, 70))),
    () => Uint8Array.of(0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01),
    () => Uint8Array.of(rng.pick([0, 1]), ...rng.bytes(rng.range(1, 40))),
    () => rng.bytes(rng.range(0, 1000)),
    () => null,
    () => 'text',
    () => [],
  ])()
  switch (rng.int(5)) {
    case 0:
      return { bytes: encodeCbor(fields.slice(0, rng.int(10))), how: 'fewer fields' }
    case 1:
      return { bytes: encodeCbor([...fields, hostile]), how: 'an 11th field' }
    case 2:
      return { bytes: mutateCbor(rng, bytes).bytes, how: 'garbled CBOR' }
    default:
      fields[i] = hostile
      return { bytes: encodeCbor(fields), how: `field ${i} replaced` }
  }
}

/** One hostile vector from the corpus. */
export function vectorInput(rng: Rng): FuzzInput {
  const base = rng.pick(corpus())
  const v = clone(base.json)
  const note = (what: string) => `${base.name}: ${what}`
  const gz = fromBase64(base.json['car'] as string)
  const car = writeCar(base.roots, base.blocks)
  switch (rng.int(13)) {
    case 0: {
      const all = paths(v).filter((p) => p.length > 0)
      const p = rng.pick(all)
      setAt(v, p, () => undefined)
      return { text: jsonText(v), note: note(`deleted $.${p.join('.')}`) }
    }
    case 1: {
      const p = rng.pick(paths(v).filter((x) => x.length > 0))
      const h = hostileJson(rng)
      setAt(v, p, () => h)
      return { text: jsonText(v), note: note(`$.${p.join('.')} replaced by ${jsonText(h).slice(0, 40)}`) }
    }
    case 2: {
      const text = jsonText(v)
      const at = rng.int(text.length)
      const how = rng.int(6)
      if (how === 0) return { text: text.slice(0, at), note: note(`text truncated at ${at}`) }
      if (how === 1) return { text: text.slice(0, at) + rng.pick(['"', '{', ']', ',', '\\', '\u0000', '\ud800', 'e', '-', '1e999']) + text.slice(at), note: note(`a character inserted at ${at}`) }
      if (how === 2) return { text: '\ufeff' + text, note: note('a byte-order mark') }
      if (how === 3) return { text: text.replace('{', '{"class":"message",'), note: note('a duplicate key') }
      if (how === 4) {
        const depth = rng.pick([129, 1000, 100_000])
        return { text: text.replace('{', `{"deep":${'['.repeat(depth)}${']'.repeat(depth)},`), note: note(`nesting ${depth} deep`) }
      }
      return { text: Uint8Array.from([...Buffer.from(text.slice(0, at)), 0xff, 0xfe, ...Buffer.from(text.slice(at))]), note: note('bytes that are not UTF-8') }
    }
    case 3: {
      const which = rng.int(4)
      if (which === 0) v['car'] = (v['car'] as string).replace(/=*$/, '') + rng.pick(['', '=', '==', '===', ' ', '\n'])
      else if (which === 1) v['car'] = 'A'.repeat(rng.pick([4, 4 * 1024, 4 * 1024 * 1024]))
      else if (which === 2) v['car'] = (v['car'] as string).slice(0, rng.int((v['car'] as string).length))
      else v['car'] = toBase64(rng.bytes(rng.range(0, 4096))).replace(/[A-Z]/, rng.pick(['-', '_', '*', '.']))
      return { text: jsonText(v), note: note(`car base64 mutation ${which}`) }
    }
    case 4: {
      // A gzip bomb: above the fuzzer's --max-vector-bytes, or below it with a CAR header first.
      const mib = rng.pick([1, 20, 64])
      const head = rng.bool() ? car.subarray(0, rng.int(car.length)) : new Uint8Array(0)
      return { text: jsonText({ ...v, car: toBase64(bomb(mib, head)) }), note: note(`gzip bomb of ${mib} MiB`) }
    }
    case 5: {
      const b = Uint8Array.from(gz)
      const how = rng.int(5)
      if (how === 0) return { text: jsonText({ ...v, car: toBase64(b.subarray(0, rng.int(b.length))) }), note: note('gzip truncated') }
      if (how === 1) {
        for (let k = rng.range(1, 4); k > 0; k--) flip(b, rng.int(b.length), 1 << rng.int(8))
        return { text: jsonText({ ...v, car: toBase64(b) }), note: note('gzip bits flipped') }
      }
      if (how === 2) return { text: jsonText({ ...v, car: toBase64(concatBytes(b, b)) }), note: note('two gzip members') }
      if (how === 3) return { text: jsonText({ ...v, car: toBase64(concatBytes(b, rng.bytes(rng.range(1, 30)))) }), note: note('junk after the gzip stream') }
      return { text: jsonText(withCar(v, rng.bytes(rng.range(0, 2000)))), note: note('gzip of random bytes') }
    }
    case 6: {
      // CAR framing: wrong hashes, missing or duplicate blocks, bad headers, huge section lengths.
      const blocks = base.blocks
      const how = rng.int(8)
      const sections = blocks.map(([c, b]) => section(c, b))
      if (how === 0) {
        const i = rng.int(blocks.length)
        const [c, b] = blocks[i] as readonly [CID, Uint8Array]
        const bad = Uint8Array.from(b)
        flip(bad, rng.int(bad.length), 0xff)
        sections[i] = section(c, bad)
        return { text: jsonText(withCar(v, rawCar({ version: 1n, roots: base.roots }, sections))), note: note(`CAR block #${i} does not hash to its CID`) }
      }
      if (how === 1) {
        const i = rng.int(blocks.length)
        return { text: jsonText(withCar(v, rawCar({ version: 1n, roots: base.roots }, sections.filter((_, j) => j !== i)))), note: note(`CAR block #${i} left out`) }
      }
      if (how === 2) return { text: jsonText(withCar(v, rawCar({ version: rng.pick([0n, 2n, 99n]), roots: base.roots }, sections))), note: note('CAR version not 1') }
      if (how === 3) return { text: jsonText(withCar(v, rawCar({ version: 1n, roots: [] }, sections))), note: note('CAR without roots') }
      if (how === 4) {
        const h = encodeCbor({ version: 1n, roots: base.roots })
        return { text: jsonText(withCar(v, concatBytes(varint(BigInt(h.length)), h, varint(rng.pick([1n << 40n, 1n << 62n, (1n << 63n) - 1n])), rng.bytes(50)))), note: note('CAR section of a huge length') }
      }
      if (how === 5) return { text: jsonText(withCar(v, car.subarray(0, rng.int(car.length)))), note: note('CAR truncated') }
      if (how === 6) {
        // An identity CID declaring more bytes than it holds, and a CID with an unknown hash.
        const weird = rng.pick([Uint8Array.of(0x01, 0x71, 0x00, 0x80, 0x80, 0x04, 1, 2), Uint8Array.of(0x01, 0x71, 0x99, 0x01, 0x20, ...rng.bytes(32))])
        return { text: jsonText(withCar(v, rawCar({ version: 1n, roots: base.roots }, [...sections, concatBytes(weird, rng.bytes(8))]))), note: note('a CAR section with a strange CID') }
      }
      return { text: jsonText(withCar(v, rawCar({ version: 1n, roots: base.roots }, [...sections, ...sections.slice(0, rng.range(1, 4))]))), note: note('duplicate CAR blocks') }
    }
    case 7:
    case 8: {
      // Garbage or non-canonical CBOR deep in the state, hashed and linked properly.
      const cborBlocks = base.blocks.filter(([c]) => c.code === Codec.DAG_CBOR)
      const [target, bytes] = rng.pick(cborBlocks)
      const m = mutateCbor(rng, bytes)
      const r = relink(base, target, m.bytes)
      const pre = (base.json['preconditions'] as JsonObject)['state_tree'] as JsonObject
      const preRoot = ((pre['root_cid'] as JsonObject)['/'] as string)
      const newRoot = r.renamed.get(preRoot)?.toString() ?? preRoot
      const out = withCar(v, writeCar(r.roots, r.blocks))
      ;((out['preconditions'] as JsonObject)['state_tree'] as JsonObject)['root_cid'] = { '/': newRoot }
      return { text: jsonText(out), note: note(`state block ${target.toString().slice(0, 16)}…: ${m.how}`) }
    }
    case 9:
    case 10: {
      const msgs = v['apply_messages'] as JsonObject[]
      if (msgs.length === 0) return { text: jsonText(v), note: note('unchanged (no messages)') }
      const i = rng.int(msgs.length)
      const m = mutateMessage(rng, fromBase64((msgs[i] as JsonObject)['bytes'] as string))
      ;(msgs[i] as JsonObject)['bytes'] = toBase64(m.bytes)
      return { text: jsonText(v), note: note(`message ${i}: ${m.how}`) }
    }
    case 11: {
      const pre = v['preconditions'] as JsonObject
      const how = rng.int(4)
      if (how === 0) pre['variants'] = [{ id: 'x', epoch: rng.pick([-1n, 0n, (1n << 63n) - 1n, -(1n << 63n)]), nv: rng.pick([0n, 16n, 17n, 18n, 19n, 0xffff_ffffn]) }]
      else if (how === 1) pre['variants'] = []
      else if (how === 2) pre['basefee'] = rng.pick([0n, (1n << 128n) - 1n, 1n << 127n])
      else pre['circ_supply'] = rng.pick([0n, (1n << 128n) - 1n])
      return { text: jsonText(v), note: note(`preconditions mutation ${how}`) }
    }
    default: {
      const how = rng.int(3)
      if (how === 0) v['randomness'] = [{ on: [rng.pick(['chain', 'beacon', 'other']), rng.pick([-1n, 0n, 2_000_000n, (1n << 63n) - 1n])], ret: toBase64(rng.bytes(rng.pick([0, 31, 32, 33]))) }]
      else if (how === 1) (v['postconditions'] as JsonObject)['receipts'] = []
      else {
        const msgs = v['apply_messages'] as JsonValue[]
        const copies = rng.range(2, 40)
        v['apply_messages'] = Array.from({ length: copies }, () => msgs).flat()
        const receipts = (v['postconditions'] as JsonObject)['receipts'] as JsonValue[]
        ;(v['postconditions'] as JsonObject)['receipts'] = Array.from({ length: copies }, () => receipts).flat()
      }
      return { text: jsonText(v), note: note(`randomness/receipts/messages mutation ${how}`) }
    }
  }
}
