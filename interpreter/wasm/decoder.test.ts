import { test } from 'node:test'
import assert from 'node:assert/strict'
import { wat } from './harness.js'
import { decodeInstructions, decodeModule, OpReader } from './decoder.js'
import { encodeInstructions, encodeModule } from './encoder.js'
import { WasmError } from './error.js'

const SOURCES: Record<string, string> = {
  everything: `(module
    (type $t (func (param i32) (result i32)))
    (import "env" "f" (func $f (param i32 i64) (result i32)))
    (import "env" "g" (func $g))
    (memory (export "memory") 2 10)
    (table 4 funcref)
    (global $a (mut i32) (i32.const -7))
    (global $b i64 (i64.const -9223372036854775808))
    (global $c f32 (f32.const nan:0x200000))
    (global $d f64 (f64.const -0.0))
    (elem (i32.const 1) $h $h)
    (elem func $h)
    (data (i32.const 16) "hello")
    (data "passive")
    (func $h (type $t) (local i32 i64 i64 f32 f64) local.get 0)
    (func (export "invoke") (param i32) (result i32) (local i32)
      (block $b (result i32)
        (loop $l
          local.get 0 i32.const 1 i32.sub local.tee 0 br_if $l)
        local.get 0 local.get 0 (br_table $b $b $b) )
      drop
      local.get 0 (if (result i32) (then i32.const 1) (else i32.const 2)) drop
      i32.const 0 i64.const 123456789012 call $f drop call $g
      local.get 0 i32.const 1 call_indirect (type $t) drop
      i32.const 0 i32.load8_s offset=7 align=1 i32.const 4 i64.load32_u offset=100000 i32.wrap_i64 i32.add drop
      i32.const 8 f64.const 3.25 f64.store offset=8
      i32.const 0 i32.const 1 i32.const 2 select drop
      memory.size drop i32.const 0 memory.grow drop
      i32.const 0 i32.const 0 i32.const 3 memory.copy i32.const 0 i32.const 0 i32.const 3 memory.fill
      i32.const 0 i32.const 0 i32.const 3 memory.init 1 data.drop 1
      i32.const 0 i32.const 0 i32.const 1 table.init 1 elem.drop 1 i32.const 0 i32.const 1 i32.const 1 table.copy
      local.get 0 i32.extend8_s i64.extend_i32_s i64.extend32_s i32.wrap_i64 drop
      f64.const 1e300 i32.trunc_sat_f64_u drop f32.const -1 i64.trunc_sat_f32_s drop
      global.get $a global.set $a
      i64.const -1 i64.popcnt i64.const 3 i64.rotl drop
      nop local.get 0 return)
    (start $g2) (func $g2))`,
  empty: '(module)',
  minimal: '(module (func))',
}

test('decode -> encode is byte-exact on wabt output', async () => {
  for (const [name, src] of Object.entries(SOURCES)) {
    const b = await wat(src)
    const m = decodeModule(b)
    assert.deepEqual(encodeModule(m), b, name)
    for (const c of m.codes) assert.deepEqual(encodeInstructions(decodeInstructions(c.code)), c.code, name)
  }
})

test('decoded structure', async () => {
  const m = decodeModule(await wat(SOURCES.everything as string))
  assert.equal(m.imports.length, 2)
  assert.equal(m.functions.length, 3)
  assert.deepEqual(m.memories, [{ min: 2, max: 10 }])
  assert.equal(m.globals.length, 4)
  assert.equal(m.elements.length, 2)
  assert.equal(m.datas[1]?.flags, 1)
  assert.equal(m.start, 4)
  assert.deepEqual(m.codes[0]?.locals, [{ count: 1, type: 0x7f }, { count: 2, type: 0x7e }, { count: 1, type: 0x7d }, { count: 1, type: 0x7c }])
  const ins = decodeInstructions(m.codes[1]?.code ?? new Uint8Array())
  const brTable = ins.find((i) => i.op === 0x0e)
  assert.deepEqual(brTable, { op: 0x0e, a: 0, targets: [0, 0] })
  assert.ok(ins.some((i) => i.op === 0x42 && i.big === 123456789012n))
})

test('padded LEBs decode to the same operators', () => {
  // call 3 with a 5-byte LEB, call_indirect with a padded table index, then end.
  const code = new Uint8Array([0x10, 0x83, 0x80, 0x80, 0x80, 0x00, 0x11, 0x00, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b])
  const rd = new OpReader(code)
  assert.equal(rd.next(), 0x10)
  assert.equal(rd.a, 3)
  assert.equal(rd.next(), 0x11)
  assert.equal(rd.wideTableIndex, true)
  assert.equal(rd.next(), 0x0b)
  assert.ok(rd.done)
  assert.deepEqual(decodeInstructions(code), [{ op: 0x10, a: 3 }, { op: 0x11, a: 0, b: 0 }, { op: 0x0b }])
})

function moduleWithBody(code: number[]): Uint8Array {
  const body = [0x00, ...code]
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0,
    10, body.length + 2, 1, body.length, ...body])
}

test('unsupported proposals are refused with a clear WasmError', () => {
  const cases: [number[], RegExp][] = [
    [[0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x1a, 0x0b], /SIMD/],
    [[0xfe, 0x03, 0x00, 0x0b], /threads/],
    [[0x12, 0x00, 0x0b], /tail calls/],
    [[0x06, 0x40, 0x0b, 0x0b], /exception/],
    [[0xd0, 0x70, 0x1a, 0x0b], /reference types/],
    [[0x02, 0x00, 0x0b, 0x0b], /multi-value/],
    [[0x3f, 0x01, 0x1a, 0x0b], /multi-memory/],
    [[0xfc, 0x12, 0x0b], /unsupported 0xfc/],
    [[0x41, 0x00], /without its final end/],
    [[0x0b, 0x01], /after the final end/],
    [[0x05, 0x0b], /else without/],
  ]
  for (const [code, re] of cases) {
    assert.throws(() => decodeModule(moduleWithBody(code)), (e: unknown) => e instanceof WasmError && re.test(e.message), re.source)
  }
  assert.throws(() => decodeModule(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 3, 1, 0x03, 1])), /shared memory|threads/)
  assert.throws(() => decodeModule(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 3, 1, 0x04, 1])), /memory64/)
  assert.throws(() => decodeModule(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 13, 1, 0])), /tag section/)
  assert.throws(() => decodeModule(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0])), /version/)
})

test('a 3 MB module decodes in tens of milliseconds', async () => {
  const fns = Array.from({ length: 400 }, (_, i) => `(func $f${i} (param i32) (result i32) ${
    'local.get 0 i32.const 1 i32.add local.set 0 '.repeat(1000)} local.get 0)`).join('\n')
  const b = await wat(`(module ${fns})`)
  assert.ok(b.length > 2_500_000, `size ${b.length}`)
  decodeModule(b)
  const t0 = performance.now()
  decodeModule(b)
  const ms = performance.now() - t0
  assert.ok(ms < 500, `decode took ${ms.toFixed(1)} ms`)
})
