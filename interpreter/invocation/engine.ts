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
import { instrument } from '../wasm/instrument/index.js'
import { initialSizes } from '../wasm/init-sizes.js'
import type { WasmModule } from '../wasm/module.js'
import { encodeModule } from '../wasm/encoder.js'
import type { WasmNetworkVersion } from '../wasm/validate.js'

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
}

/** nv18: 512 MiB of memory per instance, in 64 KiB pages. @rule invocation.memory-limits */
export const MAX_INSTANCE_MEMORY_PAGES: Readonly<Record<WasmNetworkVersion, number | null>> = { 17: null, 18: 8192 }

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
      const instrumented = instrument(decoded, nv)
      const hosted = MAX_INSTANCE_MEMORY_PAGES[nv] === null ? instrumented : encodeModule(withHostMemory(decodeModule(instrumented)))
      const module = new WebAssembly.Module(hosted as Uint8Array<ArrayBuffer>)
      result = { ok: true, actor: { module, ...initialSizes(decoded), hostMemory: hosted !== instrumented } }
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
