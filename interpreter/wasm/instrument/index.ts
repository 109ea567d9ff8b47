/**
 * Instrumentation of an actor module for a network version: the stack limiter first, then gas
 * metering, as ref-fvm's `load_raw` does (`fvm@v2.12.1:fvm/src/machine/engine.rs`,
 * `fvm@v3.14.1:fvm/src/engine/mod.rs`), so the stack limiter's own code is metered too.
 */
import { decodeModule } from '../decoder.js'
import { encodeModule } from '../encoder.js'
import type { WasmModule } from '../module.js'
import { WASM_POLICIES, validateModule } from '../validate.js'
import type { WasmNetworkVersion } from '../validate.js'
import { injectGasMetering } from './gas-metering.js'
import { INSTRUMENTATION_RULES } from './rules.js'
import { injectStackLimiter } from './stack-limiter.js'

export { INSTRUMENTATION_RULES, NV17_RULES, NV18_RULES } from './rules.js'
export type { InstrumentationRules } from './rules.js'
export { injectStackLimiter, maxStackHeight, stackCosts } from './stack-limiter.js'
export { injectGasMetering, meteredBlocks } from './gas-metering.js'

/**
 * Instruments a decoded module and returns the new binary.
 * @rule wasm.stack-limiter
 * @rule wasm.metered-block
 */
export function instrumentModule(m: WasmModule, version: WasmNetworkVersion): WasmModule {
  const rules = INSTRUMENTATION_RULES[version]
  return injectGasMetering(injectStackLimiter(m, rules), rules)
}

/** Decodes, checks the version's feature policy, instruments and encodes. */
export function instrument(module: Uint8Array | WasmModule, version: WasmNetworkVersion): Uint8Array {
  const m = module instanceof Uint8Array ? decodeModule(module) : module
  validateModule(m, WASM_POLICIES[version])
  return encodeModule(instrumentModule(m, version))
}
