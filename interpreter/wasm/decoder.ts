/**
 * A WebAssembly binary decoder written for the FVM: it reads every section of a module into a
 * `WasmModule` (module.ts) and reads function bodies operator by operator with `OpReader`.
 *
 * It understands the MVP, sign-extension, saturating float-to-int, bulk memory and the table
 * instructions; everything else (SIMD, threads, exceptions, tail calls, GC, typed function
 * references, multi-value block types, multi-memory, memory64, shared memories, tags, ...) is
 * recognised and refused with a `WasmError`, as is any malformed input. Full type checking is not
 * its job: the load pipeline (validate.ts) asks the JS engine's validator for that, as ref-fvm
 * asks wasmtime's.
 */
import { WasmError } from './error.js'
import { F32, F64, FUNCREF, EXTERNREF, I32, I64, V128 } from './module.js'
import type {
  CustomSection, DataSegment, ElementSegment, Export, FuncType, FunctionBody, Global, GlobalType, Import,
  ImportDesc, Limits, LocalGroup, TableType, ValType, WasmModule,
} from './module.js'
import { FC, Imm, OPS, OP_TABLE_SIZE, REFUSED_OPCODES, opName } from './opcodes.js'

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Cursor over bytes with the LEB128 readers of the binary format. */
export class ByteReader {
  pos: number
  constructor(readonly bytes: Uint8Array, pos = 0, readonly end = bytes.length, readonly base = 0) {
    this.pos = pos
  }

  fail(message: string, at = this.pos): never {
    throw new WasmError(message, this.base + at)
  }

  get eof(): boolean {
    return this.pos >= this.end
  }

  u8(): number {
    if (this.pos >= this.end) this.fail('unexpected end of input')
    return this.bytes[this.pos++] as number
  }

  u32(): number {
    const b = this.bytes
    if (this.pos < this.end) {
      const first = b[this.pos] as number
      if (first < 0x80) {
        this.pos++
        return first
      }
    }
    let result = 0
    let shift = 0
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.end) this.fail('unexpected end of input in LEB128')
      const byte = b[this.pos++] as number
      if (i === 4 && byte > 0x0f) this.fail('u32 LEB128 out of range')
      result += (byte & 0x7f) * 2 ** shift
      if ((byte & 0x80) === 0) return result
      shift += 7
    }
    return this.fail('u32 LEB128 too long')
  }

  s32(): number {
    const b = this.bytes
    let result = 0
    let shift = 0
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.end) this.fail('unexpected end of input in LEB128')
      const byte = b[this.pos++] as number
      if (i === 4) {
        if ((byte & 0x80) !== 0) this.fail('s32 LEB128 too long')
        const top = byte & 0x78
        if (top !== 0 && top !== 0x78) this.fail('s32 LEB128 out of range')
        return (result | (byte << 28)) | 0
      }
      result |= (byte & 0x7f) << shift
      shift += 7
      if ((byte & 0x80) === 0) return shift < 32 && (byte & 0x40) !== 0 ? result | (-1 << shift) : result
    }
    return this.fail('s32 LEB128 too long')
  }

  /** Skips a signed LEB128 of at most `maxBytes` bytes (validating its last byte for s64). */
  skipS64(): void {
    const b = this.bytes
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail('unexpected end of input in LEB128')
      const byte = b[this.pos++] as number
      if (i === 9 && byte !== 0x00 && byte !== 0x7f) this.fail('s64 LEB128 out of range')
      if ((byte & 0x80) === 0) return
    }
    this.fail('s64 LEB128 too long')
  }

  s64(): bigint {
    const start = this.pos
    this.skipS64()
    let result = 0n
    let shift = 0n
    let byte = 0
    for (let p = start; p < this.pos; p++) {
      byte = this.bytes[p] as number
      result |= BigInt(byte & 0x7f) << shift
      shift += 7n
    }
    if ((byte & 0x40) !== 0) result -= 1n << shift
    return BigInt.asIntN(64, result)
  }

  take(n: number): Uint8Array {
    if (n > this.end - this.pos) this.fail('unexpected end of input')
    const out = this.bytes.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }

  name(): string {
    const bytes = this.take(this.u32())
    try {
      return utf8.decode(bytes)
    } catch {
      return this.fail('invalid UTF-8 in name')
    }
  }

  /** A vector length, refused when it cannot possibly fit in the remaining bytes. */
  count(minItemBytes = 1): number {
    const n = this.u32()
    if (n * minItemBytes > this.end - this.pos) this.fail(`vector length ${n} exceeds the remaining input`)
    return n
  }
}

function valType(r: ByteReader): ValType {
  const t = r.u8()
  switch (t) {
    case I32: case I64: case F32: case F64: case FUNCREF: case EXTERNREF:
      return t
    case V128:
      return r.fail('SIMD (v128 value type) is not supported', r.pos - 1)
    default:
      return r.fail(`unsupported value type 0x${t.toString(16)}`, r.pos - 1)
  }
}

function limits(r: ByteReader, what: string): Limits {
  const flag = r.u8()
  if (flag === 0) return { min: r.u32(), max: null }
  if (flag === 1) {
    const min = r.u32()
    return { min, max: r.u32() }
  }
  if (flag === 2 || flag === 3) return r.fail(`threads (shared ${what}) are not supported`, r.pos - 1)
  if (flag >= 4 && flag <= 7) return r.fail(`memory64 / 64-bit ${what} limits are not supported`, r.pos - 1)
  return r.fail(`invalid ${what} limits flag 0x${flag.toString(16)}`, r.pos - 1)
}

function tableType(r: ByteReader): TableType {
  const elemType = r.u8()
  if (elemType !== FUNCREF && elemType !== EXTERNREF) r.fail(`unsupported table element type 0x${elemType.toString(16)}`)
  return { elemType, limits: limits(r, 'table') }
}

function globalType(r: ByteReader): GlobalType {
  const vt = valType(r)
  const mut = r.u8()
  if (mut > 1) r.fail('invalid global mutability')
  return { valType: vt, mutable: mut === 1 }
}

/** Reads a constant expression (one constant operator, then `end`) and returns its raw bytes. */
function constExpr(r: ByteReader): Uint8Array {
  const start = r.pos
  const op = r.u8()
  switch (op) {
    case 0x41: r.s32(); break
    case 0x42: r.skipS64(); break
    case 0x43: r.take(4); break
    case 0x44: r.take(8); break
    case 0x23: r.u32(); break
    case 0xd0: r.u8(); break
    case 0xd2: r.u32(); break
    default:
      r.fail(`unsupported operator ${opName(op)} in a constant expression (extended-const is not supported)`, start)
  }
  if (r.u8() !== 0x0b) r.fail('constant expression must be a single constant followed by end', r.pos - 1)
  return r.bytes.subarray(start, r.pos)
}

/** Non-custom section ids in the order the binary format requires (data count sits before code). */
const SECTION_ORDER: Readonly<Record<number, number>> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 8, 9: 9, 12: 10, 10: 11, 11: 12 }

/** Which operators a module uses, collected while its bodies are checked. */
export interface OperatorUsage {
  /** `ops[op] !== 0` when operator `op` (opcodes.ts numbering) occurs in some function body. */
  readonly ops: Uint8Array
  /** A `call_indirect` whose table index is not the single byte 0x00 (reference-types encoding). */
  readonly wideCallIndirectTableIndex: boolean
}

const usageCache = new WeakMap<WasmModule, OperatorUsage>()

/** Operator usage of a module returned by `decodeModule` (or computed now for any other). */
export function operatorUsage(m: WasmModule): OperatorUsage {
  let u = usageCache.get(m)
  if (u === undefined) {
    u = scanBodies(m.codes)
    usageCache.set(m, u)
  }
  return u
}

/**
 * Decodes a module. Every function body is scanned with `OpReader`, so an unsupported or malformed
 * operator is refused here.
 */
export function decodeModule(bytes: Uint8Array): WasmModule {
  const r = new ByteReader(bytes)
  if (bytes.length < 8) r.fail('not a wasm module: too short', 0)
  if (bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) r.fail('bad magic', 0)
  if (bytes[4] !== 1 || bytes[5] !== 0 || bytes[6] !== 0 || bytes[7] !== 0) {
    r.fail('unsupported binary version (components and other layers are not supported)', 4)
  }
  r.pos = 8
  let types: FuncType[] = []
  let imports: Import[] = []
  let functions: number[] = []
  let tables: TableType[] = []
  let memories: Limits[] = []
  let globals: Global[] = []
  let exports: Export[] = []
  let start: number | null = null
  let elements: ElementSegment[] = []
  let dataCount: number | null = null
  let codes: FunctionBody[] = []
  let datas: DataSegment[] = []
  const customs: CustomSection[] = []
  const emptySections: number[] = []
  let lastId = 0
  let lastOrder = 0
  let sawCode = false

  while (!r.eof) {
    const idAt = r.pos
    const id = r.u8()
    const size = r.u32()
    if (size > r.end - r.pos) r.fail(`section ${id} size ${size} exceeds the input`, idAt)
    const s = new ByteReader(bytes, r.pos, r.pos + size)
    r.pos += size
    if (id === 0) {
      const name = s.name()
      customs.push({ name, bytes: bytes.subarray(s.pos, s.end), after: lastId })
      continue
    }
    const order = SECTION_ORDER[id]
    if (order === undefined) {
      throw new WasmError(id === 13 ? 'exception handling (tag section) is not supported' : `unknown section id ${id}`, idAt)
    }
    if (order <= lastOrder) s.fail(`section ${id} out of order or duplicated`, idAt)
    lastOrder = order
    lastId = id
    if (id === 8) {
      start = s.u32()
    } else if (id === 12) {
      dataCount = s.u32()
    } else {
      const n = s.count()
      if (n === 0) emptySections.push(id)
      switch (id) {
        case 1: types = readTypes(s, n); break
        case 2: imports = readImports(s, n); break
        case 3: functions = readIndices(s, n); break
        case 4: tables = Array.from({ length: n }, () => tableType(s)); break
        case 5: memories = Array.from({ length: n }, () => limits(s, 'memory')); break
        case 6: globals = Array.from({ length: n }, () => ({ type: globalType(s), init: constExpr(s) })); break
        case 7: exports = readExports(s, n); break
        case 9: elements = Array.from({ length: n }, () => readElement(s)); break
        case 10: codes = readCodes(s, n); sawCode = true; break
        case 11: datas = Array.from({ length: n }, () => readData(s)); break
      }
    }
    if (s.pos !== s.end) s.fail(`section ${id} has ${s.end - s.pos} trailing bytes`, s.pos)
  }
  if (functions.length !== codes.length) {
    r.fail(`function section declares ${functions.length} functions but the code section has ${codes.length}` +
      (sawCode ? '' : ' (no code section)'))
  }
  if (dataCount !== null && dataCount !== datas.length) r.fail('data count section disagrees with the data section')
  const m: WasmModule = {
    types, imports, functions, tables, memories, globals, exports, start, elements, dataCount, codes, datas,
    customs, emptySections,
  }
  usageCache.set(m, scanBodies(codes))
  return m
}

function readTypes(s: ByteReader, n: number): FuncType[] {
  const out: FuncType[] = []
  for (let i = 0; i < n; i++) {
    const form = s.u8()
    if (form !== 0x60) {
      s.fail(form === 0x4e || form === 0x50 || form === 0x4f || form === 0x5e || form === 0x5f
        ? 'GC types (struct/array/rec/sub) are not supported'
        : `invalid function type form 0x${form.toString(16)}`, s.pos - 1)
    }
    const np = s.count()
    const params = Array.from({ length: np }, () => valType(s))
    const nr = s.count()
    const results = Array.from({ length: nr }, () => valType(s))
    out.push({ params, results })
  }
  return out
}

function readImports(s: ByteReader, n: number): Import[] {
  const out: Import[] = []
  for (let i = 0; i < n; i++) {
    const module = s.name()
    const name = s.name()
    const kind = s.u8()
    let desc: ImportDesc
    switch (kind) {
      case 0: desc = { kind: 'func', type: s.u32() }; break
      case 1: desc = { kind: 'table', table: tableType(s) }; break
      case 2: desc = { kind: 'memory', limits: limits(s, 'memory') }; break
      case 3: desc = { kind: 'global', global: globalType(s) }; break
      case 4: return s.fail('exception handling (tag import) is not supported', s.pos - 1)
      default: return s.fail(`invalid import kind ${kind}`, s.pos - 1)
    }
    out.push({ module, name, desc })
  }
  return out
}

function readIndices(s: ByteReader, n: number): number[] {
  const out = new Array<number>(n)
  for (let i = 0; i < n; i++) out[i] = s.u32()
  return out
}

function readExports(s: ByteReader, n: number): Export[] {
  const out: Export[] = []
  for (let i = 0; i < n; i++) {
    const name = s.name()
    const kind = s.u8()
    if (kind === 4) s.fail('exception handling (tag export) is not supported', s.pos - 1)
    if (kind > 3) s.fail(`invalid export kind ${kind}`, s.pos - 1)
    out.push({ name, kind, index: s.u32() })
  }
  return out
}

function readElement(s: ByteReader): ElementSegment {
  const flags = s.u32()
  if (flags > 7) s.fail(`invalid element segment flags ${flags}`)
  const passiveOrDeclared = (flags & 1) !== 0
  const explicitTable = (flags & 2) !== 0 && !passiveOrDeclared
  const usesExprs = (flags & 4) !== 0
  const table = explicitTable ? s.u32() : 0
  const offset = passiveOrDeclared ? null : constExpr(s)
  let elemType: number = FUNCREF
  if (passiveOrDeclared || explicitTable) {
    elemType = s.u8()
    if (!usesExprs && elemType !== 0x00) s.fail(`invalid element kind 0x${elemType.toString(16)}`, s.pos - 1)
    if (usesExprs && elemType !== FUNCREF && elemType !== EXTERNREF) s.fail('invalid element reference type', s.pos - 1)
  }
  const n = s.count()
  if (usesExprs) return { flags, table, offset, elemType, funcs: null, exprs: Array.from({ length: n }, () => constExpr(s)) }
  return { flags, table, offset, elemType, funcs: readIndices(s, n), exprs: null }
}

function readData(s: ByteReader): DataSegment {
  const flags = s.u32()
  if (flags > 2) s.fail(`invalid data segment flags ${flags}`)
  const memory = flags === 2 ? s.u32() : 0
  const offset = flags === 1 ? null : constExpr(s)
  const bytes = s.take(s.u32())
  return { flags, memory, offset, bytes }
}

function readCodes(s: ByteReader, n: number): FunctionBody[] {
  const out: FunctionBody[] = new Array<FunctionBody>(n)
  for (let i = 0; i < n; i++) {
    const size = s.u32()
    if (size > s.end - s.pos) s.fail(`function body ${i} size exceeds the code section`)
    const b = new ByteReader(s.bytes, s.pos, s.pos + size)
    s.pos += size
    const groups = b.count(2)
    const locals: LocalGroup[] = new Array<LocalGroup>(groups)
    let total = 0
    for (let g = 0; g < groups; g++) {
      const count = b.u32()
      total += count
      if (total > 0xffffffff) b.fail(`function body ${i} declares more than 2^32-1 locals`)
      locals[g] = { count, type: valType(b) }
    }
    if (b.pos >= b.end) b.fail(`function body ${i} has no instructions`)
    out[i] = { locals, code: s.bytes.subarray(b.pos, b.end) }
  }
  return out
}

function scanBodies(codes: readonly FunctionBody[]): OperatorUsage {
  const ops = new Uint8Array(OP_TABLE_SIZE)
  let wide = false
  const rd = new OpReader(new Uint8Array(0))
  for (let i = 0; i < codes.length; i++) {
    const code = (codes[i] as FunctionBody).code
    rd.reset(code, code.byteOffset)
    while (!rd.done) {
      ops[rd.next()] = 1
      if (rd.wideTableIndex) wide = true
    }
  }
  return { ops, wideCallIndirectTableIndex: wide }
}

const IMM: Uint8Array = (() => {
  const t = new Uint8Array(OP_TABLE_SIZE).fill(255)
  OPS.forEach((info, op) => { if (info !== undefined) t[op] = info.imm })
  return t
})()

/**
 * Reads the operators of one function body (or any expression) in order, without allocating per
 * operator: after `next()`, the fields describe the operator just read. Checks that blocks nest,
 * that `else` belongs to an `if`, and that the body ends with the `end` closing the function.
 */
export class OpReader {
  code: Uint8Array
  pos = 0
  /** Start offset (in `code`) of the operator just read. */
  start = 0
  /** Its operator id (opcodes.ts). */
  op = 0
  /** First immediate: label, index, block type byte, memarg alignment, i32 value, f32 bits, default label. */
  a = 0
  /** Second immediate: memarg offset, call_indirect table, second index. */
  b = 0
  /** br_table labels (without the default, which is in `a`); reused between operators. */
  targets: number[] = []
  /** Offset of a variable-length immediate (i64.const value, f64 bits), read on demand. */
  immStart = 0
  /** The call_indirect just read had a table index that is not the single byte 0x00. */
  wideTableIndex = false
  private base: number
  private kinds: number[] = [0]
  private r: ByteReader

  constructor(code: Uint8Array, base = 0) {
    this.code = code
    this.base = base
    this.r = new ByteReader(code, 0, code.length, base)
  }

  reset(code: Uint8Array, base = 0): void {
    this.code = code
    this.base = base
    this.pos = 0
    this.kinds = [0]
    this.r = new ByteReader(code, 0, code.length, base)
  }

  get done(): boolean {
    return this.kinds.length === 0
  }

  /** Nesting depth of control blocks before the operator just read (0 = function level). */
  get depth(): number {
    return this.kinds.length - 1
  }

  /** Value of the i64.const just read. */
  i64(): bigint {
    return new ByteReader(this.code, this.immStart).s64()
  }

  /** Raw bits of the f64.const just read. */
  f64Bits(): bigint {
    return new DataView(this.code.buffer, this.code.byteOffset + this.immStart, 8).getBigUint64(0, true)
  }

  next(): number {
    const r = this.r
    r.pos = this.pos
    if (this.kinds.length === 0) r.fail('operator after the end of the function body')
    this.start = r.pos
    this.wideTableIndex = false
    let op = r.u8()
    if (op === 0xfc) {
      const sub = r.u32()
      if (sub > 17) r.fail(`unsupported 0xfc operator ${sub}`, this.start)
      op = FC + sub
    }
    const imm = IMM[op] as number
    if (imm === 255) {
      const refused = REFUSED_OPCODES.get(op)
      r.fail(refused === undefined ? `unknown opcode ${opName(op)}` : `${refused} is not supported`, this.start)
    }
    switch (imm as Imm) {
      case Imm.None:
        if (op === 0x0b) {
          this.kinds.pop()
          if (this.kinds.length === 0 && r.pos !== this.code.length) r.fail('bytes after the final end', r.pos)
        } else if (op === 0x05) {
          if (this.kinds[this.kinds.length - 1] !== 2) r.fail('else without a matching if', this.start)
          this.kinds[this.kinds.length - 1] = 3
        }
        break
      case Imm.BlockType: {
        const bt = r.u8()
        if (bt !== 0x40 && bt !== I32 && bt !== I64 && bt !== F32 && bt !== F64 && bt !== FUNCREF && bt !== EXTERNREF) {
          if (bt === V128) r.fail('SIMD (v128 block type) is not supported', r.pos - 1)
          if (bt < 0x40 || bt >= 0x80) r.fail('multi-value (type-indexed block type) is not supported', r.pos - 1)
          r.fail(`invalid block type 0x${bt.toString(16)}`, r.pos - 1)
        }
        this.a = bt
        this.kinds.push(op === 0x04 ? 2 : 1)
        break
      }
      case Imm.Label: case Imm.Func: case Imm.Local: case Imm.Global: case Imm.Table: case Imm.Index:
        this.a = r.u32()
        break
      case Imm.BrTable: {
        const n = r.count()
        const t = this.targets
        t.length = n
        for (let i = 0; i < n; i++) t[i] = r.u32()
        this.a = r.u32()
        break
      }
      case Imm.CallIndirect: {
        this.a = r.u32()
        const at = r.pos
        this.b = r.u32()
        this.wideTableIndex = r.pos - at !== 1
        break
      }
      case Imm.MemArg:
        this.a = r.u32()
        if (this.a >= 64) r.fail('multi-memory (memory index in memarg) is not supported', this.start)
        this.b = r.u32()
        break
      case Imm.Mem0:
        if (r.u8() !== 0) r.fail('multi-memory (non-zero memory index byte) is not supported', r.pos - 1)
        break
      case Imm.I32:
        this.a = r.s32()
        break
      case Imm.I64:
        this.immStart = r.pos
        r.skipS64()
        break
      case Imm.F32:
        this.a = (r.take(4), new DataView(this.code.buffer, this.code.byteOffset + r.pos - 4, 4).getUint32(0, true))
        break
      case Imm.F64:
        this.immStart = r.pos
        r.take(8)
        break
      case Imm.MemInit:
        this.a = r.u32()
        if (r.u8() !== 0) r.fail('multi-memory (non-zero memory index byte) is not supported', r.pos - 1)
        break
      case Imm.MemCopy:
        if (r.u8() !== 0 || r.u8() !== 0) r.fail('multi-memory (non-zero memory index byte) is not supported', r.pos - 1)
        break
      case Imm.TwoIndices:
        this.a = r.u32()
        this.b = r.u32()
        break
    }
    if (this.kinds.length !== 0 && r.pos >= this.code.length) r.fail('function body ends without its final end', r.pos)
    this.pos = r.pos
    this.op = op
    return op
  }
}

/** One operator with its immediates, the materialised form `decodeInstructions` returns. */
export interface Instr {
  readonly op: number
  /** See `OpReader.a`. */
  readonly a?: number
  /** See `OpReader.b`. */
  readonly b?: number
  /** i64.const value (signed) or f64.const bits (unsigned). */
  readonly big?: bigint
  /** br_table labels; the default is `a`. */
  readonly targets?: readonly number[]
}

/** Decodes a whole instruction sequence (a function body's `code`) into `Instr` objects. */
export function decodeInstructions(code: Uint8Array): Instr[] {
  const rd = new OpReader(code)
  const out: Instr[] = []
  while (!rd.done) {
    const op = rd.next()
    switch (IMM[op] as Imm) {
      case Imm.None: case Imm.Mem0: case Imm.MemCopy: out.push({ op }); break
      case Imm.BrTable: out.push({ op, a: rd.a, targets: rd.targets.slice() }); break
      case Imm.CallIndirect: case Imm.MemArg: case Imm.TwoIndices: out.push({ op, a: rd.a, b: rd.b }); break
      case Imm.I64: out.push({ op, big: rd.i64() }); break
      case Imm.F64: out.push({ op, big: rd.f64Bits() }); break
      default: out.push({ op, a: rd.a })
    }
  }
  return out
}

/** The immediate layout of an operator. */
export function immediateKind(op: number): Imm {
  return IMM[op] as Imm
}
