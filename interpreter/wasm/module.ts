/**
 * The decoded shape of a WebAssembly module, as `decoder.ts` produces it and `encoder.ts`
 * consumes it. Function bodies and constant expressions stay as raw bytes (sub-arrays of the
 * input): operators are read on demand with `OpReader` (decoder.ts), which keeps decoding fast
 * and lets rewriters copy unchanged instructions verbatim.
 */

export const I32 = 0x7f
export const I64 = 0x7e
export const F32 = 0x7d
export const F64 = 0x7c
export const V128 = 0x7b
export const FUNCREF = 0x70
export const EXTERNREF = 0x6f

/** A value type byte (I32, I64, F32, F64, V128, FUNCREF, EXTERNREF). */
export type ValType = number

export interface FuncType {
  readonly params: readonly ValType[]
  readonly results: readonly ValType[]
}

export interface Limits {
  readonly min: number
  readonly max: number | null
  /**
   * A shared memory (threads). Actor modules may not declare one (the decoder refuses it); only
   * the engine's host-memory import uses it (invocation/engine.ts).
   */
  readonly shared?: boolean
}

export interface TableType {
  readonly elemType: ValType
  readonly limits: Limits
}

export interface GlobalType {
  readonly valType: ValType
  readonly mutable: boolean
}

export type ImportDesc =
  | { readonly kind: 'func'; readonly type: number }
  | { readonly kind: 'table'; readonly table: TableType }
  | { readonly kind: 'memory'; readonly limits: Limits }
  | { readonly kind: 'global'; readonly global: GlobalType }

export interface Import {
  readonly module: string
  readonly name: string
  readonly desc: ImportDesc
}

export const EXPORT_FUNC = 0
export const EXPORT_TABLE = 1
export const EXPORT_MEMORY = 2
export const EXPORT_GLOBAL = 3

export interface Export {
  readonly name: string
  readonly kind: number
  readonly index: number
}

export interface Global {
  readonly type: GlobalType
  /** The constant initialiser expression, raw bytes including its final `end`. */
  readonly init: Uint8Array
}

/**
 * An element segment. `flags` is the segment's binary flag word (0..7): bit 0 = passive or
 * declarative, bit 1 = explicit table index (active) / declarative (passive), bit 2 = items are
 * expressions.
 */
export interface ElementSegment {
  readonly flags: number
  readonly table: number
  /** Offset expression (active segments), raw bytes including `end`; null otherwise. */
  readonly offset: Uint8Array | null
  /** elemkind byte (flags 1..3) or reference type (flags 5..7); 0x70 implied for flags 0 and 4. */
  readonly elemType: number
  /** Function indices, when the items are indices (flags 0..3). */
  readonly funcs: readonly number[] | null
  /** Item expressions, raw bytes each including `end`, when flags & 4. */
  readonly exprs: readonly Uint8Array[] | null
}

export interface DataSegment {
  /** 0 = active memory 0, 1 = passive, 2 = active with explicit memory index. */
  readonly flags: number
  readonly memory: number
  readonly offset: Uint8Array | null
  readonly bytes: Uint8Array
}

export interface LocalGroup {
  readonly count: number
  readonly type: ValType
}

export interface FunctionBody {
  readonly locals: readonly LocalGroup[]
  /** The instruction stream, raw bytes, including the final `end`. */
  readonly code: Uint8Array
}

export interface CustomSection {
  readonly name: string
  /** The section content after the name. */
  readonly bytes: Uint8Array
  /** Id of the last non-custom section before it (0 = before all), to re-emit it in place. */
  readonly after: number
}

export interface WasmModule {
  readonly types: readonly FuncType[]
  readonly imports: readonly Import[]
  /** Type index of each defined function. */
  readonly functions: readonly number[]
  readonly tables: readonly TableType[]
  readonly memories: readonly Limits[]
  readonly globals: readonly Global[]
  readonly exports: readonly Export[]
  readonly start: number | null
  readonly elements: readonly ElementSegment[]
  readonly dataCount: number | null
  readonly codes: readonly FunctionBody[]
  readonly datas: readonly DataSegment[]
  readonly customs: readonly CustomSection[]
  /**
   * Which present-but-empty sections the input had (by id), so a canonical module round-trips
   * byte-exactly even when it carries an empty section.
   */
  readonly emptySections: readonly number[]
}

export function importedFuncCount(m: WasmModule): number {
  let n = 0
  for (const i of m.imports) if (i.desc.kind === 'func') n++
  return n
}

export function importedGlobalCount(m: WasmModule): number {
  let n = 0
  for (const i of m.imports) if (i.desc.kind === 'global') n++
  return n
}

/** The type of function `index` in the function index space (imports first). */
export function funcTypeOf(m: WasmModule, index: number): FuncType | undefined {
  let seen = 0
  for (const i of m.imports) {
    if (i.desc.kind !== 'func') continue
    if (seen === index) return m.types[i.desc.type]
    seen++
  }
  const t = m.functions[index - seen]
  return t === undefined ? undefined : m.types[t]
}

/** Per-function type list of the whole function index space (imports first). */
export function functionSpaceTypes(m: WasmModule): number[] {
  const out: number[] = []
  for (const i of m.imports) if (i.desc.kind === 'func') out.push(i.desc.type)
  for (const t of m.functions) out.push(t)
  return out
}

export function sameFuncType(a: FuncType, b: FuncType): boolean {
  if (a.params.length !== b.params.length || a.results.length !== b.results.length) return false
  for (let i = 0; i < a.params.length; i++) if (a.params[i] !== b.params[i]) return false
  for (let i = 0; i < a.results.length; i++) if (a.results[i] !== b.results[i]) return false
  return true
}
