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
import type { WasmNetworkVersion } from '../wasm/validate.js'

export interface CompiledActor {
  readonly module: WebAssembly.Module
  /** Minimum size of the exported memory, in bytes (charged at nv18 on every invocation). */
  readonly minMemoryBytes: bigint
  /** Minimum elements of an exported "table", or null. */
  readonly minTableElements: bigint | null
  /** The module's initial memory is already above the per-instance limit (nv18: fails to instantiate). */
  readonly exceedsMemoryLimit: boolean
}

/** nv18: 512 MiB of memory per instance, in 64 KiB pages. @rule invocation.memory-limits */
export const MAX_INSTANCE_MEMORY_PAGES: Readonly<Record<WasmNetworkVersion, number | null>> = { 17: null, 18: 8192 }

/**
 * Caps the module's memory at the version's per-instance limit by lowering its declared maximum,
 * so that `memory.grow` past it returns −1 as it does under ref-fvm's limiter. Undefined when the
 * initial memory is already above the limit (the module cannot be instantiated).
 *
 * @rule invocation.memory-limits
 */
function withInstanceMemoryLimit(m: WasmModule, nv: WasmNetworkVersion): WasmModule | undefined {
  const limit = MAX_INSTANCE_MEMORY_PAGES[nv]
  if (limit === null) return m
  if (m.memories.some((mem) => mem.min > limit)) return undefined
  return { ...m, memories: m.memories.map((mem) => ({ min: mem.min, max: mem.max === null ? limit : Math.min(mem.max, limit) })) }
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
      const limited = withInstanceMemoryLimit(decoded, nv)
      const module = new WebAssembly.Module(instrument(limited ?? decoded, nv) as Uint8Array<ArrayBuffer>)
      result = { ok: true, actor: { module, ...initialSizes(decoded), exceedsMemoryLimit: limited === undefined } }
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
