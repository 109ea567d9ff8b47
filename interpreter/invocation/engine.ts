/**
 * The engine: actor code compiled for a network version, cached by code CID. Compiling means
 * decoding the module, checking the version's feature policy, instrumenting it (stack limiter,
 * then gas metering) and handing the result to the JavaScript engine's WebAssembly compiler.
 * Compilation is deterministic and content addressed, so the cache is not observable: a cold and
 * a warm engine give the same results (inv.determinism).
 *
 * @rule invocation.engine
 * @rule inv.determinism
 */
import type { BlockReader } from '../ipld/blockstore.js'
import type { CID } from '../ipld/cid.js'
import { decodeModule } from '../wasm/decoder.js'
import { initialSizes } from '../wasm/init-sizes.js'
import { EXPORT_GLOBAL, I64, type WasmModule } from '../wasm/module.js'
import { INSTRUMENTATION_RULES, instrumentModule, type InstrumentationRules } from '../wasm/instrument/index.js'
import { encodeModule } from '../wasm/encoder.js'
import { validateModule, WASM_POLICIES, type WasmNetworkVersion } from '../wasm/validate.js'

export interface CompiledActor {
  readonly module: WebAssembly.Module
  /** Minimum size of the exported memory, in bytes (charged at nv18 on every invocation). */
  readonly minMemoryBytes: bigint
  /** Minimum elements of an exported "table", or null. */
  readonly minTableElements: bigint | null
  /**
   * nv18: the module imports its memory (`fvm-spec.memory`) instead of defining it, so that the
   * container can create it with the maximum the memory limits allow for this invocation.
   */
  readonly hostMemory: boolean
  /** The gas counter is the module's own global, exported as GAS_COUNTER_EXPORT (see withOwnGasCounter). */
  readonly ownGasCounter: boolean
}

/**
 * Memory per instance, in 64 KiB pages: none at nv17 (v2.12.1 has no limiter), 512 MiB from nv18
 * (`max_inst_memory_bytes`, `fvm@v3.14.1:fvm/src/machine/mod.rs` L152 and
 * `fvm@v4.8.2:fvm/src/machine/mod.rs` L152, the pooling allocator's `max_memory_size`).
 * @rule invocation.memory-limits
 */
export const MAX_INSTANCE_MEMORY_PAGES: Readonly<Record<WasmNetworkVersion, number | null>> = { 17: null, 18: 8192, 21: 8192 }

/** The export name of the gas counter when the module defines it itself. */
export const GAS_COUNTER_EXPORT = 'fvm-spec:gas-counter'

/**
 * Fast inside, same meaning: the instrumented module imports its gas counter (the global ref-fvm
 * links as `gas.gas_counter`); V8 reaches an imported mutable global through an extra
 * indirection on every metered block. The counter is the last imported global, so it has the
 * same index as the first defined global would: this pass drops the import and defines the
 * global first instead (initial value 0, as ref-fvm's is before the first synchronisation),
 * exported so the container can read and set it. No index changes, so no instruction changes.
 * Modules with a start function keep the import (their start code runs during instantiation,
 * when the counter must already hold the gas available). Undefined when the pass does not apply.
 *
 * @rule wasm.gas-counter
 */
function withOwnGasCounter(m: WasmModule, rules: InstrumentationRules): WasmModule | undefined {
  if (m.start !== null) return undefined
  const globalImports = m.imports.filter((i) => i.desc.kind === 'global')
  const last = globalImports[globalImports.length - 1]
  if (last === undefined || last.module !== rules.gasModule || last.name !== rules.gasCounterName) return undefined
  const index = globalImports.length - 1
  return {
    ...m,
    imports: m.imports.filter((i) => i !== last),
    globals: [{ type: { valType: I64, mutable: true }, init: Uint8Array.of(0x42, 0x00, 0x0b) }, ...m.globals],
    exports: [...m.exports, { name: GAS_COUNTER_EXPORT, kind: EXPORT_GLOBAL, index }],
  }
}

/** Where a module with host-provided memory imports it from. */
export const HOST_MEMORY_IMPORT = { module: 'fvm-spec', name: 'memory' } as const

/**
 * Turns the module's own memory into an imported one with the same limits (memory index 0 stays
 * memory 0, so no instruction, data segment or export changes meaning). The container then
 * creates the memory with the maximum the limits allow, and `memory.grow` past it returns −1, as
 * under ref-fvm's memory limiter.
 *
 * @rule invocation.memory-limits
 */
function withHostMemory(m: WasmModule): WasmModule {
  const [mem, ...rest] = m.memories
  if (mem === undefined || rest.length > 0 || m.imports.some((i) => i.desc.kind === 'memory')) return m
  return { ...m, memories: [], imports: [...m.imports, { ...HOST_MEMORY_IMPORT, desc: { kind: 'memory', limits: mem } }] }
}

export type CompileResult = { readonly ok: true; readonly actor: CompiledActor } | { readonly ok: false; readonly missing: boolean; readonly reason: string }

export class Engine {
  private readonly cache = new Map<string, CompileResult>()

  /** Compiles (once) the actor code named by `code` for `nv`, reading its bytes from `store`. */
  compile(store: BlockReader, code: CID, nv: WasmNetworkVersion): CompileResult {
    const key = `${nv}:${code.toString()}`
    const hit = this.cache.get(key)
    if (hit !== undefined) return hit
    const bytes = store.get(code)
    if (bytes === undefined) return { ok: false, missing: true, reason: `needs actor code ${code.toString()}, which no bundle given provides` }
    let result: CompileResult
    try {
      const decoded = decodeModule(bytes)
      validateModule(decoded, WASM_POLICIES[nv])
      const instrumented = instrumentModule(decoded, nv)
      const hostMemory = MAX_INSTANCE_MEMORY_PAGES[nv] !== null
      const withMemory = hostMemory ? withHostMemory(instrumented) : instrumented
      const withCounter = withOwnGasCounter(withMemory, INSTRUMENTATION_RULES[nv])
      const module = new WebAssembly.Module(encodeModule(withCounter ?? withMemory) as Uint8Array<ArrayBuffer>)
      result = { ok: true, actor: { module, ...initialSizes(decoded), hostMemory, ownGasCounter: withCounter !== undefined } }
    } catch (e) {
      result = { ok: false, missing: false, reason: `actor code ${code.toString()} does not load: ${(e as Error).message}` }
    }
    this.cache.set(key, result)
    return result
  }

  get size(): number {
    return this.cache.size
  }
}
