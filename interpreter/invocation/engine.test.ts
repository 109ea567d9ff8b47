import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Blockstore } from '../ipld/blockstore.js'
import { cidOf, Codec } from '../ipld/cid.js'
import { wat } from '../wasm/harness.js'
import { Engine, GAS_COUNTER_EXPORT, HOST_MEMORY_IMPORT } from './engine.js'

const ACTOR = `(module (memory (export "memory") 1) (global $g (mut i32) (i32.const 7))
  (func (export "invoke") (param i32) (result i32) global.get $g))`

test('compiled actors define their own gas counter (exported) and, at nv18, import their memory', async () => {
  const bytes = await wat(ACTOR)
  const cid = cidOf(Codec.IPLD_RAW, bytes)
  const store = Blockstore.empty().put(cid, bytes)
  for (const nv of [17, 18] as const) {
    const r = new Engine().compile(store, cid, nv)
    assert.ok(r.ok)
    const imports = WebAssembly.Module.imports(r.actor.module)
    const exports = WebAssembly.Module.exports(r.actor.module)
    assert.ok(!imports.some((i) => i.module === 'gas'), `nv${nv}: no gas import`)
    assert.ok(exports.some((e) => e.name === GAS_COUNTER_EXPORT && e.kind === 'global'), `nv${nv}: counter exported`)
    assert.equal(imports.some((i) => i.module === HOST_MEMORY_IMPORT.module && i.kind === 'memory'), nv === 18)
    assert.equal(r.actor.ownGasCounter, true)
  }
})

test('code missing from the blockstore is "needs actor code", not a crash; bad code is refused', () => {
  const store = Blockstore.empty()
  const missing = new Engine().compile(store, cidOf(Codec.IPLD_RAW, new Uint8Array([1])), 18)
  assert.ok(!missing.ok && missing.missing)
  const junk = Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff)
  const cid = cidOf(Codec.IPLD_RAW, junk)
  const bad = new Engine().compile(store.put(cid, junk), cid, 18)
  assert.ok(!bad.ok && !bad.missing)
})
