/**
 * The Filecoin AMT (fvm_ipld_amt 0.7.7, v3 root format), as a persistent value.
 *
 * An array-mapped trie from u64 indices to IPLD values. Every update returns a new Amt; the old
 * one stays valid. As in the HAMT, a child is either a clean link (a CID, possibly with the node
 * it was flushed from) or a dirty node that flush will serialise. Nodes are held sparsely (the
 * occupied slots only), which is the same value as the crate's fixed-width `Vec<Option<_>>`.
 */
import { MissingBlockError, type BlockReader, type Blockstore } from './blockstore.js'
import { decodeCbor, encodeCbor, type Ipld } from './cbor.js'
import { CID, dagCborCid } from './cid.js'
import { NodeMemo } from './hamt-lru.js'

export class AmtError extends Error {
  override name = 'AmtError'
}

/**
 * Default bit width 3 (8 slots per node); the largest index is 2^64 - 2; a loaded root may not
 * claim a height above 64.
 *
 * @rule amt.config
 */
export const DEFAULT_AMT_BIT_WIDTH = 3
export const MAX_INDEX: bigint = 0xffff_ffff_ffff_fffen
export const MAX_HEIGHT = 64
const U64_MAX = 0xffff_ffff_ffff_ffffn
/** Bit widths `Amt.empty` accepts (the crate accepts more, but no Filecoin structure uses > 6). */
const MAX_NEW_BIT_WIDTH = 16

/**
 * Indices covered by one link at `height`: 2^(bitWidth*height), saturating at u64::MAX when the
 * exponent reaches 64. A node at height h covers nodesForHeight(h+1) indices; a link at index j
 * of a node at height h covers [j*nfh(h), (j+1)*nfh(h)).
 *
 * @rule amt.addressing
 */
export function nodesForHeight(bitWidth: number, height: number): bigint {
  const log2 = bitWidth * height
  if (log2 >= 64) return U64_MAX
  return 1n << BigInt(log2)
}

/**
 * Length of a node's bitmap: 1 byte up to bit width 3, else 2^(bitWidth-3) bytes.
 *
 * @rule amt.bmap
 */
export function bmapBytes(bitWidth: number): number {
  return bitWidth <= 3 ? 1 : 2 ** (bitWidth - 3)
}

// ---------------------------------------------------------------------------------------------
// Nodes

type ALink =
  | { readonly kind: 'cid'; readonly cid: CID; readonly cached?: ANode }
  | { readonly kind: 'dirty'; readonly node: ANode }

/** Occupied slots in ascending order, with the item of each. */
interface Leaf {
  readonly kind: 'leaf'
  readonly slots: readonly number[]
  readonly items: readonly Ipld[]
}

interface Links {
  readonly kind: 'links'
  readonly slots: readonly number[]
  readonly items: readonly ALink[]
}

type ANode = Leaf | Links

const EMPTY_LEAF: Leaf = { kind: 'leaf', slots: [], items: [] }
const EMPTY_LINKS: Links = { kind: 'links', slots: [], items: [] }

/** Position of `slot` in `slots`, or -(insertion point) - 1. */
function findSlot(slots: readonly number[], slot: number): number {
  let lo = 0
  let hi = slots.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const s = slots[mid] as number
    if (s === slot) return mid
    if (s < slot) lo = mid + 1
    else hi = mid
  }
  return -lo - 1
}

function withSlot<T>(slots: readonly number[], items: readonly T[], slot: number, item: T): { slots: number[]; items: T[] } {
  const at = findSlot(slots, slot)
  const s = slots.slice()
  const it = items.slice()
  if (at >= 0) it[at] = item
  else {
    s.splice(-at - 1, 0, slot)
    it.splice(-at - 1, 0, item)
  }
  return { slots: s, items: it }
}

function withoutSlot<T>(slots: readonly number[], items: readonly T[], at: number): { slots: number[]; items: T[] } {
  const s = slots.slice()
  const it = items.slice()
  s.splice(at, 1)
  it.splice(at, 1)
  return { slots: s, items: it }
}

// ---------------------------------------------------------------------------------------------
// Encoding and decoding

/**
 * A node is [bmap, links, values]: bmap is a fixed-length byte string with slot i at
 * bmap[i/8] bit (i%8) (LSB-first); links lists the CIDs of occupied link slots and values the
 * values of occupied leaf slots, in slot order; the other list is empty.
 *
 * @rule amt.node
 * @rule amt.bmap
 */
function nodeToIpld(node: ANode, bitWidth: number): Ipld {
  const bmap = new Uint8Array(bmapBytes(bitWidth))
  for (const s of node.slots) bmap[s >>> 3]! |= 1 << (s & 7)
  if (node.kind === 'leaf') return [bmap, [], node.items.slice()]
  const links = node.items.map((l): Ipld => {
    if (l.kind === 'dirty') throw new AmtError('cannot serialise an AMT node with unflushed children')
    return l.cid
  })
  return [bmap, links, []]
}

/**
 * Expands a serialised node as the crate's `CollapsedNode::expand`: links and values may not
 * both be non-empty; the bitmap must have exactly bmapBytes(bitWidth) bytes; its set bits among
 * the first 2^bitWidth must match the number of links (or values). A node with links is a link
 * node, any other node (even an empty one) is a leaf.
 *
 * @rule amt.load-validation
 */
function nodeFromIpld(value: Ipld, bitWidth: number): ANode {
  if (!Array.isArray(value) || value.length !== 3) throw new AmtError('AMT node: expected a 3-element array [bmap, links, values]')
  const [bmap, links, values] = value as readonly Ipld[]
  if (!(bmap instanceof Uint8Array)) throw new AmtError('AMT node: bmap must be a byte string')
  if (!Array.isArray(links)) throw new AmtError('AMT node: links must be an array')
  if (!Array.isArray(values)) throw new AmtError('AMT node: values must be an array')
  const linkCids = (links as readonly Ipld[]).map((l, i) => {
    const cid = CID.asCID(l)
    if (cid === null) throw new AmtError(`AMT node: link ${i} is not a CID`)
    return cid
  })
  const vals = values as readonly Ipld[]
  if (linkCids.length > 0 && vals.length > 0) throw new AmtError('AMT node: a node cannot contain both links and values')
  const want = bmapBytes(bitWidth)
  if (bmap.length !== want) throw new AmtError(`AMT node: expected bitfield of length ${want}, found bitfield with length ${bmap.length}`)
  const width = 2 ** bitWidth
  const slots: number[] = []
  const n = linkCids.length > 0 ? linkCids.length : vals.length
  for (let byte = 0; byte < bmap.length && byte * 8 < width; byte++) {
    const b = bmap[byte] as number
    if (b === 0) continue
    for (let bit = 0; bit < 8; bit++) {
      const slot = byte * 8 + bit
      if (slot >= width) break
      if ((b >>> bit) & 1) {
        if (slots.length === n) throw new AmtError(`AMT node: bitmap contained more set bits than ${linkCids.length > 0 ? 'links' : 'values'} provided`)
        slots.push(slot)
      }
    }
  }
  if (slots.length < n) throw new AmtError(`AMT node: bitmap contained fewer set bits than ${linkCids.length > 0 ? 'links' : 'values'} provided`)
  if (linkCids.length > 0) return { kind: 'links', slots, items: linkCids.map((cid): ALink => ({ kind: 'cid', cid })) }
  return { kind: 'leaf', slots, items: vals.slice() }
}

/**
 * Decoded nodes of blocks totalling at most 256 KiB (some 3.5 MB decoded): measured over the mainnet
 * corpus, a larger memo is no faster, and at 16 MiB it held 220 MB of decoded nodes.
 */
const memo = new NodeMemo<ANode>(50_000, 256 * 1024)

/** Drops every memoised decoded node. */
export function clearAmtNodeCache(): void {
  memo.clear()
}

function loadNode(store: BlockReader, cid: CID, bitWidth: number): ANode {
  return memo.load(store, cid, `${bitWidth}/`, (bytes) => nodeFromIpld(decodeCbor(bytes), bitWidth))
}

function linkNode(store: BlockReader, l: ALink, bitWidth: number): ANode {
  if (l.kind === 'dirty') return l.node
  return l.cached ?? loadNode(store, l.cid, bitWidth)
}

// ---------------------------------------------------------------------------------------------
// Operations

interface Ctx {
  readonly store: BlockReader
  readonly bitWidth: number
}

/** @rule amt.lookup */
function nodeGet(ctx: Ctx, node: ANode, height: number, i: bigint): Ipld | undefined {
  for (;;) {
    if (node.kind === 'leaf') {
      // The crate reads vals[i] whatever the height; i beyond the node's width is absent.
      if (i >= BigInt(2 ** ctx.bitWidth)) return undefined
      const at = findSlot(node.slots, Number(i))
      return at >= 0 ? node.items[at] : undefined
    }
    if (height === 0) throw new AmtError('AMT node: link node found at height 0')
    const nfh = nodesForHeight(ctx.bitWidth, height)
    const at = findSlot(node.slots, Number(i / nfh))
    if (at < 0) return undefined
    node = linkNode(ctx.store, node.items[at] as ALink, ctx.bitWidth)
    height -= 1
    i = i % nfh
  }
}

/** @rule amt.set */
function nodeSet(ctx: Ctx, node: ANode, height: number, i: bigint, value: Ipld): { readonly node: ANode; readonly existed: boolean } {
  if (height === 0) {
    if (node.kind !== 'leaf') throw new AmtError('AMT node: link node found at height 0')
    const slot = Number(i)
    const existed = findSlot(node.slots, slot) >= 0
    const { slots, items } = withSlot(node.slots, node.items, slot, value)
    return { node: { kind: 'leaf', slots, items }, existed }
  }
  if (node.kind !== 'links') throw new AmtError(`AMT node: leaf node found at height ${height}`)
  const nfh = nodesForHeight(ctx.bitWidth, height)
  const slot = Number(i / nfh)
  const at = findSlot(node.slots, slot)
  const child: ANode = at >= 0 ? linkNode(ctx.store, node.items[at] as ALink, ctx.bitWidth) : height === 1 ? EMPTY_LEAF : EMPTY_LINKS
  const r = nodeSet(ctx, child, height - 1, i % nfh, value)
  const { slots, items } = withSlot<ALink>(node.slots, node.items, slot, { kind: 'dirty', node: r.node })
  return { node: { kind: 'links', slots, items }, existed: r.existed }
}

/**
 * Deletes index `i` below `node`. An emptied child link is removed; a child that still holds
 * something becomes dirty; nothing changes when the index is absent.
 *
 * @rule amt.delete-shrink
 */
function nodeDelete(ctx: Ctx, node: ANode, height: number, i: bigint): { readonly node: ANode; readonly deleted: Ipld | undefined } {
  if (node.kind === 'leaf') {
    if (i >= BigInt(2 ** ctx.bitWidth)) return { node, deleted: undefined }
    const at = findSlot(node.slots, Number(i))
    if (at < 0) return { node, deleted: undefined }
    const { slots, items } = withoutSlot(node.slots, node.items, at)
    return { node: { kind: 'leaf', slots, items }, deleted: node.items[at] }
  }
  if (height === 0) throw new AmtError('AMT node: link node found at height 0')
  const nfh = nodesForHeight(ctx.bitWidth, height)
  const at = findSlot(node.slots, Number(i / nfh))
  if (at < 0) return { node, deleted: undefined }
  const child = linkNode(ctx.store, node.items[at] as ALink, ctx.bitWidth)
  const r = nodeDelete(ctx, child, height - 1, i % nfh)
  if (r.deleted === undefined) return { node, deleted: undefined }
  if (r.node.slots.length === 0) {
    const { slots, items } = withoutSlot(node.slots, node.items, at)
    return { node: { kind: 'links', slots, items }, deleted: r.deleted }
  }
  const items = node.items.slice()
  items[at] = { kind: 'dirty', node: r.node }
  return { node: { kind: 'links', slots: node.slots, items }, deleted: r.deleted }
}

/** Writes dirty children post-order; each becomes a clean CID link. @rule amt.flush */
function flushNode(node: ANode, bitWidth: number, store: Blockstore): { readonly node: ANode; readonly store: Blockstore } {
  if (node.kind === 'leaf') return { node, store }
  let s = store
  let items: ALink[] | undefined
  node.items.forEach((l, k) => {
    if (l.kind !== 'dirty') return
    const flushed = flushNode(l.node, bitWidth, s)
    const bytes = encodeCbor(nodeToIpld(flushed.node, bitWidth))
    const cid = dagCborCid(bytes)
    s = flushed.store.put(cid, bytes)
    items ??= node.items.slice()
    items[k] = { kind: 'cid', cid, cached: flushed.node }
  })
  return { node: items === undefined ? node : { kind: 'links', slots: node.slots, items }, store: s }
}

/** Ascending index order. @rule amt.iteration */
function* iterate(ctx: Ctx, node: ANode, height: number, offset: bigint): Generator<readonly [bigint, Ipld]> {
  if (node.kind === 'leaf') {
    for (let k = 0; k < node.slots.length; k++) yield [offset + BigInt(node.slots[k] as number), node.items[k] as Ipld] as const
    return
  }
  if (height === 0) throw new AmtError('AMT node: link node found at height 0')
  const nfh = nodesForHeight(ctx.bitWidth, height)
  for (let k = 0; k < node.slots.length; k++) {
    const child = linkNode(ctx.store, node.items[k] as ALink, ctx.bitWidth)
    yield* iterate(ctx, child, height - 1, offset + BigInt(node.slots[k] as number) * nfh)
  }
}

function checkIndex(i: bigint): void {
  if (typeof i !== 'bigint' || i < 0n || i > MAX_INDEX) throw new AmtError(`index ${String(i)} out of range for the amt`)
}

// ---------------------------------------------------------------------------------------------
// The array

export class Amt {
  private constructor(
    readonly bitWidth: number,
    readonly height: number,
    /** Number of values, as recorded in the root. */
    readonly count: bigint,
    private readonly node: ANode,
    private readonly flushedCid: CID | undefined,
  ) {}

  /** An empty AMT: height 0, count 0, an empty leaf root. */
  static empty(bitWidth: number = DEFAULT_AMT_BIT_WIDTH): Amt {
    if (!Number.isInteger(bitWidth) || bitWidth < 1 || bitWidth > MAX_NEW_BIT_WIDTH) {
      throw new AmtError(`invalid AMT bit width ${String(bitWidth)} (must be an integer in 1..${MAX_NEW_BIT_WIDTH})`)
    }
    return new Amt(bitWidth, 0, 0n, EMPTY_LEAF, undefined)
  }

  /**
   * Loads a v3 root [bitWidth, height, count, node] and expands its node; a height above 64 is
   * rejected.
   *
   * @rule amt.root
   * @rule amt.load-validation
   */
  static load(store: BlockReader, root: CID): Amt {
    const bytes = store.get(root)
    if (bytes === undefined) throw new MissingBlockError(root)
    const value = decodeCbor(bytes)
    if (!Array.isArray(value) || value.length !== 4) throw new AmtError('AMT root: expected a 4-element array [bit_width, height, count, node]')
    const [bw, height, count, node] = value as readonly Ipld[]
    if (typeof bw !== 'bigint' || bw < 0n || bw > 0xffff_ffffn) throw new AmtError('AMT root: bit width must be a u32')
    if (typeof height !== 'bigint' || height < 0n || height > 0xffff_ffffn) throw new AmtError('AMT root: height must be a u32')
    if (typeof count !== 'bigint' || count < 0n || count > U64_MAX) throw new AmtError('AMT root: count must be a u64')
    const bitWidth = Number(bw)
    const expanded = nodeFromIpld(node as Ipld, bitWidth)
    if (height > BigInt(MAX_HEIGHT)) throw new AmtError(`failed to load AMT: height out of bounds: ${height} > ${MAX_HEIGHT}`)
    return new Amt(bitWidth, Number(height), count, expanded, root)
  }

  /**
   * Builds an AMT holding values[k] at index k and flushes it (the crate's
   * `new_from_iter_with_bit_width`, used for the nv18 events root).
   *
   * @rule amt.from-iter
   */
  static fromEntries(store: Blockstore, bitWidth: number, values: Iterable<Ipld>): { readonly root: CID; readonly amt: Amt; readonly store: Blockstore } {
    let amt = Amt.empty(bitWidth)
    let i = 0n
    for (const v of values) {
      amt = amt.set(store, i, v)
      i += 1n
    }
    return amt.flush(store)
  }

  get(store: BlockReader, i: bigint): Ipld | undefined {
    checkIndex(i)
    if (i >= nodesForHeight(this.bitWidth, this.height + 1)) return undefined
    return nodeGet({ store, bitWidth: this.bitWidth }, this.node, this.height, i)
  }

  /**
   * Sets index i. While i is beyond the tree's range the root grows: a non-empty root moves
   * down into slot 0 of a new link root, an empty root becomes an empty link node; each step
   * adds one to the height. The count grows when the index was empty. Every set invalidates
   * the flushed root (the crate does not compare values).
   *
   * @rule amt.grow
   * @rule amt.set
   */
  set(store: BlockReader, i: bigint, value: Ipld): Amt {
    checkIndex(i)
    let node = this.node
    let height = this.height
    while (i >= nodesForHeight(this.bitWidth, height + 1)) {
      if (this.bitWidth === 0) throw new AmtError('AMT with bit width 0 cannot hold an index above 0 (the crate never terminates)')
      node = node.slots.length > 0 ? { kind: 'links', slots: [0], items: [{ kind: 'dirty', node }] } : EMPTY_LINKS
      height += 1
    }
    const r = nodeSet({ store, bitWidth: this.bitWidth }, node, height, i, value)
    const count = r.existed ? this.count : this.count + 1n
    return new Amt(this.bitWidth, height, count, r.node, undefined)
  }

  /**
   * Deletes index i. Afterwards an empty root becomes an empty leaf at height 0; otherwise,
   * while the root is a link node whose only link is slot 0 and the height is above 0, that
   * child becomes the root and the height drops by one.
   *
   * @rule amt.delete-shrink
   */
  delete(store: BlockReader, i: bigint): { readonly amt: Amt; readonly deleted: Ipld | undefined } {
    checkIndex(i)
    if (i >= nodesForHeight(this.bitWidth, this.height + 1)) return { amt: this, deleted: undefined }
    const ctx = { store, bitWidth: this.bitWidth }
    const r = nodeDelete(ctx, this.node, this.height, i)
    if (r.deleted === undefined) return { amt: this, deleted: undefined }
    if (this.count === 0n) throw new AmtError('AMT count underflow: the root records 0 values but one was deleted')
    const count = this.count - 1n
    let node = r.node
    let height = this.height
    if (node.slots.length === 0) {
      node = EMPTY_LEAF
      height = 0
    } else {
      while (node.kind === 'links' && node.slots.length === 1 && node.slots[0] === 0 && height > 0) {
        node = linkNode(store, node.items[0] as ALink, this.bitWidth)
        height -= 1
      }
    }
    return { amt: new Amt(this.bitWidth, height, count, node, undefined), deleted: r.deleted }
  }

  /**
   * Writes dirty nodes post-order, then the root block [bitWidth, height, count, node]. When
   * nothing changed since load or the last flush, returns the known root and writes nothing.
   *
   * @rule amt.flush
   * @rule amt.root
   */
  flush(store: Blockstore): { readonly root: CID; readonly amt: Amt; readonly store: Blockstore } {
    if (this.flushedCid !== undefined) return { root: this.flushedCid, amt: this, store }
    const flushed = flushNode(this.node, this.bitWidth, store)
    const rootIpld: Ipld = [BigInt(this.bitWidth), BigInt(this.height), this.count, nodeToIpld(flushed.node, this.bitWidth)]
    const bytes = encodeCbor(rootIpld)
    const cid = dagCborCid(bytes)
    return { root: cid, amt: new Amt(this.bitWidth, this.height, this.count, flushed.node, cid), store: flushed.store.put(cid, bytes) }
  }

  /** (index, value) pairs in ascending index order. */
  entries(store: BlockReader): Iterable<readonly [bigint, Ipld]> {
    const ctx = { store, bitWidth: this.bitWidth }
    const { node, height } = this
    return { [Symbol.iterator]: () => iterate(ctx, node, height, 0n) }
  }
}
