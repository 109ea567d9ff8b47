/**
 * A small bounded memo of decoded HAMT/AMT nodes, keyed by CID, shared by every tree, bounded by
 * the number of nodes and by the bytes of the blocks they were decoded from.
 *
 * Decoding a node (strict DAG-CBOR decode + structural validation) is the expensive part of a
 * lookup; blocks are content addressed, so a decoded node is the same value in every store that
 * has the block. Callers still ask the store whether it has the block before using a memoised
 * node, so a missing block throws exactly as it would without the memo: results never depend on
 * what the memo holds.
 */
import type { BlockReader } from './blockstore.js'
import { MissingBlockError } from './blockstore.js'
import { cidKey, type CID } from './cid.js'

export class NodeMemo<T> {
  private readonly map = new Map<string, { readonly node: T; readonly bytes: number }>()
  private bytes = 0

  /**
   * At most `capacity` nodes, decoded from at most `maxBytes` bytes of blocks in all (a decoded
   * node takes some ten times its block's size in memory).
   */
  constructor(private readonly capacity: number, private readonly maxBytes: number = Infinity) {}

  /**
   * The decoded node for `cid`: from the memo when present (after checking that `store` has the
   * block), otherwise `decode(bytes)` from the store, which is then remembered.
   */
  load(store: BlockReader, cid: CID, tag: string, decode: (bytes: Uint8Array) => T): T {
    const key = tag + cidKey(cid)
    const hit = this.map.get(key)
    if (hit !== undefined) {
      if (store.get(cid) === undefined) throw new MissingBlockError(cid)
      // Refresh recency.
      this.map.delete(key)
      this.map.set(key, hit)
      return hit.node
    }
    const bytes = store.get(cid)
    if (bytes === undefined) throw new MissingBlockError(cid)
    const node = decode(bytes)
    this.map.set(key, { node, bytes: bytes.length })
    this.bytes += bytes.length
    while (this.map.size > this.capacity || this.bytes > this.maxBytes) {
      const oldest = this.map.entries().next()
      if (oldest.done === true) break
      this.map.delete(oldest.value[0])
      this.bytes -= oldest.value[1].bytes
    }
    return node
  }

  clear(): void {
    this.map.clear()
    this.bytes = 0
  }

  get size(): number {
    return this.map.size
  }
}
