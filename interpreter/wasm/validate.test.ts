import { test } from 'node:test'
import assert from 'node:assert/strict'
import { wat } from './harness.js'
import { decodeModule } from './decoder.js'
import { WasmError } from './error.js'
import { NV17_POLICY, NV18_POLICY, WASM_POLICIES, WASM_POLICY_RULE_IDS, loadModule, validateModule } from './validate.js'
import { definedRules } from '../../spec/rules.js'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const actor = (body: string, extra = ''): string =>
  `(module ${extra} (memory (export "memory") 1) (func (export "invoke") (param i32) (result i32) ${body}))`

test('both versions accept MVP, floats and bulk memory', async () => {
  const b = await wat(actor('f64.const 1 f64.sqrt drop i32.const 0 i32.const 0 i32.const 1 memory.copy local.get 0'))
  for (const v of [17, 18] as const) loadModule(b, v)
})

test('nv17 refuses sign-extension, saturating conversions and table ops; nv18 accepts them', async () => {
  for (const body of ['local.get 0 i32.extend16_s', 'f32.const 1 i32.trunc_sat_f32_s', 'table.size 0']) {
    const b = await wat(actor(body, '(table 1 funcref)'))
    assert.throws(() => loadModule(b, 17), (e: unknown) => e instanceof WasmError && /nv17 refuses/.test(e.message))
    loadModule(b, 18)
  }
})

test('nv17 refuses a padded call_indirect table index; nv18 accepts it', () => {
  // Hand-built: type 0 (i32)->i32, func 0 invoke, table 1, memory 1, exports invoke/memory,
  // body: local.get 0, local.get 0, call_indirect 0 (table 0x80 0x00), end.
  const body = [0x00, 0x20, 0x00, 0x20, 0x00, 0x11, 0x00, 0x80, 0x00, 0x0b]
  const bytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    1, 6, 1, 0x60, 1, 0x7f, 1, 0x7f,
    3, 2, 1, 0,
    4, 4, 1, 0x70, 0, 1,
    5, 3, 1, 0, 1,
    7, 19, 2, 6, ...Buffer.from('invoke'), 0, 0, 6, ...Buffer.from('memory'), 2, 0,
    10, body.length + 2, 1, body.length, ...body])
  assert.throws(() => loadModule(bytes, 17), /table index/)
  loadModule(bytes, 18)
})

test('multi-value types, externref and second memories are refused by both', async () => {
  const mv = decodeModule(await wat(actor('local.get 0', '(func (result i32 i32) i32.const 1 i32.const 2)')))
  const er = decodeModule(await wat(actor('local.get 0', '(table 1 externref)')))
  for (const p of [NV17_POLICY, NV18_POLICY]) {
    assert.throws(() => validateModule(mv, p), /multi-value/)
    assert.throws(() => validateModule(er, p), /externref|reference/)
  }
})

test('required exports: invoke (i32) -> i32 and memory', async () => {
  const noInvoke = decodeModule(await wat('(module (memory (export "memory") 1))'))
  const noMemory = decodeModule(await wat('(module (func (export "invoke") (param i32) (result i32) local.get 0))'))
  const badType = decodeModule(await wat('(module (memory (export "memory") 1) (func (export "invoke")))'))
  for (const p of [NV17_POLICY, NV18_POLICY]) {
    assert.throws(() => validateModule(noInvoke, p), /must export invoke/)
    assert.throws(() => validateModule(noMemory, p), /must export memory/)
    assert.throws(() => validateModule(badType, p), /\(i32\) -> i32/)
  }
})

test('import hook and import kinds', async () => {
  const b = await wat(actor('local.get 0', '(import "vm" "nope" (func))'))
  assert.throws(() => loadModule(b, 18, { checkImport: (i) => (i.name === 'nope' ? 'unknown syscall' : null) }), /unknown syscall/)
  const g = await wat(actor('local.get 0', '(import "env" "g" (global i32))'))
  assert.throws(() => loadModule(g, 17), /global imports/)
})

test('engine validation catches type errors the decoder does not check', () => {
  const body = [0x00, 0x6a, 0x0b] // i32.add on an empty stack
  const bytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    1, 6, 1, 0x60, 1, 0x7f, 1, 0x7f, 3, 2, 1, 0, 5, 3, 1, 0, 1,
    7, 19, 2, 6, ...Buffer.from('invoke'), 0, 0, 6, ...Buffer.from('memory'), 2, 0,
    10, body.length + 2, 1, body.length, ...body])
  assert.throws(() => loadModule(bytes, 18), /fails WebAssembly validation/)
})

test('every field of a feature policy names a rule that spec/ defines', () => {
  const defined = new Set(definedRules(join(dirname(fileURLToPath(import.meta.url)), '..', '..')).map((d) => d.id))
  assert.deepEqual(Object.values(WASM_POLICY_RULE_IDS).filter((r) => !defined.has(r)), [])
  for (const policy of Object.values(WASM_POLICIES)) assert.deepEqual(Object.keys(policy).sort(), Object.keys(WASM_POLICY_RULE_IDS).sort())
})
