/**
 * The gas-metering pass of fvm-wasm-instrument (`src/gas_metering/mod.rs`, 0.2.0 for nv17 and
 * 0.4.0 for nv18), re-derived: each function body is split into metered blocks, and the whole
 * cost of a block is charged on entry by calling an appended gas function that subtracts from an
 * imported mutable i64 global ("gas" . counter name) and traps when it goes negative.
 */
import { WasmError } from '../error.js'
import { OpReader } from '../decoder.js'
import { ByteWriter } from '../encoder.js'
import type { FuncType, FunctionBody, Import, WasmModule } from '../module.js'
import { EXPORT_GLOBAL, I32, I64, functionSpaceTypes, importedGlobalCount, sameFuncType } from '../module.js'
import {
  OP_BLOCK, OP_BR, OP_BR_IF, OP_BR_TABLE, OP_ELSE, OP_END, OP_GLOBAL_GET, OP_GLOBAL_SET, OP_I32_CONST, OP_IF, OP_LOOP,
  OP_RETURN, opName,
} from '../opcodes.js'
import type { InstrumentationRules } from './rules.js'
import { costTable } from './rules.js'
import { call, globalGet, globalSet, i64Const, localGet, localTee, trapIf } from './emit.js'

/** A cost in milligas: a number while it is a safe integer, a bigint beyond. */
export type Milligas = number | bigint

function addCost(a: Milligas, b: Milligas): Milligas {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b
    if (Number.isSafeInteger(s)) return s
  }
  const s = BigInt(a) + BigInt(b)
  if (s >= 1n << 64n) throw new WasmError('gas metering: add cost overflow')
  return s
}

export interface MeteredBlock {
  /** Position (operator index in the body, counting from 0) where the charge is inserted. */
  readonly start: number
  readonly cost: Milligas
}

/** An nv18 linear instruction whose operand is not a preceding i32.const: charged at run time. */
export interface DynamicCharge {
  readonly pos: number
  readonly perUnit: number
}

interface Control {
  lowestForward: number
  activeStart: number
  activeCost: Milligas
  isLoop: boolean
}

/**
 * Splits one function body into metered blocks, exactly as fvm-wasm-instrument's
 * `determine_metered_blocks` does for the rules' version.
 * @rule wasm.metered-block
 * @rule wasm.br-table-default
 * @rule wasm.instruction-cost
 * @rule wasm.memory-grow-charge
 * @rule wasm.memory-bulk-charge
 */
export function meteredBlocks(code: Uint8Array, rules: InstrumentationRules): { blocks: MeteredBlock[]; dynamic: DynamicCharge[] } {
  const { fixed, perUnit } = costTable(rules)
  const stack: Control[] = []
  const finalized: MeteredBlock[] = []
  const dynamic: DynamicCharge[] = []
  const fail = (msg: string): never => { throw new WasmError(`gas metering: ${msg}`) }
  const top = (): Control => stack[stack.length - 1] ?? fail('stack not found')
  const begin = (start: number, isLoop: boolean): void => {
    stack.push({ lowestForward: stack.length, activeStart: start, activeCost: 0, isLoop })
  }
  const finalizeMetered = (cursor: number): void => {
    const t = top()
    const closingStart = t.activeStart
    const closingCost = t.activeCost
    t.activeStart = cursor + 1
    t.activeCost = 0
    const parent = stack[stack.length - 2]
    if (parent !== undefined && closingStart === parent.activeStart) {
      parent.activeCost = addCost(parent.activeCost, closingCost)
      return
    }
    if (closingCost !== 0 && closingCost !== 0n) finalized.push({ start: closingStart, cost: closingCost })
  }
  const finalizeControl = (cursor: number): void => {
    finalizeMetered(cursor)
    const closed = stack.pop() ?? fail('stack not found')
    if (stack.length === 0) return
    const t = top()
    t.lowestForward = Math.min(t.lowestForward, closed.lowestForward)
    if (closed.lowestForward < stack.length) finalizeMetered(cursor)
  }
  const branch = (cursor: number, targets: readonly number[]): void => {
    finalizeMetered(cursor)
    for (const index of targets) {
      const target = stack[index] ?? fail('unable to find stack index')
      if (target.isLoop) continue
      const t = top()
      t.lowestForward = Math.min(t.lowestForward, index)
    }
  }
  const label = (l: number): number => {
    const idx = stack.length - 1 - l
    return idx < 0 ? fail('branch label out of range') : idx
  }

  begin(0, false)
  const rd = new OpReader(code)
  let lastConst: number | null = null
  for (let cursor = 0; !rd.done; cursor++) {
    const op = rd.next()
    let cost: Milligas = fixed[op] as number
    const unit = perUnit[op] as number
    if (unit !== 0) {
      if (unit >= 0x80000000) fail('cost per unit exceeds the 0x80000000 limit')
      if (lastConst !== null) {
        if (lastConst < 0) fail('linearly priced instructions are illegal with negative arguments')
        cost = addCost(cost, lastConst * unit <= Number.MAX_SAFE_INTEGER ? lastConst * unit : BigInt(lastConst) * BigInt(unit))
      } else {
        dynamic.push({ pos: cursor, perUnit: unit })
      }
    }
    switch (op) {
      case OP_BLOCK: {
        const t = top()
        t.activeCost = addCost(t.activeCost, cost)
        begin(t.activeStart, false)
        break
      }
      case OP_IF: top().activeCost = addCost(top().activeCost, cost); begin(cursor + 1, false); break
      case OP_LOOP: top().activeCost = addCost(top().activeCost, cost); begin(cursor + 1, true); break
      case OP_END: finalizeControl(cursor); break
      case OP_ELSE: finalizeMetered(cursor); break
      case OP_BR: case OP_BR_IF:
        top().activeCost = addCost(top().activeCost, cost)
        branch(cursor, [label(rd.a)])
        break
      case OP_BR_TABLE: {
        top().activeCost = addCost(top().activeCost, cost)
        const labels = rules.brTableTargets === 'default-and-table' ? [rd.a, ...rd.targets] : rd.targets
        branch(cursor, labels.map(label))
        break
      }
      case OP_RETURN: top().activeCost = addCost(top().activeCost, cost); branch(cursor, [0]); break
      default: top().activeCost = addCost(top().activeCost, cost)
    }
    // nv18 remembers an i32.const for the very next instruction only; nv17 has no linear prices.
    lastConst = op === OP_I32_CONST ? rd.a : null
  }
  finalized.sort((a, b) => a.start - b.start)
  return { blocks: finalized, dynamic }
}

/** The appended gas function: `counter -= cost; if counter < 0 trap`. @rule wasm.metered-block */
export function gasFunctionBody(gasGlobal: number): Uint8Array {
  const w = new ByteWriter(32)
  globalGet(w, gasGlobal); localGet(w, 0); w.u8(0x7d); globalSet(w, gasGlobal)
  globalGet(w, gasGlobal); i64Const(w, 0); w.u8(0x53); trapIf(w)
  w.u8(0x0b)
  return w.finish()
}

function isI32ConstExpr(e: Uint8Array): boolean {
  const rd = new OpReader(e)
  try {
    if (rd.next() !== OP_I32_CONST) return false
    return rd.next() === OP_END && rd.done
  } catch {
    return false
  }
}

/**
 * Instruments a function body: a charge of each metered block's cost before its first
 * instruction, and (nv18) a run-time charge before each dynamically priced instruction.
 * @rule wasm.metered-block
 * @rule wasm.memory-grow-charge
 * @rule wasm.memory-bulk-charge
 */
function meterBody(body: FunctionBody, params: number, rules: InstrumentationRules, gasFunc: number,
  shiftFrom: number): FunctionBody {
  const { blocks, dynamic } = meteredBlocks(body.code, rules)
  const locals = dynamic.length > 0 ? [...body.locals, { count: 1, type: I32 }] : body.locals
  const temp = params + body.locals.reduce((n, g) => n + g.count, 0)
  const w = new ByteWriter(body.code.length + blocks.length * 8 + dynamic.length * 16 + 16)
  const rd = new OpReader(body.code)
  let bi = 0
  let di = 0
  for (let pos = 0; !rd.done; pos++) {
    const op = rd.next()
    const block = blocks[bi]
    if (block !== undefined && block.start === pos) {
      i64Const(w, block.cost)
      call(w, gasFunc)
      bi++
    }
    const dyn = dynamic[di]
    if (dyn !== undefined && dyn.pos === pos) {
      localTee(w, temp); localGet(w, temp); w.u8(0xad); i64Const(w, dyn.perUnit); w.u8(0x7e); call(w, gasFunc)
      di++
    }
    if ((op === OP_GLOBAL_GET || op === OP_GLOBAL_SET) && rd.a >= shiftFrom) {
      w.u8(op)
      w.u32(rd.a + 1)
    } else {
      w.copy(body.code, rd.start, rd.pos)
    }
  }
  if (bi < blocks.length) throw new WasmError('gas metering: metered blocks should be all consumed')
  return { locals, code: w.finish() }
}

/**
 * Applies gas metering to a (stack-limited) module: appends the "gas" counter global import,
 * shifts global indices past it, instruments every body and appends the gas function.
 * @rule wasm.metered-block
 * @rule wasm.gas-counter
 */
export function injectGasMetering(m: WasmModule, rules: InstrumentationRules): WasmModule {
  const gasImport: Import = {
    module: rules.gasModule,
    name: rules.gasCounterName,
    desc: { kind: 'global', global: { valType: I64, mutable: true } },
  }
  const imports = [...m.imports, gasImport]
  const gasGlobal = importedGlobalCount({ ...m, imports }) - 1
  if (rules.importedGlobalCheck === 'module-and-name-differ') {
    // fvm-wasm-instrument 0.2.0 refuses an imported global only when both its module and name differ.
    for (const i of imports) {
      if (i.desc.kind === 'global' && i.module !== rules.gasModule && i.name !== rules.gasCounterName) {
        throw new WasmError(`gas metering: imported global ${i.module}.${i.name} is not allowed`)
      }
    }
  } else {
    const counters = imports.filter((i) => i.desc.kind === 'global' && i.module === rules.gasModule && i.name === rules.gasCounterName)
    if (counters.length !== 1) throw new WasmError('gas metering: expected 1 gas global')
  }
  for (const seg of m.elements) {
    if (rules.offsetChecks.elementOffsets && seg.offset !== null && !isI32ConstExpr(seg.offset)) {
      throw new WasmError('gas metering: element segment offset must be i32.const')
    }
    if (rules.offsetChecks.elementItems && seg.exprs !== null && !seg.exprs.every(isI32ConstExpr)) {
      throw new WasmError('gas metering: element segment expressions are not supported')
    }
  }
  if (rules.offsetChecks.dataOffsets) {
    for (const d of m.datas) {
      if (d.offset !== null && !isI32ConstExpr(d.offset)) throw new WasmError('gas metering: data segment offset must be i32.const')
    }
  }

  const spaceTypes = functionSpaceTypes(m)
  const gasFunc = spaceTypes.length
  const shiftFrom = rules.shiftGlobals === 'all' ? 0 : gasGlobal
  const importedFuncs = spaceTypes.length - m.functions.length
  const codes = m.codes.map((body, i) => {
    const t = m.types[spaceTypes[importedFuncs + i] ?? -1]
    if (t === undefined) throw new WasmError(`gas metering: no type for function ${i}`)
    try {
      return meterBody(body, t.params.length, rules, gasFunc, shiftFrom)
    } catch (e) {
      if (e instanceof WasmError) throw new WasmError(`${e.message} (function ${importedFuncs + i}, ${describe(body)})`)
      throw e
    }
  })
  const gasType: FuncType = { params: [I64], results: [] }
  let types = m.types
  let gasTypeIndex = types.findIndex((t) => sameFuncType(t, gasType))
  if (gasTypeIndex < 0) {
    types = [...types, gasType]
    gasTypeIndex = types.length - 1
  }
  codes.push({ locals: [], code: gasFunctionBody(gasGlobal) })
  const exports = rules.shiftExportedGlobals
    ? m.exports.map((e) => (e.kind === EXPORT_GLOBAL && e.index >= gasGlobal ? { ...e, index: e.index + 1 } : e))
    : m.exports
  const hasData = m.datas.length > 0 || m.emptySections.includes(11)
  return {
    ...m,
    types,
    imports,
    functions: [...m.functions, gasTypeIndex],
    codes,
    exports,
    dataCount: rules.reinsertDataCount ? (hasData ? m.datas.length : null) : m.dataCount,
    emptySections: m.emptySections.filter((id) => id !== 1 && id !== 2 && id !== 3 && id !== 10),
  }
}

function describe(body: FunctionBody): string {
  const rd = new OpReader(body.code)
  return `first operator ${rd.done ? 'none' : opName(rd.next())}`
}
