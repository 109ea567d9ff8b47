/**
 * A KAMT built by hand from the format (spec/sandbox.md `sandbox.kamt-format`): the storage of
 * an EVM contract holding slot 1 = 0x2a and slot 2 = 0x2b. Keys 1 and 2 share their first 249
 * bits, so the root's index 0 links, through an extension of 49 empty levels (245 zero bits in
 * 31 bytes), to a node at depth 50 where key 1 (bits 250..254 = 00000) sits at index 0 and key 2
 * (00001) at index 1. sandbox.test.ts checks the real EVM actor writes exactly this root.
 */
import { Blockstore } from '../../interpreter/ipld/blockstore.js'
import type { CID } from '../../interpreter/ipld/cid.js'
import { u256Bytes } from './evm.js'

export function twoSlotKamt(): { store: Blockstore; root: CID } {
  const [child, s1] = Blockstore.empty().putCbor([Uint8Array.of(0b11), [{ v: [[u256Bytes(1n), u256Bytes(0x2an)]] }, { v: [[u256Bytes(2n), u256Bytes(0x2bn)]] }]])
  const [root, store] = s1.putCbor([Uint8Array.of(0b1), [{ l: [child, 245n, new Uint8Array(31)] }]])
  return { store, root }
}
