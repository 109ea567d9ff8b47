/**
 * The size limits ref-fvm's engine puts on an actor module, as data, and the checks of a decoded
 * module against them. Three sets:
 *
 * - VALIDATION_LIMITS: wasmparser's validator (wasmparser 0.236.1, which wasmtime 36.0.7 uses in
 *   all three ref-fvm tags). ref-fvm validates the module as given (`Module::validate`) and again
 *   after instrumenting it (`Module::from_binary`); a module over a limit fails to load.
 * - POOLING_LIMITS: the pooling instance allocator ref-fvm v3 and v4 configure
 *   (`fvm/src/engine/mod.rs` `wasmtime_config`); wasmtime checks a compiled module against it in
 *   `Module::from_binary` (`crates/wasmtime/src/runtime/module.rs` `from_parts_raw` →
 *   `validate_module`), so a module over a limit fails to load too. v2 (nv17) uses wasmtime's
 *   on-demand allocator, which has none of these limits.
 * - JS_ENGINE_LIMITS: what the JavaScript engine this interpreter runs on (V8, `wasm-limits.h`)
 *   refuses although wasmtime accepts it. A module over one of these cannot be run here at all;
 *   that is this interpreter's limitation, not an FVM outcome.
 */
import { WasmError } from './error.js'
import { OpReader } from './decoder.js'
import type { WasmModule } from './module.js'
import { EXPORT_FUNC, functionSpaceTypes } from './module.js'
import { OP_BR_TABLE } from './opcodes.js'

/**
 * wasmparser 0.236.1 `crates/wasmparser/src/limits.rs` (the counts the validator enforces; the
 * table size itself may be up to 2^32−1, only an element segment's item count is limited).
 * @rule wasm.validation-limits
 */
export const VALIDATION_LIMITS = {
  types: 1_000_000,
  functions: 1_000_000,
  imports: 1_000_000,
  exports: 1_000_000,
  globals: 1_000_000,
  elementSegments: 100_000,
  dataSegments: 100_000,
  /** Parameters plus declared locals of one function. */
  locals: 50_000,
  params: 1000,
  results: 1000,
  /** Items of one element segment (`MAX_WASM_TABLE_ENTRIES`). */
  elementItems: 10_000_000,
  /** Pages of a 32-bit memory, minimum and maximum. */
  memoryPages: 65_536,
  /** Labels of one br_table (`MAX_WASM_BR_TABLE_SIZE`, read by the parser). */
  brTableTargets: 131_072,
} as const

export interface PoolingLimits {
  /** `max_memories_per_module`. */
  readonly memoriesPerModule: number
  /** `max_tables_per_module`. */
  readonly tablesPerModule: number
  /** `table_elements`: the most elements a table may start with, and grow to. */
  readonly tableElements: number
  /** `max_memory_size`: the most bytes a memory may start with (and grow to, `invocation.memory-limits`). */
  readonly memoryBytes: number
  /** `max_core_instance_size` (wasmtime's default): `size_of::<Instance>()` plus the VMContext. */
  readonly coreInstanceBytes: number
}

/**
 * `fvm@v3.14.1:fvm/src/engine/mod.rs` and `fvm@v4.8.2:fvm/src/engine/mod.rs` `wasmtime_config`
 * (identical): `max_memories_per_module(1)`, `max_tables_per_module(1)`, `table_elements(20_000)`,
 * `max_memory_size(max_inst_memory_bytes)` = 512 MiB (`fvm/src/machine/mod.rs` L152), and
 * `max_core_instance_size` left at wasmtime 36.0.7's default of 1 MiB
 * (`crates/wasmtime/src/runtime/vm/instance/allocator/pooling.rs` L152–185). nv17 has none.
 * @rule invocation.pooling-limits
 */
export const POOLING_LIMITS: Readonly<Record<17 | 18 | 21, PoolingLimits | null>> = {
  17: null,
  18: { memoriesPerModule: 1, tablesPerModule: 1, tableElements: 20_000, memoryBytes: 512 * 1024 * 1024, coreInstanceBytes: 1 << 20 },
  21: { memoriesPerModule: 1, tablesPerModule: 1, tableElements: 20_000, memoryBytes: 512 * 1024 * 1024, coreInstanceBytes: 1 << 20 },
}

/**
 * V8's limits (`src/wasm/wasm-limits.h` in the V8 of Node 20) that are lower than wasmparser's, or
 * that wasmparser does not have.
 * @rule invocation.js-engine-limits
 */
export const JS_ENGINE_LIMITS = {
  imports: 100_000,
  exports: 100_000,
  brTableTargets: 65_520,
  /** Bytes of one function body (`kV8MaxWasmFunctionSize`). */
  functionBodyBytes: 7_654_321,
  /** Initial table size (`kV8MaxWasmTableSize`, the `--wasm-max-table-size` default). */
  tableElements: 10_000_000,
  moduleBytes: 1024 * 1024 * 1024,
} as const

/**
 * Checks a module against wasmparser's limits; `stage` says whether it is the module as given or
 * as instrumented. Throws `WasmError` naming the first limit exceeded.
 * @rule wasm.validation-limits
 */
export function checkValidationLimits(m: WasmModule, stage: 'module' | 'instrumented module'): void {
  const L = VALIDATION_LIMITS
  const fail = (what: string): never => {
    throw new WasmError(`${stage === 'module' ? '' : 'after instrumentation: '}${what} (rule wasm.validation-limits)`)
  }
  const count = (what: string, n: number, limit: number): void => {
    if (n > limit) fail(`${n} ${what} exceed the limit of ${limit}`)
  }
  const funcImports = m.imports.filter((i) => i.desc.kind === 'func').length
  const globalImports = m.imports.filter((i) => i.desc.kind === 'global').length
  count('types', m.types.length, L.types)
  count('imports', m.imports.length, L.imports)
  count('functions', funcImports + m.functions.length, L.functions)
  count('globals', globalImports + m.globals.length, L.globals)
  count('exports', m.exports.length, L.exports)
  count('element segments', m.elements.length, L.elementSegments)
  count('data segments', m.datas.length, L.dataSegments)
  m.types.forEach((t, i) => {
    if (t.params.length > L.params) fail(`type ${i} has ${t.params.length} parameters, over the limit of ${L.params}`)
    if (t.results.length > L.results) fail(`type ${i} has ${t.results.length} results, over the limit of ${L.results}`)
  })
  const space = functionSpaceTypes(m)
  m.codes.forEach((c, i) => {
    const params = m.types[space[funcImports + i] ?? -1]?.params.length ?? 0
    const locals = c.locals.reduce((n, g) => n + g.count, params)
    if (locals > L.locals) fail(`function ${funcImports + i} has ${locals} locals (parameters included), over the limit of ${L.locals}`)
  })
  m.elements.forEach((e, i) => {
    const n = (e.funcs ?? e.exprs ?? []).length
    if (n > L.elementItems) fail(`element segment ${i} has ${n} items, over the limit of ${L.elementItems}`)
  })
  const memories = [...m.memories, ...m.imports.flatMap((i) => (i.desc.kind === 'memory' ? [i.desc.limits] : []))]
  for (const mem of memories) {
    const pages = Math.max(mem.min, mem.max ?? 0)
    if (pages > L.memoryPages) fail(`memory of ${pages} pages exceeds the limit of ${L.memoryPages} pages`)
  }
  const widest = widestBrTable(m)
  if (widest > L.brTableTargets) fail(`br_table of ${widest} labels exceeds the limit of ${L.brTableTargets}`)
}

/** The most labels any br_table of the module lists (the default not counted). */
export function widestBrTable(m: WasmModule): number {
  let widest = 0
  const rd = new OpReader(new Uint8Array(0))
  for (const c of m.codes) {
    if (!c.code.includes(OP_BR_TABLE)) continue
    rd.reset(c.code)
    while (!rd.done) if (rd.next() === OP_BR_TABLE && rd.targets.length > widest) widest = rd.targets.length
  }
  return widest
}

/**
 * Bytes wasmtime 36.0.7 allocates for an instance of `m` on x86-64: `size_of::<Instance>()` plus
 * the VMContext (`Instance::alloc_layout`, `crates/wasmtime/src/runtime/vm/instance.rs` L808–814;
 * `VMOffsets`, `crates/environ/src/vmoffsets.rs` L479–502 and L579–663).
 *
 * - `size_of::<Instance>()` = 160: the `#[repr(C)]` struct (L211–266) of an `InstanceId` (u32),
 *   `ModuleRuntimeInfo` (a two-variant enum of pointers, 16), two `PrimaryMap`s (Vec, 24 each),
 *   two `EntitySet`s (a boxed slice and an `Option<u32>`, 24 each), `Option<VMStoreRawPtr>` (a
 *   wide pointer, 16) and `OwnedVMContext` (`#[repr(align(16))]`, 16), laid out with padding.
 *   Derived from the source, not measured on a build.
 * - The VMContext: 48 static bytes (6 pointers: magic, store context, builtins, epoch pointer, GC
 *   heap data, type ids), then 24 per imported memory, 8 per defined memory, 16 per owned memory,
 *   24 per imported function, table and global, 16 per defined table, padding to 16, 16 per defined
 *   global, and 32 per function that escapes (`VMFuncRef`): imported, exported, in an element
 *   segment, or the start function (`module_environ.rs` `flag_func_escaped`).
 *
 * `m` is the module wasmtime compiles: fvm-wasm-instrument's output (with the gas counter import,
 * the stack-height global and the thunks).
 * @rule invocation.pooling-limits
 */
export function instanceBytes(m: WasmModule): number {
  const imported = { func: 0, table: 0, memory: 0, global: 0 }
  for (const i of m.imports) imported[i.desc.kind]++
  const escaped = new Set<number>()
  for (let f = 0; f < imported.func; f++) escaped.add(f)
  for (const e of m.exports) if (e.kind === EXPORT_FUNC) escaped.add(e.index)
  for (const seg of m.elements) for (const f of seg.funcs ?? []) escaped.add(f)
  if (m.start !== null) escaped.add(m.start)
  let vmctx = 48
  vmctx += imported.memory * 24 + m.memories.length * 8 + m.memories.length * 16
  vmctx += imported.func * 24 + imported.table * 24 + imported.global * 24
  vmctx += m.tables.length * 16
  vmctx = Math.ceil(vmctx / 16) * 16
  vmctx += m.globals.length * 16
  vmctx += escaped.size * 32
  return 160 + vmctx
}

/**
 * Checks the module wasmtime compiles (fvm-wasm-instrument's output) against the pooling
 * allocator, as `PoolingInstanceAllocator::validate_module_impl` does: memories, then tables,
 * then the instance size. Throws `WasmError` naming the limit.
 * @rule invocation.pooling-limits
 */
export function checkPoolingLimits(m: WasmModule, limits: PoolingLimits): void {
  const rule = 'invocation.pooling-limits'
  if (m.memories.length > limits.memoriesPerModule) {
    throw new WasmError(`${m.memories.length} defined memories exceed the limit of ${limits.memoriesPerModule} (rule ${rule})`)
  }
  for (const mem of m.memories) {
    const bytes = mem.min * 65536
    if (bytes > limits.memoryBytes) {
      throw new WasmError(`memory of ${mem.min} pages (${bytes} bytes) exceeds the limit of ${limits.memoryBytes / 65536} pages (${limits.memoryBytes} bytes) (rule ${rule})`)
    }
  }
  if (m.tables.length > limits.tablesPerModule) {
    throw new WasmError(`${m.tables.length} defined tables exceed the limit of ${limits.tablesPerModule} (rule ${rule})`)
  }
  for (const t of m.tables) {
    if (t.limits.min > limits.tableElements) {
      throw new WasmError(`table of ${t.limits.min} elements exceeds the limit of ${limits.tableElements} (rule ${rule})`)
    }
  }
  const size = instanceBytes(m)
  if (size > limits.coreInstanceBytes) {
    throw new WasmError(`instance of ${size} bytes exceeds the limit of ${limits.coreInstanceBytes} bytes (rule ${rule})`)
  }
}

function lebLength(n: number): number {
  let len = 1
  while (n >= 128) {
    n = Math.floor(n / 128)
    len++
  }
  return len
}

/**
 * Why the JavaScript engine cannot compile the module this interpreter would hand it (`m`, encoded
 * as `encodedBytes` bytes), or null when it can.
 * @rule invocation.js-engine-limits
 */
export function jsEngineProblem(m: WasmModule, encodedBytes: number): string | null {
  const L = JS_ENGINE_LIMITS
  const why = (what: string, limit: number): string => `${what}, over the JavaScript engine's limit of ${limit} (rule invocation.js-engine-limits)`
  if (encodedBytes > L.moduleBytes) return why(`the module has ${encodedBytes} bytes`, L.moduleBytes)
  if (m.imports.length > L.imports) return why(`the module has ${m.imports.length} imports`, L.imports)
  if (m.exports.length > L.exports) return why(`the module has ${m.exports.length} exports`, L.exports)
  for (const t of m.tables) if (t.limits.min > L.tableElements) return why(`a table has ${t.limits.min} elements`, L.tableElements)
  const funcImports = m.imports.filter((i) => i.desc.kind === 'func').length
  for (let i = 0; i < m.codes.length; i++) {
    const c = m.codes[i]
    if (c === undefined) continue
    const size = lebLength(c.locals.length) + c.locals.reduce((n, g) => n + lebLength(g.count) + 1, 0) + c.code.length
    if (size > L.functionBodyBytes) return why(`function ${funcImports + i} has ${size} bytes`, L.functionBodyBytes)
  }
  const widest = widestBrTable(m)
  if (widest > L.brTableTargets) return why(`a br_table has ${widest} labels`, L.brTableTargets)
  return null
}
