/**
 * The engine: actor code compiled for a network version's wasm rules, cached by code CID in memory
 * and (by default) on disk. Compiling means decoding the module, checking it against the version's
 * feature policy and the engine's size limits, instrumenting it as ref-fvm does (stack limiter,
 * then gas metering), canonicalising NaNs, and handing the result to the JavaScript engine's
 * WebAssembly compiler. Compilation is deterministic and content addressed, so the caches are not
 * observable: a cold and a warm engine give the same results (inv.determinism).
 *
 * A compile ends in one of four ways: the module (ok); no block for the CID (`missing`: no bundle
 * provides the code); a module ref-fvm refuses to load (`refused`: Fatal); or a module ref-fvm
 * loads but the JavaScript engine cannot compile (`unsupported`: a limitation of this interpreter,
 * reported as not run, never as an FVM outcome).
 *
 * @rule invocation.engine
 * @rule inv.determinism
 */
import { isHostStackExhaustion } from '../call-manager/execution-error.js'
import type { BlockReader } from '../ipld/blockstore.js'
import type { CID } from '../ipld/cid.js'
import type { SyscallDef } from '../kernel/abi.js'
import { decodeModule } from '../wasm/decoder.js'
import { encodeModule } from '../wasm/encoder.js'
import { WasmError } from '../wasm/error.js'
import { initialSizes } from '../wasm/init-sizes.js'
import { checkPoolingLimits, checkValidationLimits, jsEngineProblem, POOLING_LIMITS, VALIDATION_LIMITS } from '../wasm/limits.js'
import { EXPORT_FUNC, EXPORT_GLOBAL, EXPORT_MEMORY, funcTypeOf, functionSpaceTypes, I32, I64, type FuncType, type WasmModule } from '../wasm/module.js'
import { canonicaliseNans, INSTRUMENTATION_RULES, refInstrumentModule, type InstrumentationRules } from '../wasm/instrument/index.js'
import { inlineGasCharges } from '../wasm/instrument/inline-gas.js'
import { validateModule, WASM_POLICIES, WASM_RULES_LABEL, type WasmNetworkVersion, type WasmPolicy } from '../wasm/validate.js'
import { defaultCacheDir, instrumentationVersion, ModuleCache } from './module-cache.js'

/** One import of the actor's module as it was given, for the container to link. */
export interface ActorImport {
  readonly module: string
  readonly name: string
  readonly kind: 'func' | 'table' | 'memory' | 'global'
  /** Functions: `(i32, i64) -> (i32)`; globals: `i64 mut`; null for tables and memories. */
  readonly type: string | null
}

export interface CompiledActor {
  readonly module: WebAssembly.Module
  /** Minimum size of the exported memory, in bytes (charged at nv18+ on every invocation). */
  readonly minMemoryBytes: bigint
  /** Minimum elements of an exported "table", or null (charged at nv18+). */
  readonly minTableElements: bigint | null
  /** Minimum elements of the module's table, 0 if it has none (counted against the call stack's memory at nv18+). */
  readonly tableElements: number
  /**
   * The module's memory, which it imports as HOST_MEMORY_IMPORT instead of defining it: the
   * container creates it, as a shared memory of `initial` pages growing to at most `maximum` pages
   * (the declared maximum, or 65 536) and whatever lower limit the version's memory limits set.
   */
  readonly hostMemory: { readonly initial: number; readonly maximum: number } | null
  /** The gas counter is the module's own global, exported as GAS_COUNTER_EXPORT (see withOwnGasCounter). */
  readonly ownGasCounter: boolean
  /** The module's imports before instrumentation, which the FVM's linker must satisfy. */
  readonly imports: readonly ActorImport[]
  /**
   * The `invoke` export: `ok` (a function of type (i32) -> i32), `missing` (no function export of
   * that name), `mistyped` (other parameters, or not one result), `wrong-result` (one result that
   * is not i32). See `wasm.required-exports` for what each means per version.
   */
  readonly invoke: InvokeExport
}

export type InvokeExport = 'ok' | 'missing' | 'mistyped' | 'wrong-result'

/** The export name of the gas counter when the module defines it itself. */
export const GAS_COUNTER_EXPORT = 'fvm-spec:gas-counter'

/** Where a module with host-provided memory imports it from. */
export const HOST_MEMORY_IMPORT = { module: 'fvm-spec', name: 'memory' } as const

/**
 * Memory per instance, in 64 KiB pages: none at nv17 (v2.12.1 has no limiter), 512 MiB from nv18
 * (`max_inst_memory_bytes`, `fvm@v3.14.1:fvm/src/machine/mod.rs` L152 and
 * `fvm@v4.8.2:fvm/src/machine/mod.rs` L152, the pooling allocator's `max_memory_size`).
 * @rule invocation.memory-limits
 */
export const MAX_INSTANCE_MEMORY_PAGES: Readonly<Record<WasmNetworkVersion, number | null>> = { 17: null, 18: 8192, 21: 8192 }

/**
 * Fast inside, same meaning: the instrumented module imports its gas counter (the global ref-fvm
 * links as `gas.gas_counter`); V8 reaches an imported mutable global through an extra
 * indirection on every metered block. The counter is the last imported global, so it has the
 * same index as the first defined global would: this pass drops the import and defines the
 * global first instead (initial value 0, as ref-fvm's is before the first synchronisation),
 * exported so the container can read and set it. No index changes, so no instruction changes.
 * Modules with a start function keep the import (their start code runs during instantiation,
 * when the counter must already hold the gas available), as do modules that import the counter
 * themselves. Undefined when the pass does not apply.
 *
 * @rule wasm.gas-counter
 */
function withOwnGasCounter(m: WasmModule, rules: InstrumentationRules): WasmModule | undefined {
  if (m.start !== null) return undefined
  const globalImports = m.imports.filter((i) => i.desc.kind === 'global')
  const last = globalImports[globalImports.length - 1]
  if (last === undefined || last.module !== rules.gasModule || last.name !== rules.gasCounterName) return undefined
  if (m.imports.some((i) => i !== last && i.module === rules.gasModule && i.name === rules.gasCounterName)) return undefined
  const index = globalImports.length - 1
  return {
    ...m,
    imports: m.imports.filter((i) => i !== last),
    globals: [{ type: { valType: I64, mutable: true }, init: Uint8Array.of(0x42, 0x00, 0x0b) }, ...m.globals],
    exports: [...m.exports, { name: GAS_COUNTER_EXPORT, kind: EXPORT_GLOBAL, index }],
  }
}

/** The export under which the instrumented module shows its stack limiter's height global. */
export const STACK_HEIGHT_EXPORT = 'fvm-spec:stack-height'

/**
 * Exports the stack limiter's height global (the last defined global: the limiter appends it, and
 * no later pass adds one) as STACK_HEIGHT_EXPORT, so that after a trap the container can tell the
 * limiter's trap (height past the limit) from the actor's own `unreachable`. Reading it changes
 * nothing the actor can see. Undefined when the module defines no global.
 *
 * @rule wasm.stack-limiter
 */
function withStackHeightExport(m: WasmModule): WasmModule | undefined {
  if (m.globals.length === 0) return undefined
  const index = m.imports.filter((i) => i.desc.kind === 'global').length + m.globals.length - 1
  return { ...m, exports: [...m.exports, { name: STACK_HEIGHT_EXPORT, kind: EXPORT_GLOBAL, index }] }
}

/** The most pages a 32-bit memory can have. */
const MAX_PAGES = VALIDATION_LIMITS.memoryPages

/**
 * Turns the module's own memory into an imported shared one with the same minimum (memory index 0
 * stays memory 0, so no instruction, data segment or export changes meaning). The container
 * creates the memory with the maximum the limits allow, and `memory.grow` past it returns −1, as
 * under ref-fvm's memory limiter. A shared memory is only a host-side choice (an actor cannot
 * tell: there is one thread, and atomics are refused): V8 reserves its whole maximum up front,
 * so growing it is cheap, where growing an unshared memory page by page costs a garbage
 * collection every few pages (spec/invocation.md `invocation.memory-grow`).
 *
 * @rule invocation.memory-limits
 * @rule invocation.memory-grow
 */
function withHostMemory(m: WasmModule): { module: WasmModule; memory: { initial: number; maximum: number } } | undefined {
  const [mem, ...rest] = m.memories
  if (mem === undefined || rest.length > 0 || m.imports.some((i) => i.desc.kind === 'memory')) return undefined
  const maximum = Math.min(mem.max ?? MAX_PAGES, MAX_PAGES)
  return {
    module: { ...m, memories: [], imports: [...m.imports, { ...HOST_MEMORY_IMPORT, desc: { kind: 'memory', limits: { min: mem.min, max: maximum, shared: true } } }] },
    memory: { initial: mem.min, maximum },
  }
}

/**
 * nv18+: a table grows to at most the pooling allocator's `table_elements` (wasmtime's static
 * table has that capacity, and `table.grow` past it fails with −1), so its declared maximum is
 * lowered to it.
 * @rule invocation.pooling-limits
 */
function withTableCap(m: WasmModule, cap: number): WasmModule {
  if (m.tables.length === 0) return m
  return { ...m, tables: m.tables.map((t) => ({ ...t, limits: { min: t.limits.min, max: Math.min(t.limits.max ?? cap, cap) } })) }
}

const VALUE_TYPE_NAMES: Readonly<Record<number, string>> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x70: 'funcref', 0x6f: 'externref' }

function signature(t: FuncType | undefined): string {
  const names = (vs: readonly number[]): string => vs.map((v) => VALUE_TYPE_NAMES[v] ?? `0x${v.toString(16)}`).join(', ')
  return t === undefined ? '?' : `(${names(t.params)}) -> (${names(t.results)})`
}

function actorImports(m: WasmModule): ActorImport[] {
  return m.imports.map((i) => {
    switch (i.desc.kind) {
      case 'func': return { module: i.module, name: i.name, kind: 'func', type: signature(m.types[i.desc.type]) }
      case 'global': return { module: i.module, name: i.name, kind: 'global', type: `${VALUE_TYPE_NAMES[i.desc.global.valType] ?? '?'}${i.desc.global.mutable ? ' mut' : ''}` }
      default: return { module: i.module, name: i.name, kind: i.desc.kind, type: null }
    }
  })
}

/** @rule wasm.required-exports */
function invokeExport(m: WasmModule): InvokeExport {
  const e = m.exports.find((x) => x.name === 'invoke')
  if (e === undefined || e.kind !== EXPORT_FUNC) return 'missing'
  const t = funcTypeOf(m, e.index)
  if (t === undefined || t.params.length !== 1 || t.params[0] !== I32 || t.results.length !== 1) return 'mistyped'
  return t.results[0] === I32 ? 'ok' : 'wrong-result'
}

/**
 * What the engine checks when it loads a module: the feature policy and the `memory` export
 * (charge_for_init needs it before anything else at nv18+; nv17 refuses its absence before any
 * charge too). Import kinds are the linker's business (`linkProblem`), and a missing or mistyped
 * `invoke` is found only after instantiation, as ref-fvm finds it.
 */
function loadPolicy(policy: WasmPolicy): WasmPolicy {
  return {
    ...policy,
    importKinds: new Set(['func', 'table', 'memory', 'global']),
    requiredExports: policy.requiredExports.filter((r) => r.kind === EXPORT_MEMORY),
  }
}

/**
 * Why a linker that defines `defs` (each a function returning i32, with a leading i32
 * out-pointer when it writes a value) and the version's gas counter global cannot satisfy the
 * module's imports, or null when it can. Every import must name something defined, with exactly
 * the same type (wasmtime's linker).
 *
 * @rule invocation.link
 */
export function linkProblem(actor: CompiledActor, defs: readonly SyscallDef[], rules: InstrumentationRules): string | null {
  for (const imp of actor.imports) {
    const what = `${imp.module}.${imp.name}`
    if (imp.kind === 'global' && imp.module === rules.gasModule && imp.name === rules.gasCounterName) {
      if (imp.type === 'i64 mut') continue
      return `import ${what} has type ${imp.type ?? '?'}, but the gas counter is i64 mut`
    }
    if (imp.kind !== 'func') return `the FVM defines no ${imp.kind} ${what}`
    const def = defs.find((d) => d.module === imp.module && d.name === imp.name)
    if (def === undefined) return `unknown import ${what}`
    const expected = `(${[...(def.out > 0 ? ['i32'] : []), ...def.params].join(', ')}) -> (i32)`
    if (imp.type !== expected) return `import ${what} has type ${imp.type ?? '?'}, but the syscall is ${expected}`
  }
  return null
}

export type CompileResult =
  | { readonly ok: true; readonly actor: CompiledActor }
  | { readonly ok: false; readonly kind: 'missing' | 'refused' | 'unsupported'; readonly reason: string }

export interface EngineOptions {
  /**
   * The persistent cache of instrumented modules (module-cache.ts): a folder, or false for none.
   * Default: `$FVM_SPEC_CACHE`, else none under node's test runner, else `~/.cache/fvm-spec/modules`
   * (module-cache.ts `defaultCacheDir`).
   */
  readonly cache?: string | false
}

/** How each compile of an engine was served. */
export interface EngineStats {
  memoryHits: number
  diskHits: number
  builds: number
}

/** A module prepared for the JavaScript engine: the bytes to compile and what the container needs to know. */
export interface PreparedModule {
  readonly bytes: Uint8Array
  readonly meta: Omit<CompiledActor, 'module'>
}

export type PrepareResult = ({ readonly ok: true } & PreparedModule) | { readonly ok: false; readonly kind: 'refused' | 'unsupported'; readonly reason: string }

class Unsupported extends Error {}

type StoredMeta = Omit<CompiledActor, 'module' | 'minMemoryBytes' | 'minTableElements'> & {
  /** Byte length of the module the entry was built from (a sanity check on the CID). */
  readonly size: number
  readonly minMemoryBytes: string
  readonly minTableElements: string | null
}

/** The metadata as stored in a cache entry (bigints as strings). */
function metaToJson(meta: Omit<CompiledActor, 'module'>, size: number): string {
  const stored: StoredMeta = { ...meta, size, minMemoryBytes: meta.minMemoryBytes.toString(), minTableElements: meta.minTableElements?.toString() ?? null }
  return JSON.stringify(stored)
}

/** The metadata of a cache entry, if it was built from a module of `size` bytes. */
function metaFromJson(json: string, size: number): Omit<CompiledActor, 'module'> | undefined {
  const { size: recorded, minMemoryBytes, minTableElements, ...rest } = JSON.parse(json) as StoredMeta
  if (recorded !== size) return undefined
  return { ...rest, minMemoryBytes: BigInt(minMemoryBytes), minTableElements: minTableElements === null ? null : BigInt(minTableElements) }
}

/**
 * Decodes, checks, instruments and encodes a module for a version's wasm rules (the cold path of
 * `Engine.compile`, without the JavaScript engine's compilation). `refused`: ref-fvm does not load
 * the module; `unsupported`: the JavaScript engine could not compile the result.
 * @rule invocation.engine
 */
export function prepareModule(bytes: Uint8Array, nv: WasmNetworkVersion): PrepareResult {
  try {
    return { ok: true, ...build(bytes, nv) }
  } catch (e) {
    if (e instanceof Unsupported) return { ok: false, kind: 'unsupported', reason: e.message }
    if (e instanceof WasmError) return { ok: false, kind: 'refused', reason: e.message }
    // @rule invocation.host-stack
    if (isHostStackExhaustion(e)) throw e
    // Anything else is this interpreter's failure, not a decision about the module.
    return { ok: false, kind: 'unsupported', reason: `internal error while preparing the module: ${(e as Error).message}` }
  }
}

/**
 * A module over the JavaScript engine's limits is unsupported only if ref-fvm would load it: first
 * the checks ref-fvm makes that need no JavaScript engine (the version's validation policy; from
 * nv18 the pooling limits on its instrumented module, e.g. tables over 20 000 elements), each
 * throwing the WasmError that makes it Fatal. A failure of the instrumentation itself decides
 * nothing (the module is then unsupported).
 *
 * @rule invocation.js-engine-limits
 * @rule invocation.pooling-limits
 */
function refuseAsRefFvm(decoded: WasmModule, nv: WasmNetworkVersion): void {
  validateModule(decoded, loadPolicy(WASM_POLICIES[nv]))
  const pooling = POOLING_LIMITS[nv]
  if (pooling === null) return
  let ref: WasmModule
  try {
    ref = refInstrumentModule(decoded, nv)
  } catch (e) {
    if (e instanceof WasmError) throw e
    return
  }
  checkValidationLimits(ref, 'instrumented module')
  checkPoolingLimits(ref, pooling)
}

function build(bytes: Uint8Array, nv: WasmNetworkVersion): PreparedModule {
  const decoded = decodeModule(bytes)
  checkValidationLimits(decoded, 'module')
  const unsupportedInput = jsEngineProblem(decoded, bytes.length)
  if (unsupportedInput !== null) {
    refuseAsRefFvm(decoded, nv)
    throw new Unsupported(unsupportedInput)
  }
  validateModule(decoded, loadPolicy(WASM_POLICIES[nv]))
  if (!WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)) {
    throw new WasmError(`${WASM_RULES_LABEL[nv]}: module fails WebAssembly validation (rule wasm.feature-policy)`)
  }
  // What ref-fvm hands to wasmtime: validated again, then checked against the pooling allocator.
  const ref = refInstrumentModule(decoded, nv)
  checkValidationLimits(ref, 'instrumented module')
  const pooling = POOLING_LIMITS[nv]
  if (pooling !== null) checkPoolingLimits(ref, pooling)
  const rules = INSTRUMENTATION_RULES[nv]
  let m = canonicaliseNans(ref)
  if (pooling !== null) m = withTableCap(m, pooling.tableElements)
  const host = withHostMemory(m)
  if (host !== undefined) m = host.module
  const own = withOwnGasCounter(m, rules)
  if (own !== undefined) m = own
  // The metering pass appended its gas function last; later passes append after it.
  m = inlineGasCharges(m, functionSpaceTypes(ref).length - 1)
  m = withStackHeightExport(m) ?? m
  const out = encodeModule(m)
  const unsupported = jsEngineProblem(m, out.length)
  if (unsupported !== null) throw new Unsupported(unsupported)
  return {
    bytes: out,
    meta: {
      ...initialSizes(decoded),
      tableElements: decoded.tables[0]?.limits.min ?? 0,
      hostMemory: host?.memory ?? null,
      ownGasCounter: own !== undefined,
      imports: actorImports(decoded),
      invoke: invokeExport(decoded),
    },
  }
}

/**
 * Whether the module fvm-wasm-instrument makes of `bytes` (what ref-fvm hands to wasmtime's
 * `Module::from_binary`) passes WebAssembly validation. It can fail where the input passed: the
 * stack limiter numbers its global after the defined globals only, so with another imported
 * global its code refers to the wrong one.
 */
function refInstrumentedValid(bytes: Uint8Array, nv: WasmNetworkVersion): boolean {
  try {
    return WebAssembly.validate(encodeModule(refInstrumentModule(decodeModule(bytes), nv)) as Uint8Array<ArrayBuffer>)
  } catch {
    return false
  }
}

export class Engine {
  private readonly memo = new Map<string, CompileResult>()
  private readonly disk: ModuleCache | null
  readonly stats: EngineStats = { memoryHits: 0, diskHits: 0, builds: 0 }

  constructor(opts: EngineOptions = {}) {
    const dir = opts.cache === undefined ? defaultCacheDir() : opts.cache
    const version = dir === false ? null : instrumentationVersion()
    this.disk = dir === false || version === null ? null : new ModuleCache(dir, version)
  }

  /** Whether compiled modules are kept on disk. */
  get persistent(): boolean {
    return this.disk !== null
  }

  /** The key of a module's entry in the persistent cache. */
  cacheKey(code: CID, nv: WasmNetworkVersion): string | null {
    return this.disk === null ? null : this.diskKey(code, nv)
  }

  /** Compiles (once) the actor code named by `code` for the wasm rules `nv`, reading its bytes from `store`. */
  compile(store: BlockReader, code: CID, nv: WasmNetworkVersion): CompileResult {
    const key = `${nv}:${code.toString()}`
    const hit = this.memo.get(key)
    if (hit !== undefined) {
      this.stats.memoryHits++
      return hit
    }
    const bytes = store.get(code)
    if (bytes === undefined) return { ok: false, kind: 'missing', reason: `needs actor code ${code.toString()}, which no bundle given provides` }
    const result = this.fromDisk(code, nv, bytes.length) ?? this.fresh(code, nv, bytes)
    this.memo.set(key, result)
    return result
  }

  private diskKey(code: CID, nv: WasmNetworkVersion): string {
    return `${code.toString()}|rules=${nv}|instrumentation=${this.disk?.version ?? ''}`
  }

  private fromDisk(code: CID, nv: WasmNetworkVersion, size: number): CompileResult | undefined {
    const entry = this.disk?.get(this.diskKey(code, nv))
    if (entry === undefined) return undefined
    try {
      const meta = metaFromJson(entry.meta, size)
      if (meta === undefined) return undefined
      const actor = { module: new WebAssembly.Module(entry.bytes as Uint8Array<ArrayBuffer>), ...meta }
      this.stats.diskHits++
      return { ok: true, actor }
    } catch {
      return undefined
    }
  }

  private fresh(code: CID, nv: WasmNetworkVersion, bytes: Uint8Array): CompileResult {
    this.stats.builds++
    const label = `actor code ${code.toString()}`
    const built = prepareModule(bytes, nv)
    if (!built.ok) {
      const how = built.kind === 'unsupported' ? 'cannot run in this interpreter' : 'does not load'
      return { ok: false, kind: built.kind, reason: `${label} ${how}: ${built.reason}` }
    }
    let module: WebAssembly.Module
    try {
      module = new WebAssembly.Module(built.bytes as Uint8Array<ArrayBuffer>)
    } catch (e) {
      // ref-fvm's own instrumented module may be invalid (wasmtime then refuses it too); only
      // when it is valid is the failure this interpreter's.
      if (!refInstrumentedValid(bytes, nv)) {
        return { ok: false, kind: 'refused', reason: `${label} does not load: ${WASM_RULES_LABEL[nv]}: the instrumented module fails WebAssembly validation (rule wasm.feature-policy): ${(e as Error).message}` }
      }
      return { ok: false, kind: 'unsupported', reason: `${label} cannot run in this interpreter: the JavaScript engine cannot compile the instrumented module (rule invocation.js-engine-limits): ${(e as Error).message}` }
    }
    this.disk?.put(this.diskKey(code, nv), { bytes: built.bytes, meta: metaToJson(built.meta, bytes.length) })
    return { ok: true, actor: { module, ...built.meta } }
  }

  get size(): number {
    return this.memo.size
  }
}
