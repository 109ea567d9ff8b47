/**
 * The stack limiter of fvm-wasm-instrument (`src/stack_limiter/{mod,max_height,thunk}.rs`, 0.2.0
 * for nv17 and 0.4.0 for nv18), re-derived: every call to a defined function is wrapped in code
 * that adds the callee's static stack cost to a new global, traps when it exceeds the limit, and
 * subtracts it again after the call; exported, table-referenced and start functions are reached
 * through "thunks" that do the same.
 */
import { WasmError } from '../error.js'
import { OpReader } from '../decoder.js'
import { ByteWriter } from '../encoder.js'
import type { Export, FuncType, FunctionBody, WasmModule } from '../module.js'
import { EXPORT_FUNC, I32, functionSpaceTypes, importedFuncCount, sameFuncType } from '../module.js'
import {
  OPS, OP_BLOCK, OP_BR, OP_BR_IF, OP_BR_TABLE, OP_CALL, OP_CALL_INDIRECT, OP_ELSE, OP_END, OP_IF, OP_LOOP, OP_RETURN,
  OP_SELECT, OP_UNREACHABLE,
} from '../opcodes.js'
import type { InstrumentationRules } from './rules.js'
import { call, globalGet, globalSet, i32Const, localGet, trapIf } from './emit.js'

/** The operand-stack height every activation starts with (`ACTIVATION_FRAME_COST`). */
export const ACTIVATION_FRAME_COST = 2

interface Frame {
  polymorphic: boolean
  endArity: number
  branchArity: number
  startHeight: number
}

/**
 * Maximum operand-stack height of a defined function, by the abstract interpretation of
 * fvm-wasm-instrument's `max_height::compute`, including its quirks: the height starts at 2, it is
 * only sampled while the innermost frame is not polymorphic, and popping at a frame's start height
 * is a no-op in dead code.
 * @rule wasm.stack-limiter
 */
export function maxStackHeight(m: WasmModule, definedIndex: number, spaceTypes: readonly number[] = functionSpaceTypes(m)): number {
  const body = m.codes[definedIndex]
  const sig = m.types[m.functions[definedIndex] ?? -1]
  if (body === undefined || sig === undefined) throw new WasmError(`stack limiter: no function ${definedIndex}`)
  const funcArity = sig.results.length
  const frames: Frame[] = [{ polymorphic: false, endArity: funcArity, branchArity: funcArity, startHeight: 0 }]
  let height = ACTIVATION_FRAME_COST
  let max = 0
  const fail = (msg: string): never => { throw new WasmError(`stack limiter, function ${definedIndex}: ${msg}`) }
  const frame = (depth: number): Frame => frames[frames.length - 1 - depth] ?? fail('control stack out of bounds')
  const pop = (n: number): void => {
    if (n === 0) return
    const top = frame(0)
    if (height === top.startHeight) {
      if (top.polymorphic) return
      fail('trying to pop more values than pushed')
    }
    if (height < n) fail('stack underflow')
    height -= n
  }
  const push = (n: number): void => { height += n }
  const typeOf = (t: number): FuncType => m.types[t] ?? fail(`no type ${t}`)
  const rd = new OpReader(body.code)
  while (!rd.done) {
    const op = rd.next()
    if (height > max && !frame(0).polymorphic) max = height
    switch (op) {
      case OP_BLOCK: case OP_LOOP: case OP_IF: {
        const endArity = rd.a === 0x40 ? 0 : 1
        if (op === OP_IF) pop(1)
        frames.push({ polymorphic: false, endArity, branchArity: op === OP_LOOP ? 0 : endArity, startHeight: height })
        break
      }
      case OP_ELSE: break
      case OP_END: {
        const f = frames.pop() ?? fail('control stack empty')
        height = f.startHeight + f.endArity
        break
      }
      case OP_UNREACHABLE: frame(0).polymorphic = true; break
      case OP_BR: pop(frame(rd.a).branchArity); frame(0).polymorphic = true; break
      case OP_BR_IF: {
        const arity = frame(rd.a).branchArity
        pop(arity)
        pop(1)
        push(arity)
        break
      }
      case OP_BR_TABLE: {
        const arity = frame(rd.a).branchArity
        for (const t of rd.targets) if (frame(t).branchArity !== arity) fail('arity of all jump-targets must be equal')
        pop(arity)
        frame(0).polymorphic = true
        break
      }
      case OP_RETURN: pop(funcArity); frame(0).polymorphic = true; break
      case OP_CALL: {
        const t = typeOf(spaceTypes[rd.a] ?? fail(`no function ${rd.a}`))
        pop(t.params.length)
        push(t.results.length)
        break
      }
      case OP_CALL_INDIRECT: {
        const t = typeOf(rd.a)
        pop(1)
        pop(t.params.length)
        push(t.results.length)
        break
      }
      case OP_SELECT: pop(2); pop(1); push(1); break
      default: {
        const info = OPS[op]
        if (info === undefined || info.pop < 0) fail(`unsupported operator ${op}`)
        else {
          pop(info.pop)
          push(info.push)
        }
      }
    }
  }
  return max
}

/**
 * Stack cost of every function in the index space (imports cost 0): locals plus max height.
 * nv17 counts declared locals, nv18 counts local *groups* (wasmparser's `LocalsReader::get_count`).
 * @rule wasm.stack-limiter
 */
export function stackCosts(m: WasmModule, rules: InstrumentationRules): number[] {
  const spaceTypes = functionSpaceTypes(m)
  const imported = importedFuncCount(m)
  const out = new Array<number>(imported).fill(0)
  m.codes.forEach((body, i) => {
    const locals = rules.stackLocalsCost === 'local-groups'
      ? body.locals.length
      : body.locals.reduce((n, g) => n + g.count, 0)
    const cost = locals + maxStackHeight(m, i, spaceTypes)
    if (cost > 0xffffffff) throw new WasmError('stack limiter: stack cost overflow')
    out.push(cost)
  })
  return out
}

/**
 * The instrumented call: `height += cost; if height > limit trap; call f; height -= cost`.
 * @rule wasm.stack-limiter
 */
function instrumentedCall(w: ByteWriter, callee: number, cost: number, global: number, limit: number): void {
  globalGet(w, global); i32Const(w, cost); w.u8(0x6a); globalSet(w, global)
  globalGet(w, global); i32Const(w, limit); w.u8(0x4b); trapIf(w)
  call(w, callee)
  globalGet(w, global); i32Const(w, cost); w.u8(0x6b); globalSet(w, global)
}

/**
 * Applies the stack limiter; returns the rewritten module (function indices are unchanged, the
 * height global and the thunks are appended).
 * @rule wasm.stack-limiter
 * @rule wasm.stack-thunk
 */
export function injectStackLimiter(m: WasmModule, rules: InstrumentationRules): WasmModule {
  const limit = rules.stackLimit
  // The new global's index counts defined globals only, as both versions do.
  const heightGlobal = m.globals.length
  const globals = [...m.globals, { type: { valType: I32, mutable: true }, init: new Uint8Array([0x41, 0x00, 0x0b]) }]
  const costs = stackCosts(m, rules)
  const codes: FunctionBody[] = m.codes.map((body) => {
    const w = new ByteWriter(body.code.length + 64)
    const rd = new OpReader(body.code)
    let changed = false
    while (!rd.done) {
      const op = rd.next()
      const cost = op === OP_CALL ? (costs[rd.a] ?? 0) : 0
      if (cost > 0) {
        instrumentedCall(w, rd.a, cost, heightGlobal, limit)
        changed = true
      } else {
        w.copy(body.code, rd.start, rd.pos)
      }
    }
    return changed ? { locals: body.locals, code: w.finish() } : body
  })

  // Thunks: exported, table-referenced (index-form element segments) and start functions with cost > 0,
  // created in ascending index order (both versions iterate a BTreeMap).
  const candidates = new Set<number>()
  for (const e of m.exports) if (e.kind === EXPORT_FUNC) candidates.add(e.index)
  for (const seg of m.elements) for (const f of seg.funcs ?? []) candidates.add(f)
  if (m.start !== null) candidates.add(m.start)
  const spaceTypes = functionSpaceTypes(m)
  const thunkOf = new Map<number, number>()
  const functions = [...m.functions]
  let next = spaceTypes.length
  for (const f of [...candidates].sort((a, b) => a - b)) {
    const cost = costs[f]
    if (cost === undefined) throw new WasmError(`stack limiter: function index ${f} isn't found`)
    if (cost === 0) continue
    const sig = m.types[spaceTypes[f] ?? -1]
    if (sig === undefined) throw new WasmError(`stack limiter: no type for function ${f}`)
    const typeIndex = m.types.findIndex((t) => sameFuncType(t, sig))
    const w = new ByteWriter(64)
    for (let p = 0; p < sig.params.length; p++) localGet(w, p)
    instrumentedCall(w, f, cost, heightGlobal, limit)
    w.u8(0x0b)
    functions.push(typeIndex)
    codes.push({ locals: [], code: w.finish() })
    thunkOf.set(f, next++)
  }
  const redirect = (f: number): number => thunkOf.get(f) ?? f
  const exports: Export[] = m.exports.map((e) => (e.kind === EXPORT_FUNC ? { ...e, index: redirect(e.index) } : e))
  const elements = m.elements.map((seg) => (seg.funcs === null ? seg : { ...seg, funcs: seg.funcs.map(redirect) }))
  return {
    ...m,
    globals,
    functions,
    codes,
    exports,
    elements,
    start: m.start === null ? null : redirect(m.start),
    emptySections: m.emptySections.filter((id) => id !== 6 && id !== 3 && id !== 10),
  }
}
