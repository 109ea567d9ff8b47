/**
 * The Filecoin HAMT (fvm_ipld_hamt 0.10.6, "v3" pointer format), as a persistent value.
 *
 * Every update returns a new Hamt and leaves the old one valid. Nodes are shared between
 * versions; nothing reachable from a Hamt is ever mutated. A node is either *clean* (a link
 * pointer carrying the CID it was loaded from or flushed to) or *dirty* (a node built in memory
 * that flush will serialise); this is the crate's `Pointer::{Link, Dirty}` split, and it is what
 * makes the CIDs come out the same: a clean child is never re-serialised.
 *
 * Keys are raw bytes, values are IPLD (`Ipld`), compared structurally for the "unchanged value"
 * rule. Children not yet decoded are read from the store passed to each call.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import type { BlockReader, Blockstore } from './blockstore.js'
import { decodeCbor, encodeCbor, type Ipld } from './cbor.js'
import { CID, Codec, dagCborCid } from './cid.js'
import { NodeMemo } from './hamt-lru.js'
import { bytesEqual, compareBytes } from '../util/bytes.js'

export class HamtError extends Error {
  override name = 'HamtError'
}

export interface HamtConfig {
  /** Bits of the key hash consumed per level; a node has 2^bitWidth slots. 1..8, default 5. */
  readonly bitWidth: number
}

/**
 * The crate's `Config`: the bit width is chosen per map (5 for every FVM map); the bucket size
 * and the minimum data depth are the crate defaults.
 *
 * @rule hamt.config
 */
export const DEFAULT_HAMT_BIT_WIDTH = 5
export const MAX_ARRAY_WIDTH = 3
export const MIN_DATA_DEPTH = 0
const HASH_BITS = 256

function checkConfig(config: HamtConfig | undefined): number {
  const bw = config?.bitWidth ?? DEFAULT_HAMT_BIT_WIDTH
  if (!Number.isInteger(bw) || bw < 1 || bw > 8) {
    throw new HamtError(`invalid HAMT bit width ${String(bw)} (must be an integer in 1..8)`)
  }
  return bw
}

// ---------------------------------------------------------------------------------------------
// Bitfield

/** Population count of a 32-bit word. */
function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555)
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
}

/**
 * The 256-bit occupancy bitfield of a node: bit i set ⇔ slot i holds a pointer. Immutable.
 * Serialised big-endian with leading zero bytes stripped; decoding accepts up to 32 bytes,
 * right-aligned (leading zero bytes are accepted on load, as the crate does).
 *
 * @rule hamt.bitfield
 */
export class Bitfield {
  /** words[0] holds bits 0..31, words[7] bits 224..255. */
  private constructor(private readonly words: Uint32Array) {}

  static readonly ZERO = new Bitfield(new Uint32Array(8))

  static fromBytes(bytes: Uint8Array): Bitfield {
    if (bytes.length > 32) throw new HamtError(`HAMT bitfield is ${bytes.length} bytes, more than the maximum 32`)
    const words = new Uint32Array(8)
    const n = bytes.length
    for (let j = 0; j < n; j++) {
      // Byte j of the big-endian value holds bits 8*(n-1-j) .. 8*(n-1-j)+7.
      const bit = 8 * (n - 1 - j)
      words[bit >>> 5]! |= (bytes[j] as number) << (bit & 31)
    }
    return new Bitfield(words)
  }

  toBytes(): Uint8Array {
    const full = new Uint8Array(32)
    for (let w = 0; w < 8; w++) {
      const v = this.words[w] as number
      const base = 31 - 4 * w
      full[base] = v & 0xff
      full[base - 1] = (v >>> 8) & 0xff
      full[base - 2] = (v >>> 16) & 0xff
      full[base - 3] = (v >>> 24) & 0xff
    }
    let i = 0
    while (i < 32 && full[i] === 0) i++
    return full.slice(i)
  }

  test(i: number): boolean {
    return (((this.words[i >>> 5] as number) >>> (i & 31)) & 1) === 1
  }

  set(i: number): Bitfield {
    const words = this.words.slice()
    words[i >>> 5]! |= 1 << (i & 31)
    return new Bitfield(words)
  }

  clear(i: number): Bitfield {
    const words = this.words.slice()
    words[i >>> 5]! &= ~(1 << (i & 31))
    return new Bitfield(words)
  }

  popcount(): number {
    let n = 0
    for (let w = 0; w < 8; w++) n += popcount32(this.words[w] as number)
    return n
  }

  /**
   * Number of set bits strictly below `i`: the position of slot i's pointer in the pointer array.
   *
   * @rule hamt.pointer-order
   */
  rank(i: number): number {
    const w = i >>> 5
    let n = 0
    for (let k = 0; k < w; k++) n += popcount32(this.words[k] as number)
    const b = i & 31
    if (b !== 0) n += popcount32((this.words[w] as number) & ((1 << b) - 1 >>> 0))
    return n
  }
}

// ---------------------------------------------------------------------------------------------
// Key hashing

/** SHA-256 of the raw key bytes, nothing prepended. @rule hamt.key-hash */
export function hashKey(key: Uint8Array): Uint8Array {
  return sha256(key)
}

/**
 * The next `bitWidth` bits of `digest` after the first `consumed` bits, MSB-first. When fewer
 * than `bitWidth` bits remain, only the remaining bits are taken (the last level of a 256-bit
 * digest at bit width 5 has 1 bit); when none remain the tree is at its maximum depth.
 * Returns the slot index; the caller advances `consumed` by `bitsTaken(consumed, bitWidth)`.
 *
 * @rule hamt.hash-bits
 */
export function hashSlot(digest: Uint8Array, consumed: number, bitWidth: number): number {
  const remaining = HASH_BITS - consumed
  if (remaining <= 0) throw new HamtError('HAMT maximum depth reached: the key hash has no bits left')
  const n = Math.min(bitWidth, remaining)
  let out = 0
  for (let k = 0; k < n; k++) {
    const bit = consumed + k
    out = (out << 1) | (((digest[bit >>> 3] as number) >>> (7 - (bit & 7))) & 1)
  }
  return out
}

function bitsTaken(consumed: number, bitWidth: number): number {
  return Math.min(bitWidth, HASH_BITS - consumed)
}

// ---------------------------------------------------------------------------------------------
// Nodes and pointers

export interface KV {
  readonly key: Uint8Array
  readonly value: Ipld
}

/** An inline bucket of 1..3 key/value pairs, sorted by key bytes. */
interface BucketPtr {
  readonly kind: 'bucket'
  readonly entries: readonly KV[]
}

/**
 * A clean link to a stored child node. After a flush the link keeps the node it was written
 * from (the crate keeps it in the link's cache too), so reads after a flush decode nothing.
 */
interface LinkPtr {
  readonly kind: 'link'
  readonly cid: CID
  readonly cached?: HNode
}

/** A child node modified in memory, not yet flushed. */
interface DirtyPtr {
  readonly kind: 'dirty'
  readonly node: HNode
}

type Pointer = BucketPtr | LinkPtr | DirtyPtr

interface HNode {
  readonly bitfield: Bitfield
  readonly pointers: readonly Pointer[]
}

const EMPTY_NODE: HNode = { bitfield: Bitfield.ZERO, pointers: [] }

function replacePointer(node: HNode, i: number, p: Pointer): HNode {
  const pointers = node.pointers.slice()
  pointers[i] = p
  return { bitfield: node.bitfield, pointers }
}

function insertPointer(node: HNode, slot: number, p: Pointer): HNode {
  const i = node.bitfield.rank(slot)
  const pointers = node.pointers.slice()
  pointers.splice(i, 0, p)
  return { bitfield: node.bitfield.set(slot), pointers }
}

function removePointer(node: HNode, slot: number, i: number): HNode {
  const pointers = node.pointers.slice()
  pointers.splice(i, 1)
  return { bitfield: node.bitfield.clear(slot), pointers }
}

// ---------------------------------------------------------------------------------------------
// Encoding and load validation

/**
 * A node is the 2-element array [bitfield bytes, pointers]; a pointer is either a CID link to a
 * child node or a bucket: an array of [key bytes, value] pairs. Dirty children must be flushed
 * before a node is encoded.
 *
 * @rule hamt.node-encoding
 */
function nodeToIpld(node: HNode): Ipld {
  const pointers: Ipld[] = node.pointers.map((p): Ipld => {
    switch (p.kind) {
      case 'bucket':
        return p.entries.map((kv): Ipld => [kv.key, kv.value])
      case 'link':
        return p.cid
      case 'dirty':
        throw new HamtError('cannot serialise a HAMT node with unflushed children')
    }
  })
  return [node.bitfield.toBytes(), pointers]
}

/**
 * Decodes a node block and validates it as the crate's `Node::load` does, except for the
 * depth-dependent "no empty node below the root" check, which `loadNode` applies.
 *
 * @rule hamt.node-encoding
 * @rule hamt.load-validation
 */
function decodeNode(bytes: Uint8Array, bitWidth: number): HNode {
  const value = decodeCbor(bytes)
  if (!Array.isArray(value) || value.length !== 2) throw new HamtError('HAMT node: expected a 2-element array [bitfield, pointers]')
  const [bf, ptrs] = value as readonly Ipld[]
  if (!(bf instanceof Uint8Array)) throw new HamtError('HAMT node: bitfield must be a byte string')
  const bitfield = Bitfield.fromBytes(bf)
  if (!Array.isArray(ptrs)) throw new HamtError('HAMT node: pointers must be an array')
  const pointers: Pointer[] = (ptrs as readonly Ipld[]).map((p, i): Pointer => {
    const cid = CID.asCID(p)
    if (cid !== null) return { kind: 'link', cid }
    if (!Array.isArray(p)) throw new HamtError(`HAMT node: pointer ${i} is neither a link nor a bucket`)
    const entries = (p as readonly Ipld[]).map((kv, j): KV => {
      if (!Array.isArray(kv) || kv.length !== 2) throw new HamtError(`HAMT node: pointer ${i} entry ${j} is not a [key, value] pair`)
      const [key, v] = kv as readonly Ipld[]
      if (!(key instanceof Uint8Array)) throw new HamtError(`HAMT node: pointer ${i} entry ${j} key is not a byte string`)
      return { key, value: v as Ipld }
    })
    return { kind: 'bucket', entries }
  })
  const node: HNode = { bitfield, pointers }
  validateNode(node, bitWidth)
  return node
}

/** @rule hamt.load-validation */
function validateNode(node: HNode, bitWidth: number): void {
  const n = node.pointers.length
  if (n > 1 << bitWidth) {
    throw new HamtError(`HAMT node: number of pointers (${n}) exceeds that allowed by the bit width (${1 << bitWidth})`)
  }
  const ones = node.bitfield.popcount()
  if (ones !== n) throw new HamtError(`HAMT node: number of pointers (${n}) doesn't match bitfield (${ones})`)
  node.pointers.forEach((p, i) => {
    if (p.kind === 'bucket') {
      // MIN_DATA_DEPTH is 0: values are allowed at every depth.
      if (p.entries.length === 0) throw new HamtError(`HAMT node: pointer ${i} is an empty bucket`)
      if (p.entries.length > MAX_ARRAY_WIDTH) {
        throw new HamtError(`HAMT node: too many items in bucket ${i}: ${p.entries.length} > ${MAX_ARRAY_WIDTH}`)
      }
      for (let j = 1; j < p.entries.length; j++) {
        if (compareBytes((p.entries[j - 1] as KV).key, (p.entries[j] as KV).key) >= 0) {
          throw new HamtError(`HAMT node: duplicate or unsorted keys in bucket ${i}`)
        }
      }
    } else if (p.kind === 'link' && p.cid.code !== Codec.DAG_CBOR) {
      throw new HamtError(`HAMT node: child nodes must be DAG-CBOR, not codec 0x${p.cid.code.toString(16)} (${p.cid.toString()})`)
    }
  })
}

/**
 * Decoded nodes of blocks totalling at most 256 KiB (some 3.5 MB decoded): measured over the mainnet
 * corpus, a larger memo is no faster, and at 16 MiB it held 220 MB of decoded nodes.
 */
const memo = new NodeMemo<HNode>(50_000, 256 * 1024)

/** Drops every memoised decoded node (for tests and memory measurements). */
export function clearHamtNodeCache(): void {
  memo.clear()
}

/**
 * Loads and validates the node at `cid`, found at `depth` (0 = root). Only the root may be
 * empty.
 *
 * @rule hamt.load-validation
 */
function loadNode(store: BlockReader, cid: CID, bitWidth: number, depth: number): HNode {
  const node = memo.load(store, cid, `${bitWidth}/`, (bytes) => decodeNode(bytes, bitWidth))
  if (node.pointers.length === 0 && depth !== 0) throw new HamtError(`HAMT node ${cid.toString()} at depth ${depth} has zero pointers (only the root may be empty)`)
  return node
}

function childNode(store: BlockReader, p: LinkPtr | DirtyPtr, bitWidth: number, depth: number): HNode {
  if (p.kind === 'dirty') return p.node
  return p.cached ?? loadNode(store, p.cid, bitWidth, depth)
}

// ---------------------------------------------------------------------------------------------
// Value equality (the crate's `V: PartialEq` for "did the value change")

export function ipldEqual(a: Ipld, b: Ipld): boolean {
  if (a === b) return true
  if (a === null || b === null) return false
  if (typeof a !== 'object' || typeof b !== 'object') return false
  if (a instanceof Uint8Array) return b instanceof Uint8Array && bytesEqual(a, b)
  if (b instanceof Uint8Array) return false
  const ca = CID.asCID(a)
  const cb = CID.asCID(b)
  if (ca !== null || cb !== null) return ca !== null && cb !== null && ca.equals(cb)
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!ipldEqual(a[i] as Ipld, (b as readonly Ipld[])[i] as Ipld)) return false
    return true
  }
  if (Array.isArray(b)) return false
  const ma = a as { readonly [key: string]: Ipld }
  const mb = b as { readonly [key: string]: Ipld }
  const ka = Object.keys(ma)
  if (ka.length !== Object.keys(mb).length) return false
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(mb, k) || !ipldEqual(ma[k] as Ipld, mb[k] as Ipld)) return false
  }
  return true
}

// ---------------------------------------------------------------------------------------------
// Operations on nodes

interface Ctx {
  readonly store: BlockReader
  readonly bitWidth: number
}

/** @rule hamt.lookup */
function getValue(ctx: Ctx, root: HNode, key: Uint8Array): Ipld | undefined {
  const digest = hashKey(key)
  let node = root
  let consumed = 0
  for (let depth = 0; ; depth++) {
    const slot = hashSlot(digest, consumed, ctx.bitWidth)
    consumed += bitsTaken(consumed, ctx.bitWidth)
    if (!node.bitfield.test(slot)) return undefined
    const p = node.pointers[node.bitfield.rank(slot)] as Pointer
    if (p.kind === 'bucket') {
      for (const kv of p.entries) if (bytesEqual(kv.key, key)) return kv.value
      return undefined
    }
    node = childNode(ctx.store, p, ctx.bitWidth, depth + 1)
  }
}

interface SetResult {
  readonly node: HNode
  readonly modified: boolean
}

/**
 * Inserts or overwrites `key` below `node` (the crate's `modify_value` with overwrite = true).
 *
 * @rule hamt.insert
 */
function modify(ctx: Ctx, node: HNode, digest: Uint8Array, consumed: number, depth: number, key: Uint8Array, value: Ipld): SetResult {
  const slot = hashSlot(digest, consumed, ctx.bitWidth)
  const after = consumed + bitsTaken(consumed, ctx.bitWidth)

  // Empty slot: a new one-entry bucket (MIN_DATA_DEPTH = 0, so never a reserved link node).
  if (!node.bitfield.test(slot)) {
    return { node: insertPointer(node, slot, { kind: 'bucket', entries: [{ key, value }] }), modified: true }
  }

  const ci = node.bitfield.rank(slot)
  const p = node.pointers[ci] as Pointer
  if (p.kind !== 'bucket') {
    const child = childNode(ctx.store, p, ctx.bitWidth, depth + 1)
    const r = modify(ctx, child, digest, after, depth + 1, key, value)
    if (!r.modified) return { node, modified: false }
    return { node: replacePointer(node, ci, { kind: 'dirty', node: r.node }), modified: true }
  }

  const entries = p.entries
  const existing = entries.findIndex((kv) => bytesEqual(kv.key, key))
  if (existing >= 0) {
    // Overwrite; the node only counts as modified when the value changed.
    if (ipldEqual((entries[existing] as KV).value, value)) return { node, modified: false }
    const next = entries.slice()
    next[existing] = { key, value }
    return { node: replacePointer(node, ci, { kind: 'bucket', entries: next }), modified: true }
  }

  if (entries.length >= MAX_ARRAY_WIDTH) {
    return { node: replacePointer(node, ci, { kind: 'dirty', node: splitBucket(ctx, entries, digest, after, depth, key, value) }), modified: true }
  }

  // Insert keeping the bucket sorted by key bytes: before the first greater key.
  let at = entries.findIndex((kv) => compareBytes(kv.key, key) > 0)
  if (at < 0) at = entries.length
  const next = entries.slice()
  next.splice(at, 0, { key, value })
  return { node: replacePointer(node, ci, { kind: 'bucket', entries: next }), modified: true }
}

/**
 * A full bucket receiving a new key becomes a child node one level down: the new key is
 * inserted first, then the old pairs in bucket order, each re-hashed and read from the same bit
 * offset (the bits after this level).
 *
 * @rule hamt.bucket-split
 */
function splitBucket(
  ctx: Ctx,
  entries: readonly KV[],
  digest: Uint8Array,
  after: number,
  depth: number,
  key: Uint8Array,
  value: Ipld,
): HNode {
  let sub = modify(ctx, EMPTY_NODE, digest, after, depth + 1, key, value).node
  for (const kv of entries) sub = modify(ctx, sub, hashKey(kv.key), after, depth + 1, kv.key, kv.value).node
  return sub
}

interface DeleteResult {
  readonly node: HNode
  readonly deleted: KV | undefined
}

/** @rule hamt.delete */
function remove(ctx: Ctx, node: HNode, digest: Uint8Array, consumed: number, depth: number, key: Uint8Array): DeleteResult {
  const slot = hashSlot(digest, consumed, ctx.bitWidth)
  const after = consumed + bitsTaken(consumed, ctx.bitWidth)
  if (!node.bitfield.test(slot)) return { node, deleted: undefined }
  const ci = node.bitfield.rank(slot)
  const p = node.pointers[ci] as Pointer

  if (p.kind === 'bucket') {
    const i = p.entries.findIndex((kv) => bytesEqual(kv.key, key))
    if (i < 0) return { node, deleted: undefined }
    const deleted = p.entries[i] as KV
    if (p.entries.length === 1) return { node: removePointer(node, slot, ci), deleted }
    const next = p.entries.slice()
    next.splice(i, 1)
    return { node: replacePointer(node, ci, { kind: 'bucket', entries: next }), deleted }
  }

  const child = childNode(ctx.store, p, ctx.bitWidth, depth + 1)
  const r = remove(ctx, child, digest, after, depth + 1, key)
  if (r.deleted === undefined) return { node, deleted: undefined }
  return { node: replacePointer(node, ci, clean(r.node, depth)), deleted: r.deleted }
}

/**
 * After a successful delete below a child, the child is brought back to canonical form: a child
 * left with one bucket becomes that bucket; a child with 2..3 pointers, all buckets, holding at
 * most 3 entries in total becomes one bucket of those entries sorted by key; otherwise it stays
 * a (dirty) node. A child with zero pointers is an error (it cannot arise with min data depth 0
 * from canonical data). The root itself is never collapsed.
 *
 * @rule hamt.collapse
 */
function clean(child: HNode, depth: number): Pointer {
  const n = child.pointers.length
  if (n === 0) throw new HamtError(`HAMT delete left a node at depth ${depth + 1} with zero pointers`)
  if (n === 1) {
    const only = child.pointers[0] as Pointer
    return only.kind === 'bucket' ? only : { kind: 'dirty', node: child }
  }
  if (n <= MAX_ARRAY_WIDTH) {
    let total = 0
    for (const q of child.pointers) {
      if (q.kind !== 'bucket') return { kind: 'dirty', node: child }
      total += q.entries.length
    }
    if (total > MAX_ARRAY_WIDTH) return { kind: 'dirty', node: child }
    const merged: KV[] = []
    for (const q of child.pointers) merged.push(...(q as BucketPtr).entries)
    merged.sort((a, b) => compareBytes(a.key, b.key))
    return { kind: 'bucket', entries: merged }
  }
  return { kind: 'dirty', node: child }
}

/**
 * Writes every dirty child post-order (children before parents), each as DAG-CBOR under its
 * blake2b-256 CID, replacing it by a clean link. Returns the node with only clean pointers.
 *
 * @rule hamt.flush
 */
function flushNode(node: HNode, store: Blockstore): { readonly node: HNode; readonly store: Blockstore } {
  let pointers: Pointer[] | undefined
  let s = store
  node.pointers.forEach((p, i) => {
    if (p.kind !== 'dirty') return
    const flushed = flushNode(p.node, s)
    const bytes = encodeCbor(nodeToIpld(flushed.node))
    const cid = dagCborCid(bytes)
    s = flushed.store.put(cid, bytes)
    pointers ??= node.pointers.slice()
    pointers[i] = { kind: 'link', cid, cached: flushed.node }
  })
  return { node: pointers === undefined ? node : { bitfield: node.bitfield, pointers }, store: s }
}

// ---------------------------------------------------------------------------------------------
// Iteration

/** Depth-first, pointers in slot order, bucket entries in bucket order. @rule hamt.iteration */
function* iterate(ctx: Ctx, root: HNode): Generator<readonly [Uint8Array, Ipld]> {
  const stack: { readonly node: HNode; i: number }[] = [{ node: root, i: 0 }]
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { readonly node: HNode; i: number }
    if (top.i >= top.node.pointers.length) {
      stack.pop()
      continue
    }
    const p = top.node.pointers[top.i++] as Pointer
    if (p.kind === 'bucket') {
      for (const kv of p.entries) yield [kv.key, kv.value] as const
    } else {
      stack.push({ node: childNode(ctx.store, p, ctx.bitWidth, stack.length), i: 0 })
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The map

export class Hamt {
  private constructor(
    private readonly bitWidth: number,
    private readonly root: HNode,
    /** The root CID when nothing changed since load or the last flush. */
    private readonly flushedCid: CID | undefined,
  ) {}

  static empty(config?: HamtConfig): Hamt {
    return new Hamt(checkConfig(config), EMPTY_NODE, undefined)
  }

  /** Loads and validates the root node (an empty root is allowed). */
  static load(store: BlockReader, root: CID, config?: HamtConfig): Hamt {
    const bw = checkConfig(config)
    return new Hamt(bw, loadNode(store, root, bw, 0), root)
  }

  get config(): HamtConfig {
    return { bitWidth: this.bitWidth }
  }

  /** True when the map has no entries. */
  get isEmpty(): boolean {
    return this.root.pointers.length === 0
  }

  get(store: BlockReader, key: Uint8Array): Ipld | undefined {
    return getValue({ store, bitWidth: this.bitWidth }, this.root, key)
  }

  has(store: BlockReader, key: Uint8Array): boolean {
    return this.get(store, key) !== undefined
  }

  /** Sets `key` to `value`. Setting the value already there returns this same Hamt. */
  set(store: BlockReader, key: Uint8Array, value: Ipld): Hamt {
    const r = modify({ store, bitWidth: this.bitWidth }, this.root, hashKey(key), 0, 0, key, value)
    return r.modified ? new Hamt(this.bitWidth, r.node, undefined) : this
  }

  delete(store: BlockReader, key: Uint8Array): { readonly hamt: Hamt; readonly deleted: Ipld | undefined } {
    const r = remove({ store, bitWidth: this.bitWidth }, this.root, hashKey(key), 0, 0, key)
    if (r.deleted === undefined) return { hamt: this, deleted: undefined }
    return { hamt: new Hamt(this.bitWidth, r.node, undefined), deleted: r.deleted.value }
  }

  /**
   * Writes dirty nodes post-order and then the root node. When nothing changed since the last
   * load or flush, returns the known root CID and writes nothing.
   *
   * @rule hamt.flush
   */
  flush(store: Blockstore): { readonly root: CID; readonly hamt: Hamt; readonly store: Blockstore } {
    if (this.flushedCid !== undefined) return { root: this.flushedCid, hamt: this, store }
    const flushed = flushNode(this.root, store)
    const bytes = encodeCbor(nodeToIpld(flushed.node))
    const cid = dagCborCid(bytes)
    const s = flushed.store.put(cid, bytes)
    return { root: cid, hamt: new Hamt(this.bitWidth, flushed.node, cid), store: s }
  }

  entries(store: BlockReader): Iterable<readonly [Uint8Array, Ipld]> {
    const ctx = { store, bitWidth: this.bitWidth }
    const root = this.root
    return { [Symbol.iterator]: () => iterate(ctx, root) }
  }
}
