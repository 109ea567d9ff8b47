/**
 * Instrumentation of an actor module for a network version: the stack limiter first, then gas
 * metering, as ref-fvm's `load_raw` does (`fvm@v2.12.1:fvm/src/machine/engine.rs`,
 * `fvm@v3.14.1:fvm/src/engine/mod.rs`, `fvm@v4.8.2:fvm/src/engine/mod.rs`), so the stack
 * limiter's own code is metered too; then NaN canonicalisation, which wasmtime does below the wasm
 * level in every version and which is therefore neither metered nor stack-limited.
 */
import { decodeModule } from '../decoder.js'
import { encodeModule } from '../encoder.js'
import type { WasmModule } from '../module.js'
import { WASM_POLICIES, validateModule } from '../validate.js'
import type { WasmNetworkVersion } from '../validate.js'
import { injectGasMetering } from './gas-metering.js'
import { canonicaliseNans } from './nan-canonicalise.js'
import { INSTRUMENTATION_RULES } from './rules.js'
import { injectStackLimiter } from './stack-limiter.js'

export { INSTRUMENTATION_RULES, NV17_RULES, NV18_RULES, NV21_RULES } from './rules.js'
export type { InstrumentationRules } from './rules.js'
export { injectStackLimiter, maxStackHeight, stackCosts } from './stack-limiter.js'
export { injectGasMetering, meteredBlocks } from './gas-metering.js'
export { canonicaliseNans, CANONICALISED_OPERATORS, CANONICAL_NAN_F32, CANONICAL_NAN_F64 } from './nan-canonicalise.js'

/**
 * What ref-fvm compiles: the stack limiter, then gas metering (fvm-wasm-instrument's output).
 * @rule wasm.stack-limiter
 * @rule wasm.metered-block
 */
export function refInstrumentModule(m: WasmModule, version: WasmNetworkVersion): WasmModule {
  const rules = INSTRUMENTATION_RULES[version]
  return injectGasMetering(injectStackLimiter(m, rules), rules)
}

/**
 * Instruments a decoded module: ref-fvm's instrumentation, then NaN canonicalisation.
 * @rule wasm.stack-limiter
 * @rule wasm.metered-block
 * @rule wasm.nan-canonicalisation
 */
export function instrumentModule(m: WasmModule, version: WasmNetworkVersion): WasmModule {
  return canonicaliseNans(refInstrumentModule(m, version))
}

/** Decodes, checks the version's feature policy, instruments and encodes. */
export function instrument(module: Uint8Array | WasmModule, version: WasmNetworkVersion): Uint8Array {
  const m = module instanceof Uint8Array ? decodeModule(module) : module
  validateModule(m, WASM_POLICIES[version])
  return encodeModule(instrumentModule(m, version))
}
