/**
 * Where the wasm gas counter and the gas tracker meet: around every syscall, and around
 * instantiation. What is shared lives here; what differs between ref-fvm releases is one module per
 * release implementing `GasSync` (`gas-sync-v2.ts` for nv17, `gas-sync-v3.ts` for nv18–nv20),
 * named by a network version's row (`NetworkRules.gasSync`).
 */
import { isLeft } from 'fp-ts/lib/Either.js'
import { onWasmExec } from '../gas/price-list.js'
import { gasAvailable } from '../gas/tracker.js'
import { charge } from '../call-manager/call-manager.js'
import type { ExecutionError } from '../call-manager/execution-error.js'
import type { KernelState } from '../kernel/kernel.js'

/** The part of an invocation's mutable cell the gas synchronisation reads and writes. */
export interface GasCell {
  k: KernelState
  /** The wasm gas counter: host-created, or the module's own (engine.ts withOwnGasCounter). */
  gasGlobal: WebAssembly.Global
  /** Milligas available when the wasm counter was last set (`last_milligas_available`). */
  last: bigint
}

/** The sizes instantiation is charged for. */
export interface InstanceSize {
  readonly minMemoryBytes: bigint
  readonly minTableElements: bigint | null
}

/** One release's synchronisation of the wasm gas counter with the gas tracker. */
export interface GasSync {
  /** The module that defines it (its file name, e.g. `gas-sync-v3`): how `fvm-spec rules --diff` names it. */
  readonly module: string
  /** Charges the wasm execution gas consumed since the counter was last set. @rule invocation.gas-sync */
  readonly chargeForExec: (cell: GasCell) => ExecutionError | undefined
  /** What the instance costs before it is instantiated. @rule wasm.memory-init-charge */
  readonly chargeInstance: (cell: GasCell, size: InstanceSize) => ExecutionError | undefined
  /** After instantiating (successfully or not): an out-of-gas, if the release charges here. @rule invocation.lifecycle */
  readonly afterInstantiate: (cell: GasCell) => ExecutionError | undefined
}

/** Sets the wasm gas counter to the gas available. @rule invocation.gas-sync */
export function updateGasAvailable(cell: GasCell): void {
  const available = gasAvailable(cell.k.cm.gas)
  cell.gasGlobal.value = BigInt.asIntN(64, available)
  cell.last = available
}

/**
 * Charges `used` milligas of wasm execution, like every other charge (and traced), so that the
 * trace's gas events add up to gas_used.
 *
 * @rule invocation.gas-sync
 * @rule inv.gas
 */
export function chargeExec(cell: GasCell, used: bigint): ExecutionError | undefined {
  const step = charge(cell.k.cm, onWasmExec(used))
  cell.k = { ...cell.k, cm: step.state }
  return isLeft(step.result) ? step.result.left : undefined
}
