/**
 * NaN canonicalisation (spec/wasm.md `wasm.nan-canonicalisation`): every NaN an arithmetic float
 * operator produces comes out as the positive canonical NaN, whatever the signs and payloads of
 * its inputs; sign-bit operators keep their bits; the inserted code costs no gas.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decodeModule } from '../decoder.js'
import { encodeModule } from '../encoder.js'
import { runInstrumentedBytes, wat } from '../harness.js'
import { CANONICALISED_OPERATORS, canonicaliseNans, instrumentModule, refInstrumentModule } from './index.js'

const VERSIONS = [17, 18, 21] as const

/** An actor whose `f32` export returns the bits of an f32 expression, `f64` those of an f64 one. */
async function floats(f32: string, f64: string): Promise<Uint8Array> {
  return wat(`(module (memory (export "memory") 1)
    (func (export "invoke") (param i32) (result i32) i32.const 0)
    (func (export "f32") (result i32) ${f32} i32.reinterpret_f32)
    (func (export "f64") (result i64) ${f64} i64.reinterpret_f64))`)
}

function run(bytes: Uint8Array, version: 17 | 18 | 21, fn: 'f32' | 'f64', canonicalise = true): { bits: bigint; gas: bigint } {
  const m = decodeModule(bytes)
  const out = encodeModule(canonicalise ? instrumentModule(m, version) : refInstrumentModule(m, version))
  const r = runInstrumentedBytes(out, version, { fn, args: [] })
  assert.equal(r.trap, null)
  const bits = fn === 'f32' ? BigInt((r.result as number) >>> 0) : BigInt.asUintN(64, r.result as bigint)
  return { bits, gas: r.usedMilligas }
}

const CANON32 = 0x7fc00000n
const CANON64 = 0x7ff8000000000000n

test('0/0 and NaN inputs of any sign and payload give the canonical NaN, in every version', async () => {
  const cases: [string, string][] = [
    ['(f32.div (f32.const 0) (f32.const 0))', '(f64.div (f64.const 0) (f64.const 0))'],
    ['(f32.div (f32.const -0) (f32.const 0))', '(f64.div (f64.const -0) (f64.const 0))'],
    ['(f32.add (f32.const nan:0x200001) (f32.const 1))', '(f64.add (f64.const nan:0x4000000000001) (f64.const 1))'],
    ['(f32.mul (f32.const -nan:0x1) (f32.const 2))', '(f64.mul (f64.const -nan:0x1) (f64.const 2))'],
    ['(f32.sub (f32.const 1) (f32.const -nan:0x7fffff))', '(f64.sub (f64.const 1) (f64.const -nan:0xfffffffffffff))'],
    ['(f32.sqrt (f32.const -1))', '(f64.sqrt (f64.const -1))'],
    ['(f32.min (f32.const -nan:0x3) (f32.const 0))', '(f64.max (f64.const 0) (f64.const -nan:0x3))'],
    ['(f32.ceil (f32.const -nan:0x5))', '(f64.floor (f64.const -nan:0x5))'],
    ['(f32.trunc (f32.const nan:0x400005))', '(f64.nearest (f64.const -nan:0x8000000000005))'],
    ['(f32.demote_f64 (f64.const -nan:0xfffffffffffff))', '(f64.promote_f32 (f32.const -nan:0x1234))'],
  ]
  for (const [f32, f64] of cases) {
    const b = await floats(f32, f64)
    for (const v of VERSIONS) {
      assert.equal(run(b, v, 'f32').bits, CANON32, `nv${v} ${f32}`)
      assert.equal(run(b, v, 'f64').bits, CANON64, `nv${v} ${f64}`)
    }
  }
})

test('without the pass the JavaScript engine keeps non-canonical NaN bits (what the rule fixes)', async () => {
  const b = await floats('(f32.add (f32.const -nan:0x200001) (f32.const 1))', '(f64.div (f64.const 0) (f64.const 0))')
  const f32 = run(b, 18, 'f32', false).bits
  const f64 = run(b, 18, 'f64', false).bits
  assert.ok(f32 !== CANON32 || f64 !== CANON64, `f32 ${f32.toString(16)}, f64 ${f64.toString(16)}`)
})

test('abs, neg, copysign, constants and reinterpretations keep their NaN bits; non-NaN results are untouched', async () => {
  const b = await floats('(f32.neg (f32.div (f32.const 0) (f32.const 0)))', '(f64.copysign (f64.const nan:0x5) (f64.const -1))')
  for (const v of VERSIONS) {
    assert.equal(run(b, v, 'f32').bits, 0xffc00000n, `nv${v}: neg of the canonical NaN`)
    assert.equal(run(b, v, 'f64').bits, 0xfff0000000000005n, `nv${v}: copysign keeps the payload`)
  }
  const c = await floats('(f32.abs (f32.const -nan:0x7))', '(f64.add (f64.const 1.5) (f64.const 2.25))')
  assert.equal(run(c, 21, 'f32').bits, 0x7f800007n)
  assert.equal(run(c, 21, 'f64').bits, 0x400e000000000000n) // 3.75
})

test('the inserted code costs no gas and leaves metered blocks as they are', async () => {
  const b = await floats('(f32.div (f32.add (f32.const 0) (f32.const 0)) (f32.const 0))', '(f64.sqrt (f64.mul (f64.const -1) (f64.const 3)))')
  for (const v of VERSIONS) {
    for (const fn of ['f32', 'f64'] as const) {
      const with_ = run(b, v, fn)
      const without = run(b, v, fn, false)
      assert.equal(with_.gas, without.gas, `nv${v} ${fn}`)
      assert.ok(with_.gas > 0n)
    }
  }
})

test('modules without NaN-producing operators are unchanged; each used helper is appended once', async () => {
  const ints = decodeModule(await wat('(module (func (export "f") (result i32) i32.const 1))'))
  assert.equal(canonicaliseNans(ints), ints)
  const m = decodeModule(await floats('(f32.add (f32.add (f32.const 1) (f32.const 2)) (f32.const 3))', '(f64.const 1)'))
  const out = canonicaliseNans(m)
  assert.equal(out.functions.length, m.functions.length + 1, 'one f32 helper, no f64 helper')
  assert.equal(CANONICALISED_OPERATORS.length, 24)
})
