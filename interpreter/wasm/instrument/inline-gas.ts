/**
 * Fast inside, same meaning: the gas metering pass charges each metered block with
 * `i64.const cost; call $gas`, where `$gas` subtracts its argument from the gas counter and traps
 * when the counter goes negative (gas-metering.ts `gasFunctionBody`). The JavaScript engine does
 * not inline wasm calls, so every metered block pays a call. This pass replaces each such pair by
 * the body of `$gas` with the constant in place of its parameter:
 *
 *   global.get $c; i64.const cost; i64.sub; global.set $c;
 *   global.get $c; i64.const 0; i64.lt_s; if unreachable end
 *
 * which computes the same counter and traps in the same place (a trap ends the invocation, and the
 * trap's wasm frame is not observable). A charge whose cost is computed at run time (nv18's
 * linearly priced instructions) keeps its call. `$gas` itself stays, so no index changes. Like NaN
 * canonicalisation and the module's own gas counter, this runs after ref-fvm's instrumentation and
 * is no part of what ref-fvm compiles; it applies only when `$gas` is exactly the function the
 * metering pass appends.
 *
 * @rule wasm.metered-block
 */
import { OpReader } from '../decoder.js'
import { ByteWriter } from '../encoder.js'
import { functionSpaceTypes, I64, type FunctionBody, type WasmModule } from '../module.js'
import { OP_CALL, OP_I64_CONST } from '../opcodes.js'
import { globalGet, globalSet, i64Const, trapIf } from './emit.js'
import { gasFunctionBody } from './gas-metering.js'
import { bytesEqual } from '../../util/bytes.js'

/** The gas counter `$gas` charges, if `body` is exactly the metering pass's gas function. */
function gasCounterOf(body: FunctionBody): number | undefined {
  if (body.locals.length !== 0) return undefined
  const rd = new OpReader(body.code)
  try {
    if (rd.next() !== 0x23) return undefined
    const g = rd.a
    return bytesEqual(gasFunctionBody(g), body.code) ? g : undefined
  } catch {
    return undefined
  }
}

/**
 * The module with every `i64.const c; call $gas` inlined, where `gasFunc` is the index of the gas
 * function the metering pass appended; the module unchanged when that function is not the gas
 * function (a module this pass does not understand is left as it is).
 */
export function inlineGasCharges(m: WasmModule, gasFunc: number): WasmModule {
  const types = functionSpaceTypes(m)
  const imported = types.length - m.functions.length
  const gasBody = m.codes[gasFunc - imported]
  const gasType = m.types[types[gasFunc] ?? -1]
  if (gasBody === undefined || gasType === undefined || gasType.params.length !== 1 || gasType.params[0] !== I64 || gasType.results.length !== 0) return m
  const counter = gasCounterOf(gasBody)
  if (counter === undefined) return m
  const codes = m.codes.map((body, i) => (i === gasFunc - imported ? body : inlineBody(body, gasFunc, counter)))
  return { ...m, codes }
}

function inlineBody(body: FunctionBody, gasFunc: number, counter: number): FunctionBody {
  const code = body.code
  const w = new ByteWriter(code.length + (code.length >> 1))
  const rd = new OpReader(code)
  /** The i64.const just read and not yet written: [start, end) in `code`. */
  let pending: [number, number] | null = null
  let changed = false
  while (!rd.done) {
    const op = rd.next()
    if (op === OP_CALL && rd.a === gasFunc && pending !== null) {
      globalGet(w, counter)
      w.copy(code, pending[0], pending[1])
      w.u8(0x7d) // i64.sub
      globalSet(w, counter)
      globalGet(w, counter)
      i64Const(w, 0)
      w.u8(0x53) // i64.lt_s
      trapIf(w)
      pending = null
      changed = true
      continue
    }
    if (pending !== null) w.copy(code, pending[0], pending[1])
    pending = null
    if (op === OP_I64_CONST) pending = [rd.start, rd.pos]
    else w.copy(code, rd.start, rd.pos)
  }
  if (pending !== null) w.copy(code, pending[0], pending[1])
  return changed ? { locals: body.locals, code: w.finish() } : body
}
