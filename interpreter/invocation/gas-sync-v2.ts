/**
 * Gas synchronisation in ref-fvm v2 (nv17): `charge_for_exec` moves `last` to the counter's value;
 * instantiation is free and charges nothing afterwards.
 *
 * Source: fvm@v2.12.1 `fvm/src/syscalls/mod.rs` (charge_for_exec, update_gas_available),
 * `fvm/src/call_manager/default.rs` (instantiation).
 */
import { satSub } from '../gas/gas.js'
import { chargeExec, type GasSync } from './gas-sync.js'

export const GAS_SYNC_V2: GasSync = {
  module: 'gas-sync-v2',
  /** @rule invocation.gas-sync */
  chargeForExec: (cell) => {
    const g = cell.gasGlobal.value as bigint
    const used = satSub('signed-i64', cell.last, g)
    cell.last = g
    return chargeExec(cell, used)
  },
  chargeInstance: () => undefined,
  afterInstantiate: () => undefined,
}
