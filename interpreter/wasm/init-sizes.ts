/**
 * The sizes a module's instantiation charge depends on (nv18+ charge them on every invocation;
 * the prices are in the gas layer: onWasmMemoryInit, onWasmTableInit).
 */
import { EXPORT_MEMORY, EXPORT_TABLE, type Limits, type WasmModule } from './module.js'

const WASM_PAGE = 65536n

/**
 * Sizes the nv18+ instantiation charge depends on: the minimum of the memory exported as
 * `memory` and of the table exported as `table`, whether the module defines or imports them
 * (ref-fvm reads the export's type, `fvm/src/syscalls/mod.rs` `min_memory_bytes`,
 * `min_table_elements`).
 * @rule wasm.memory-init-charge
 */
export function initialSizes(m: WasmModule): { minMemoryBytes: bigint; minTableElements: bigint | null } {
  const memories: Limits[] = [...m.imports.flatMap((i) => (i.desc.kind === 'memory' ? [i.desc.limits] : [])), ...m.memories]
  const tables: Limits[] = [...m.imports.flatMap((i) => (i.desc.kind === 'table' ? [i.desc.table.limits] : [])), ...m.tables.map((t) => t.limits)]
  const memExport = m.exports.find((e) => e.name === 'memory' && e.kind === EXPORT_MEMORY)
  const tableExport = m.exports.find((e) => e.name === 'table' && e.kind === EXPORT_TABLE)
  const mem = memExport === undefined ? undefined : memories[memExport.index]
  const table = tableExport === undefined ? undefined : tables[tableExport.index]
  return {
    minMemoryBytes: BigInt(mem?.min ?? 0) * WASM_PAGE,
    minTableElements: table === undefined ? null : BigInt(table.min),
  }
}
