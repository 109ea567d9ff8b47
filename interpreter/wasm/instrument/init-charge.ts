/**
 * The per-invocation charge for a module's initial memory and table (nv18 only), which ref-fvm
 * v3 makes before instantiating an actor (`charge_for_init`, `fvm@v3.14.1:fvm/src/syscalls/mod.rs`
 * L167-231, prices `init_memory_gas`/`init_table_gas` in `fvm/src/gas/price_list.rs` L906-921).
 * nv17 (fvm v2) has no memory accounting.
 */
import { WasmError } from '../error.js'
import type { WasmModule } from '../module.js'
import { EXPORT_MEMORY, EXPORT_TABLE } from '../module.js'
import type { WasmNetworkVersion } from '../validate.js'

export interface InitCharge {
  /** "wasm_memory_init": 0 base + 400 mg per byte of the exported memory's minimum size. */
  readonly memoryMilligas: bigint
  /** "wasm_table_init": 0 base + 400 mg x 8 per minimum element of an export named "table"; null without one. */
  readonly tableMilligas: bigint | null
}

const PAGE = 65536n

/**
 * @rule wasm.memory-init-charge
 */
export function initCharge(m: WasmModule, version: WasmNetworkVersion): InitCharge {
  if (version === 17) return { memoryMilligas: 0n, tableMilligas: null }
  const mem = m.exports.find((e) => e.name === 'memory' && e.kind === EXPORT_MEMORY)
  if (mem === undefined) throw new WasmError('actor has no memory export')
  const memImports = m.imports.filter((i) => i.desc.kind === 'memory')
  const limits = mem.index < memImports.length
    ? (memImports[mem.index]?.desc.kind === 'memory' ? (memImports[mem.index]?.desc as { limits: { min: number } }).limits : undefined)
    : m.memories[mem.index - memImports.length]
  if (limits === undefined) throw new WasmError('memory export refers to no memory')
  const table = m.exports.find((e) => e.name === 'table' && e.kind === EXPORT_TABLE)
  let tableMilligas: bigint | null = null
  if (table !== undefined) {
    const tableImports = m.imports.filter((i) => i.desc.kind === 'table').length
    const t = m.tables[table.index - tableImports]
    if (t !== undefined) tableMilligas = BigInt(t.limits.min) * 8n * 400n
  }
  return { memoryMilligas: BigInt(limits.min) * PAGE * 400n, tableMilligas }
}
