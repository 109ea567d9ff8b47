/**
 * The machine's blockstore as a persistent value.
 *
 * A Blockstore is a base layer (the blocks loaded from a vector's CAR, never changed after load)
 * plus an overlay of blocks written since. `put` returns a new Blockstore and leaves the old one
 * as it was, so a transaction is "keep the old value" and a rollback is "return to it".
 * Content addressing makes every block immutable: a CID names the same bytes in every version.
 *
 * @rule ipld.blockstore-buffered
 */
import { Map as IMap } from 'immutable'
import { CID, cidKey, cidOf, Codec, Multihash } from './cid.js'
import { decodeCbor, encodeCbor, type Ipld } from './cbor.js'

/** Read access to blocks. Everything that only reads (HAMT lookups, state reads) takes this. */
export interface BlockReader {
  get(cid: CID): Uint8Array | undefined
}

export class MissingBlockError extends Error {
  override name = 'MissingBlockError'
  constructor(readonly cid: CID) {
    super(`block not found: ${cid.toString()}`)
  }
}

export class Blockstore implements BlockReader {
  private constructor(
    private readonly base: ReadonlyMap<string, Uint8Array>,
    private readonly overlay: IMap<string, Uint8Array>,
    /** Read-only blocks shared by many stores (e.g. built-in actor bundles). */
    private readonly shared: ReadonlyMap<string, Uint8Array> | undefined,
  ) {}

  static empty(): Blockstore {
    return new Blockstore(new Map(), IMap(), undefined)
  }

  /**
   * A store whose base layer is the given blocks (e.g. a CAR's contents, already verified),
   * optionally over a shared read-only layer.
   */
  static fromBlocks(blocks: Iterable<readonly [CID, Uint8Array]>, shared?: ReadonlyMap<string, Uint8Array>): Blockstore {
    const base = new Map<string, Uint8Array>()
    for (const [cid, bytes] of blocks) base.set(cidKey(cid), bytes)
    return new Blockstore(base, IMap(), shared)
  }

  /**
   * The block of `cid`; an identity-hashed CID (`bafkqaaa`: raw, identity, empty) is its own block
   * whether stored or not, as Lotus's state blockstore answers it (`ipld.identity-blocks`).
   *
   * @rule ipld.identity-blocks
   */
  get(cid: CID): Uint8Array | undefined {
    const key = cidKey(cid)
    return this.overlay.get(key) ?? this.base.get(key) ?? this.shared?.get(key) ?? (cid.multihash.code === Multihash.IDENTITY ? cid.multihash.digest : undefined)
  }

  has(cid: CID): boolean {
    return this.get(cid) !== undefined
  }

  /** Reads a block or throws MissingBlockError. */
  mustGet(cid: CID): Uint8Array {
    const bytes = this.get(cid)
    if (bytes === undefined) throw new MissingBlockError(cid)
    return bytes
  }

  put(cid: CID, bytes: Uint8Array): Blockstore {
    const key = cidKey(cid)
    if (this.base.has(key) || this.overlay.has(key) || this.shared?.has(key) === true) return this
    return new Blockstore(this.base, this.overlay.set(key, bytes), this.shared)
  }

  /** Encodes `value` as DAG-CBOR, stores it under its blake2b-256 CID. @rule ipld.cid-kernel-objects */
  putCbor(value: Ipld): readonly [CID, Blockstore] {
    const bytes = encodeCbor(value)
    const cid = cidOf(Codec.DAG_CBOR, bytes)
    return [cid, this.put(cid, bytes)]
  }

  /**
   * The blocks written since the base layer was loaded that are reachable from `root`, children
   * after parents. The walk follows links inside written DAG-CBOR blocks only: a block of the base
   * layer was there before anything was written, so it cannot link to a written one.
   *
   * @rule ipld.blockstore-flush
   */
  reachableWrites(root: CID): Array<readonly [CID, Uint8Array]> {
    const out: Array<readonly [CID, Uint8Array]> = []
    const seen = new Set<string>()
    const stack: CID[] = [root]
    while (stack.length > 0) {
      const cid = stack.pop() as CID
      const key = cidKey(cid)
      if (seen.has(key)) continue
      seen.add(key)
      const bytes = this.overlay.get(key)
      if (bytes === undefined) continue
      out.push([cid, bytes])
      if (cid.code === Codec.DAG_CBOR) collectLinks(decodeCbor(bytes), stack)
    }
    return out
  }

  /**
   * Flush to `root`: keep only the written blocks reachable from it, as ref-fvm's buffered
   * blockstore copies only reachable blocks into its base store. The result holds every block
   * the state at `root` needs; unreachable writes are dropped.
   *
   * @rule ipld.blockstore-flush
   */
  flush(root: CID): Blockstore {
    const kept = this.reachableWrites(root)
    return new Blockstore(this.base, IMap(kept.map(([cid, bytes]) => [cidKey(cid), bytes] as const)), this.shared)
  }

  /** Number of blocks written since the base layer was loaded. */
  get overlaySize(): number {
    return this.overlay.size
  }

  /** Every block: base first, then the overlay. */
  *entries(): IterableIterator<readonly [string, Uint8Array]> {
    for (const e of this.base) if (!this.overlay.has(e[0])) yield e
    for (const e of this.overlay) yield e
  }
}

function collectLinks(v: Ipld, out: CID[]): void {
  const cid = CID.asCID(v)
  if (cid !== null) out.push(cid)
  else if (Array.isArray(v)) for (const x of v as readonly Ipld[]) collectLinks(x, out)
  else if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) for (const x of Object.values(v)) collectLinks(x, out)
}

/** Reads and strictly decodes a DAG-CBOR block. */
export function getCbor(store: BlockReader, cid: CID): Ipld {
  const bytes = store.get(cid)
  if (bytes === undefined) throw new MissingBlockError(cid)
  return decodeCbor(bytes)
}
