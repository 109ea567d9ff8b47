/**
 * The sizes a module's instantiation charge depends on (nv18 charges them on every invocation;
 * the prices are in the gas layer: onWasmMemoryInit, onWasmTableInit).
 */
import { EXPORT_MEMORY, EXPORT_TABLE, type WasmModule } from './module.js'

const WASM_PAGE = 65536n

/** Sizes the nv18 instantiation charge depends on. @rule wasm.memory-init-charge */
export function initialSizes(m: WasmModule): { minMemoryBytes: bigint; minTableElements: bigint | null } {
  const memExport = m.exports.find((e) => e.name === 'memory' && e.kind === EXPORT_MEMORY)
  const importedMemories = m.imports.filter((i) => i.desc.kind === 'memory').length
  const mem = memExport === undefined ? undefined : m.memories[memExport.index - importedMemories]
  const tableExport = m.exports.find((e) => e.name === 'table' && e.kind === EXPORT_TABLE)
  const importedTables = m.imports.filter((i) => i.desc.kind === 'table').length
  const table = tableExport === undefined ? undefined : m.tables[tableExport.index - importedTables]
  return {
    minMemoryBytes: BigInt(mem?.min ?? 0) * WASM_PAGE,
    minTableElements: table === undefined ? null : BigInt(table.limits.min),
  }
}
