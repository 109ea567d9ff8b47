/**
 * Gas synchronisation in ref-fvm v3 (nv18–nv20): `charge_for_exec` leaves `last` (only
 * `update_gas_available` moves it) and, when the counter went negative, charges all available gas
 * plus the overdraft; memory and tables are charged before instantiation, and what instantiation
 * consumed is charged after it.
 *
 * Source: fvm@v3.14.1 `fvm/src/syscalls/mod.rs` (charge_for_exec, update_gas_available),
 * `fvm/src/call_manager/default.rs` (instantiation, `init_memory_gas`, `init_table_gas`).
 */
import { satAdd } from '../gas/gas.js'
import { onWasmMemoryInit, onWasmTableInit } from '../gas/price-list.js'
import { isLeft } from 'fp-ts/lib/Either.js'
import { charge } from '../call-manager/call-manager.js'
import { chargeExec, updateGasAvailable, type GasCell, type GasSync } from './gas-sync.js'

/** @rule invocation.gas-sync */
function chargeForExecV3(cell: GasCell): ReturnType<GasSync['chargeForExec']> {
  const g = cell.gasGlobal.value as bigint
  const used = g < 0n ? satAdd('unsigned-u64', cell.last, -g) : cell.last > g ? cell.last - g : 0n
  return chargeExec(cell, used)
}

export const GAS_SYNC_V3: GasSync = {
  module: 'gas-sync-v3',
  chargeForExec: chargeForExecV3,
  /** The table (when the module has one), then the memory; then the counter is set. @rule wasm.memory-init-charge */
  chargeInstance: (cell, size) => {
    const pl = cell.k.cm.machine.rules.priceList
    const table = size.minTableElements === null ? undefined : onWasmTableInit(pl, size.minTableElements)
    for (const c of [table, onWasmMemoryInit(pl, size.minMemoryBytes)]) {
      const step = charge(cell.k.cm, c)
      cell.k = { ...cell.k, cm: step.state }
      if (isLeft(step.result)) return step.result.left
    }
    updateGasAvailable(cell)
    return undefined
  },
  afterInstantiate: chargeForExecV3,
}
