/**
 * NaN canonicalisation, as wasmtime's Cranelift does it when ref-fvm sets
 * `cranelift_nan_canonicalization(true)`: the result of every floating-point arithmetic
 * operator that can produce a NaN is replaced, when it is a NaN, by the positive canonical quiet
 * NaN (f32 0x7fc00000, f64 0x7ff8000000000000). The JavaScript engine does not do this, so the
 * bits of a NaN would otherwise follow the hardware and the compiler tier.
 *
 * The pass runs after gas metering: the code it inserts does not exist in ref-fvm's module (it is
 * Cranelift's, below the wasm level), so it must not be charged or counted by the stack limiter.
 * Each covered operator is followed by a call to a small appended function
 * (`$canon (param fN) (result fN) local.get 0 fN.const NaN local.get 0 local.get 0 fN.eq select`);
 * a call needs no extra local in the caller, so it cannot push a function past the engine's
 * 50 000-local limit, and it adds no branch, so metered blocks are unchanged.
 */
import { OpReader } from '../decoder.js'
import { ByteWriter } from '../encoder.js'
import type { FuncType, FunctionBody, WasmModule } from '../module.js'
import { F32, F64, functionSpaceTypes, sameFuncType } from '../module.js'
import { op } from '../opcodes.js'
import { call, localGet } from './emit.js'

/** The canonical NaNs (`Ieee32::NAN`, `Ieee64::NAN` in `cranelift/codegen/src/ir/immediates.rs`). */
export const CANONICAL_NAN_F32 = 0x7fc00000
export const CANONICAL_NAN_F64 = 0x7ff8000000000000n

/**
 * The wasm operators whose results Cranelift's pass rewrites (`is_fp_arith` in
 * `cranelift/codegen/src/nan_canonicalization.rs` at cranelift 0.123.7, the version wasmtime 36.0.7
 * uses in all three ref-fvm tags): `ceil, floor, nearest, sqrt, trunc, fdemote, fpromote` and
 * `fadd, fdiv, fmax, fmin, fmul, fsub` (wasm `min`/`max` translate to `fmin`/`fmax`). `abs`,
 * `neg` and `copysign` only touch the sign bit and are left alone, as are constants, loads,
 * reinterpretations and int-to-float conversions (which never produce a NaN).
 */
export const CANONICALISED_OPERATORS: readonly string[] = [
  'f32.ceil', 'f32.floor', 'f32.trunc', 'f32.nearest', 'f32.sqrt', 'f32.add', 'f32.sub', 'f32.mul', 'f32.div', 'f32.min', 'f32.max',
  'f64.ceil', 'f64.floor', 'f64.trunc', 'f64.nearest', 'f64.sqrt', 'f64.add', 'f64.sub', 'f64.mul', 'f64.div', 'f64.min', 'f64.max',
  'f32.demote_f64', 'f64.promote_f32',
]

/** Result type of each canonicalised operator, by operator id. */
const RESULT_TYPE: ReadonlyMap<number, number> = new Map(CANONICALISED_OPERATORS.map((name) => [
  op(name), name.startsWith('f32.') ? F32 : F64,
]))

/** `local.get 0; fN.const NaN; local.get 0; local.get 0; fN.eq; select; end`: x unless x is NaN. */
function canonBody(type: number): Uint8Array {
  const w = new ByteWriter(32)
  localGet(w, 0)
  if (type === F32) {
    w.u8(0x43)
    for (let i = 0; i < 4; i++) w.u8((CANONICAL_NAN_F32 >>> (8 * i)) & 0xff)
  } else {
    w.u8(0x44)
    for (let i = 0n; i < 64n; i += 8n) w.u8(Number((CANONICAL_NAN_F64 >> i) & 0xffn))
  }
  localGet(w, 0)
  localGet(w, 0)
  w.u8(type === F32 ? 0x5b : 0x61) // f32.eq / f64.eq
  w.u8(0x1b) // select
  w.u8(0x0b)
  return w.finish()
}

/**
 * Follows every NaN-producing float operator with a call to the canonicalising function of its
 * type; appends those functions (only the ones used). Function indices of the module do not
 * change. Returns the module unchanged when it has no such operator.
 *
 * @rule wasm.nan-canonicalisation
 */
export function canonicaliseNans(m: WasmModule): WasmModule {
  const firstNew = functionSpaceTypes(m).length
  const helper = new Map<number, number>()
  const helperIndex = (type: number): number => {
    let f = helper.get(type)
    if (f === undefined) {
      f = firstNew + helper.size
      helper.set(type, f)
    }
    return f
  }
  let changed = false
  const rd = new OpReader(new Uint8Array(0))
  const codes: FunctionBody[] = m.codes.map((body) => {
    rd.reset(body.code)
    let w: ByteWriter | undefined
    let copied = 0
    while (!rd.done) {
      const o = rd.next()
      const type = RESULT_TYPE.get(o)
      if (type === undefined) continue
      w ??= new ByteWriter(body.code.length + 64)
      w.copy(body.code, copied, rd.pos)
      copied = rd.pos
      call(w, helperIndex(type))
    }
    if (w === undefined) return body
    changed = true
    w.copy(body.code, copied, body.code.length)
    return { locals: body.locals, code: w.finish() }
  })
  if (!changed) return m
  let types = m.types
  const functions = [...m.functions]
  for (const type of helper.keys()) {
    const sig: FuncType = { params: [type], results: [type] }
    let t = types.findIndex((x) => sameFuncType(x, sig))
    if (t < 0) {
      types = [...types, sig]
      t = types.length - 1
    }
    functions.push(t)
    codes.push({ locals: [], code: canonBody(type) })
  }
  return { ...m, types, functions, codes, emptySections: m.emptySections.filter((id) => id !== 1 && id !== 3 && id !== 10) }
}
