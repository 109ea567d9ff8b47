import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Blockstore, MissingBlockError } from './blockstore.js'
import { NodeMemo } from './hamt-lru.js'

describe('NodeMemo', () => {
  let store = Blockstore.empty()
  const cids = [100, 200, 300, 400].map((n, i) => {
    const [cid, next] = store.putCbor(new Uint8Array(n).fill(i))
    store = next
    return cid
  })

  it('decodes once while a node is remembered, and evicts the least recently used past its byte budget', () => {
    let decodes = 0
    const decode = (bytes: Uint8Array) => (decodes++, bytes.length)
    const memo = new NodeMemo<number>(100, 650)
    const load = (i: number) => memo.load(store, cids[i]!, 't/', decode)
    load(0); load(1); load(2) // ~600 bytes of blocks
    assert.equal(decodes, 3)
    load(0) // a hit; block 0 is now the most recent
    assert.equal(decodes, 3)
    load(3) // over 650 bytes: blocks 1 and 2 (the least recent) go
    assert.equal(memo.size, 2)
    load(0)
    assert.equal(decodes, 4)
    load(1)
    assert.equal(decodes, 5)
  })

  it('keeps at most `capacity` nodes', () => {
    const memo = new NodeMemo<number>(2)
    for (const cid of cids) memo.load(store, cid, 't/', (b) => b.length)
    assert.equal(memo.size, 2)
  })

  it('a remembered node is not served from a store that lacks its block', () => {
    const memo = new NodeMemo<number>(10)
    memo.load(store, cids[0]!, 't/', (b) => b.length)
    assert.throws(() => memo.load(Blockstore.empty(), cids[0]!, 't/', (b) => b.length), MissingBlockError)
  })
})
