/**
 * The operator set this decoder understands: WebAssembly MVP, sign-extension, non-trapping
 * float-to-int conversions, bulk memory and the table instructions (0x25/0x26, 0xfc 15..17).
 * Everything else is recognised by its opcode and refused (see `REFUSED_OPCODES`).
 *
 * An operator is identified by a small integer `op`: the opcode byte for single-byte opcodes,
 * and `0x100 + subopcode` for the 0xfc-prefixed ones.
 */

export const FC = 0x100

/** Immediate layouts. */
export enum Imm {
  None,
  BlockType,
  Label,
  BrTable,
  Func,
  CallIndirect,
  Local,
  Global,
  Table,
  MemArg,
  /** A reserved memory-index byte that must be 0x00 (memory.size, memory.grow, memory.fill). */
  Mem0,
  I32,
  I64,
  F32,
  F64,
  /** memory.init: data index, then a 0x00 memory byte. */
  MemInit,
  /** data.drop / elem.drop: one index. */
  Index,
  /** memory.copy: two 0x00 memory bytes. */
  MemCopy,
  /** table.init (elem, table) and table.copy (dst, src): two indices. */
  TwoIndices,
}

/** Feature classes an operator belongs to, used by the feature policy (validate.ts). */
export enum Feature {
  Mvp = 'mvp',
  Float = 'float',
  SignExt = 'sign-extension',
  SatTrunc = 'saturating-float-to-int',
  BulkMemory = 'bulk-memory',
  /** table.get/set/size/grow/fill: instructions of the reference-types proposal. */
  TableOps = 'reference-types-table-ops',
}

export interface OpInfo {
  readonly name: string
  readonly imm: Imm
  readonly feature: Feature
  /** Values popped and pushed, for operators with a fixed effect; -1 when handled specially. */
  readonly pop: number
  readonly push: number
}

export const OP_TABLE_SIZE = FC + 18
const table: (OpInfo | undefined)[] = new Array<OpInfo | undefined>(OP_TABLE_SIZE).fill(undefined)

function def(op: number, name: string, imm: Imm, feature: Feature, pop: number, push: number): void {
  table[op] = { name, imm, feature, pop, push }
}

// Control.
def(0x00, 'unreachable', Imm.None, Feature.Mvp, -1, -1)
def(0x01, 'nop', Imm.None, Feature.Mvp, 0, 0)
def(0x02, 'block', Imm.BlockType, Feature.Mvp, -1, -1)
def(0x03, 'loop', Imm.BlockType, Feature.Mvp, -1, -1)
def(0x04, 'if', Imm.BlockType, Feature.Mvp, -1, -1)
def(0x05, 'else', Imm.None, Feature.Mvp, -1, -1)
def(0x0b, 'end', Imm.None, Feature.Mvp, -1, -1)
def(0x0c, 'br', Imm.Label, Feature.Mvp, -1, -1)
def(0x0d, 'br_if', Imm.Label, Feature.Mvp, -1, -1)
def(0x0e, 'br_table', Imm.BrTable, Feature.Mvp, -1, -1)
def(0x0f, 'return', Imm.None, Feature.Mvp, -1, -1)
def(0x10, 'call', Imm.Func, Feature.Mvp, -1, -1)
def(0x11, 'call_indirect', Imm.CallIndirect, Feature.Mvp, -1, -1)
// Parametric.
def(0x1a, 'drop', Imm.None, Feature.Mvp, 1, 0)
def(0x1b, 'select', Imm.None, Feature.Mvp, -1, -1)
// Variables.
def(0x20, 'local.get', Imm.Local, Feature.Mvp, 0, 1)
def(0x21, 'local.set', Imm.Local, Feature.Mvp, 1, 0)
def(0x22, 'local.tee', Imm.Local, Feature.Mvp, 1, 1)
def(0x23, 'global.get', Imm.Global, Feature.Mvp, 0, 1)
def(0x24, 'global.set', Imm.Global, Feature.Mvp, 1, 0)
def(0x25, 'table.get', Imm.Table, Feature.TableOps, 1, 1)
def(0x26, 'table.set', Imm.Table, Feature.TableOps, 2, 0)
// Memory.
const loads = ['i32.load', 'i64.load', 'f32.load', 'f64.load', 'i32.load8_s', 'i32.load8_u', 'i32.load16_s',
  'i32.load16_u', 'i64.load8_s', 'i64.load8_u', 'i64.load16_s', 'i64.load16_u', 'i64.load32_s', 'i64.load32_u']
loads.forEach((n, i) => def(0x28 + i, n, Imm.MemArg, n.startsWith('f') ? Feature.Float : Feature.Mvp, 1, 1))
const stores = ['i32.store', 'i64.store', 'f32.store', 'f64.store', 'i32.store8', 'i32.store16', 'i64.store8',
  'i64.store16', 'i64.store32']
stores.forEach((n, i) => def(0x36 + i, n, Imm.MemArg, n.startsWith('f') ? Feature.Float : Feature.Mvp, 2, 0))
def(0x3f, 'memory.size', Imm.Mem0, Feature.Mvp, 0, 1)
def(0x40, 'memory.grow', Imm.Mem0, Feature.Mvp, 1, 1)
def(0x41, 'i32.const', Imm.I32, Feature.Mvp, 0, 1)
def(0x42, 'i64.const', Imm.I64, Feature.Mvp, 0, 1)
def(0x43, 'f32.const', Imm.F32, Feature.Float, 0, 1)
def(0x44, 'f64.const', Imm.F64, Feature.Float, 0, 1)
// Numeric: 0x45..0xc4.
const numeric: [number, string, number, number][] = []
const add = (start: number, names: string, pop: number, push: number): void => {
  names.split(' ').forEach((n, i) => numeric.push([start + i, n, pop, push]))
}
add(0x45, 'i32.eqz', 1, 1)
add(0x46, 'i32.eq i32.ne i32.lt_s i32.lt_u i32.gt_s i32.gt_u i32.le_s i32.le_u i32.ge_s i32.ge_u', 2, 1)
add(0x50, 'i64.eqz', 1, 1)
add(0x51, 'i64.eq i64.ne i64.lt_s i64.lt_u i64.gt_s i64.gt_u i64.le_s i64.le_u i64.ge_s i64.ge_u', 2, 1)
add(0x5b, 'f32.eq f32.ne f32.lt f32.gt f32.le f32.ge', 2, 1)
add(0x61, 'f64.eq f64.ne f64.lt f64.gt f64.le f64.ge', 2, 1)
add(0x67, 'i32.clz i32.ctz i32.popcnt', 1, 1)
add(0x6a, 'i32.add i32.sub i32.mul i32.div_s i32.div_u i32.rem_s i32.rem_u i32.and i32.or i32.xor i32.shl ' +
  'i32.shr_s i32.shr_u i32.rotl i32.rotr', 2, 1)
add(0x79, 'i64.clz i64.ctz i64.popcnt', 1, 1)
add(0x7c, 'i64.add i64.sub i64.mul i64.div_s i64.div_u i64.rem_s i64.rem_u i64.and i64.or i64.xor i64.shl ' +
  'i64.shr_s i64.shr_u i64.rotl i64.rotr', 2, 1)
add(0x8b, 'f32.abs f32.neg f32.ceil f32.floor f32.trunc f32.nearest f32.sqrt', 1, 1)
add(0x92, 'f32.add f32.sub f32.mul f32.div f32.min f32.max f32.copysign', 2, 1)
add(0x99, 'f64.abs f64.neg f64.ceil f64.floor f64.trunc f64.nearest f64.sqrt', 1, 1)
add(0xa0, 'f64.add f64.sub f64.mul f64.div f64.min f64.max f64.copysign', 2, 1)
add(0xa7, 'i32.wrap_i64 i32.trunc_f32_s i32.trunc_f32_u i32.trunc_f64_s i32.trunc_f64_u i64.extend_i32_s ' +
  'i64.extend_i32_u i64.trunc_f32_s i64.trunc_f32_u i64.trunc_f64_s i64.trunc_f64_u f32.convert_i32_s ' +
  'f32.convert_i32_u f32.convert_i64_s f32.convert_i64_u f32.demote_f64 f64.convert_i32_s f64.convert_i32_u ' +
  'f64.convert_i64_s f64.convert_i64_u f64.promote_f32 i32.reinterpret_f32 i64.reinterpret_f64 ' +
  'f32.reinterpret_i32 f64.reinterpret_i64', 1, 1)
for (const [op, name, pop, push] of numeric) {
  def(op, name, Imm.None, name.includes('f32') || name.includes('f64') ? Feature.Float : Feature.Mvp, pop, push)
}
'i32.extend8_s i32.extend16_s i64.extend8_s i64.extend16_s i64.extend32_s'.split(' ')
  .forEach((n, i) => def(0xc0 + i, n, Imm.None, Feature.SignExt, 1, 1))
// 0xfc prefix.
const satNames = ['i32.trunc_sat_f32_s', 'i32.trunc_sat_f32_u', 'i32.trunc_sat_f64_s', 'i32.trunc_sat_f64_u', 'i64.trunc_sat_f32_s',
  'i64.trunc_sat_f32_u', 'i64.trunc_sat_f64_s', 'i64.trunc_sat_f64_u']
satNames.forEach((n, i) => def(FC + i, n, Imm.None, Feature.SatTrunc, 1, 1))
def(FC + 8, 'memory.init', Imm.MemInit, Feature.BulkMemory, 3, 0)
def(FC + 9, 'data.drop', Imm.Index, Feature.BulkMemory, 0, 0)
def(FC + 10, 'memory.copy', Imm.MemCopy, Feature.BulkMemory, 3, 0)
def(FC + 11, 'memory.fill', Imm.Mem0, Feature.BulkMemory, 3, 0)
def(FC + 12, 'table.init', Imm.TwoIndices, Feature.BulkMemory, 3, 0)
def(FC + 13, 'elem.drop', Imm.Index, Feature.BulkMemory, 0, 0)
def(FC + 14, 'table.copy', Imm.TwoIndices, Feature.BulkMemory, 3, 0)
def(FC + 15, 'table.grow', Imm.Table, Feature.TableOps, 2, 1)
def(FC + 16, 'table.size', Imm.Table, Feature.TableOps, 0, 1)
def(FC + 17, 'table.fill', Imm.Table, Feature.TableOps, 3, 0)

export const OPS: readonly (OpInfo | undefined)[] = table

/** Opcodes of proposals this decoder refuses, with the proposal's name for the error message. */
export const REFUSED_OPCODES: ReadonlyMap<number, string> = new Map<number, string>([
  [0x06, 'exception handling (try)'], [0x07, 'exception handling (catch)'], [0x08, 'exception handling (throw)'],
  [0x09, 'exception handling (rethrow)'], [0x0a, 'exception handling (throw_ref)'],
  [0x18, 'exception handling (delegate)'], [0x19, 'exception handling (catch_all)'],
  [0x1f, 'exception handling (try_table)'],
  [0x12, 'tail calls (return_call)'], [0x13, 'tail calls (return_call_indirect)'],
  [0x14, 'typed function references (call_ref)'], [0x15, 'typed function references (return_call_ref)'],
  [0x1c, 'reference types (typed select)'],
  [0xd0, 'reference types (ref.null)'], [0xd1, 'reference types (ref.is_null)'], [0xd2, 'reference types (ref.func)'],
  [0xd3, 'typed function references (ref.as_non_null)'], [0xd4, 'typed function references (br_on_null)'],
  [0xd5, 'GC (ref.eq)'], [0xd6, 'typed function references (br_on_non_null)'],
  [0xfb, 'GC (0xfb prefix)'], [0xfd, 'SIMD (0xfd prefix)'], [0xfe, 'threads / atomics (0xfe prefix)'],
])

export function opName(op: number): string {
  return OPS[op]?.name ?? (op >= FC ? `0xfc ${op - FC}` : `0x${op.toString(16).padStart(2, '0')}`)
}

/** Operator ids by name (for tests and rule tables). */
export const OP_BY_NAME: ReadonlyMap<string, number> = new Map(
  table.flatMap((info, op) => (info === undefined ? [] : [[info.name, op] as [string, number]])),
)

export function op(name: string): number {
  const v = OP_BY_NAME.get(name)
  if (v === undefined) throw new Error(`unknown operator ${name}`)
  return v
}

// Frequently used operator ids.
export const OP_UNREACHABLE = 0x00
export const OP_BLOCK = 0x02
export const OP_LOOP = 0x03
export const OP_IF = 0x04
export const OP_ELSE = 0x05
export const OP_END = 0x0b
export const OP_BR = 0x0c
export const OP_BR_IF = 0x0d
export const OP_BR_TABLE = 0x0e
export const OP_RETURN = 0x0f
export const OP_CALL = 0x10
export const OP_CALL_INDIRECT = 0x11
export const OP_SELECT = 0x1b
export const OP_LOCAL_GET = 0x20
export const OP_LOCAL_TEE = 0x22
export const OP_GLOBAL_GET = 0x23
export const OP_GLOBAL_SET = 0x24
export const OP_I32_CONST = 0x41
export const OP_I64_CONST = 0x42
export const OP_MEMORY_GROW = 0x40
export const OP_MEMORY_INIT = FC + 8
export const OP_MEMORY_COPY = FC + 10
export const OP_MEMORY_FILL = FC + 11
