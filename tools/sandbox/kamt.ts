/**
 * A reader of the KAMT ("keyed AMT", ref-fvm `ipld/kamt`): a HAMT whose keys are used as their own
 * hash (no hashing), with extensions on links to skip runs of levels that hold nothing else. The
 * EVM actor keeps its storage (U256 → U256) in one. Only reading is needed by the tools, so only
 * reading is implemented; spec/sandbox.md `sandbox.kamt-format` and `sandbox.kamt-lookup` give the
 * format and the lookup.
 */
import type { BlockReader } from '../../interpreter/ipld/blockstore.js'
import { getCbor } from '../../interpreter/ipld/blockstore.js'
import { asArray, asBytes, asCid, asUint, CborError, type Ipld } from '../../interpreter/ipld/cbor.js'
import type { CID } from '../../interpreter/ipld/cid.js'

export interface KamtConfig {
  /** Bits of the key consumed per level. */
  readonly bitWidth: number
}

/** A key/value pair as stored: both as their serialized bytes. */
export type KamtEntry = readonly [Uint8Array, Ipld]

type Pointer = { readonly kind: 'values'; readonly entries: readonly KamtEntry[] } | { readonly kind: 'link'; readonly cid: CID; readonly extLength: number; readonly extPath: Uint8Array }

interface Node {
  readonly bitfield: bigint
  readonly pointers: readonly Pointer[]
}

/** Bits of a big-endian bit string, `width` at a time, the last read taking what is left. */
class Bits {
  consumed = 0
  constructor(
    private readonly bytes: Uint8Array,
    private readonly length: number,
  ) {}

  /** The next min(i, left) bits as a number, or undefined when none are left (MaxDepth). */
  next(i: number): number | undefined {
    if (this.consumed >= this.length) return undefined
    const take = Math.min(i, this.length - this.consumed)
    let out = 0
    for (let k = 0; k < take; k++) {
      const bit = this.consumed + k
      out = (out << 1) | (((this.bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1)
    }
    this.consumed += take
    return out
  }
}

/** @rule sandbox.kamt-format */
function readNode(store: BlockReader, cid: CID): Node {
  const [bf, ptrs] = asArray(getCbor(store, cid), 'KAMT node', 2)
  const bitfieldBytes = asBytes(bf as Ipld, 'KAMT node bitfield')
  if (bitfieldBytes.length > 32) throw new CborError('KAMT node bitfield: longer than 32 bytes')
  const bitfield = bitfieldBytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n)
  const pointers = asArray(ptrs as Ipld, 'KAMT node pointers').map((p, i): Pointer => {
    if (p === null || typeof p !== 'object' || Array.isArray(p) || p instanceof Uint8Array) throw new CborError(`KAMT pointer ${i}: expected a map`)
    const keys = Object.keys(p)
    if (keys.length !== 1) throw new CborError(`KAMT pointer ${i}: expected one key ("v" or "l")`)
    const tagged = p as Record<string, Ipld>
    if (keys[0] === 'v') {
      const entries = asArray(tagged['v'] as Ipld, `KAMT pointer ${i} values`).map((kv, j) => {
        const [k, v] = asArray(kv, `KAMT pointer ${i} value ${j}`, 2)
        return [asBytes(k as Ipld, 'KAMT key'), v as Ipld] as const
      })
      return { kind: 'values', entries }
    }
    if (keys[0] === 'l') {
      const [link, len, path] = asArray(tagged['l'] as Ipld, `KAMT pointer ${i} link`, 3)
      return { kind: 'link', cid: asCid(link as Ipld, 'KAMT link'), extLength: Number(asUint(len as Ipld, 'KAMT extension length', 0xffff_ffffn)), extPath: asBytes(path as Ipld, 'KAMT extension path') }
    }
    throw new CborError(`KAMT pointer ${i}: unknown kind ${JSON.stringify(keys[0])}`)
  })
  const count = popcount(bitfield)
  if (count !== pointers.length) throw new CborError(`KAMT node: bitfield has ${count} bits set but ${pointers.length} pointers`)
  return { bitfield, pointers }
}

function popcount(x: bigint): number {
  let n = 0
  for (let v = x; v > 0n; v >>= 1n) n += Number(v & 1n)
  return n
}

/**
 * The value stored under `hashedKey` (the key's bytes used as its hash; `sameKey` compares a
 * stored serialized key with the one looked up), or undefined.
 *
 * @rule sandbox.kamt-lookup
 */
export function kamtGet(store: BlockReader, root: CID, config: KamtConfig, hashedKey: Uint8Array, sameKey: (stored: Uint8Array) => boolean): Ipld | undefined {
  const bits = new Bits(hashedKey, hashedKey.length * 8)
  let node = readNode(store, root)
  for (;;) {
    const idx = bits.next(config.bitWidth)
    if (idx === undefined) return undefined
    if (((node.bitfield >> BigInt(idx)) & 1n) === 0n) return undefined
    const pointer = node.pointers[popcount(node.bitfield & ((1n << BigInt(idx)) - 1n))] as Pointer
    if (pointer.kind === 'values') return pointer.entries.find(([k]) => sameKey(k))?.[1]
    // An extension must match in full, `bitWidth` bits at a time; a partial match means absent.
    const path = new Bits(pointer.extPath, pointer.extLength)
    for (let matched = 0; matched < pointer.extLength; matched += config.bitWidth) {
      if (bits.next(config.bitWidth) !== path.next(config.bitWidth)) return undefined
    }
    node = readNode(store, pointer.cid)
  }
}

/** Every stored pair, in tree order. @rule sandbox.kamt-format */
export function kamtEntries(store: BlockReader, root: CID): KamtEntry[] {
  const out: KamtEntry[] = []
  const walk = (cid: CID): void => {
    for (const p of readNode(store, cid).pointers) {
      if (p.kind === 'values') out.push(...p.entries)
      else walk(p.cid)
    }
  }
  walk(root)
  return out
}
