/**
 * The instrumentation rules of each network version, as data: what fvm-wasm-instrument does
 * differently between the version ref-fvm v2.12.1 pins for nv17 (fvm-wasm-instrument 0.2.0 over
 * parity-wasm) and the one ref-fvm v3.14.1 pins for nv18 (fvm-wasm-instrument 0.4.0 over
 * wasmparser/wasm-encoder) — which ref-fvm v4.8.2 pins too, for nv21–28 — plus the
 * per-instruction prices from each version's price list.
 */
import { OP_TABLE_SIZE, op } from '../opcodes.js'
import type { WasmNetworkVersion } from '../validate.js'

export interface LinearCost {
  /** Milligas charged for the instruction itself. */
  readonly base: number
  /** Milligas per unit of the instruction's i32 operand (bytes, pages or table elements). */
  readonly perUnit: number
}

export interface InstrumentationRules {
  readonly version: WasmNetworkVersion
  /** Stack-height limit of the stack limiter (`max_wasm_stack`). */
  readonly stackLimit: number
  /** How a function's locals count towards its stack cost. */
  readonly stackLocalsCost: 'declared-locals' | 'local-groups'
  /** Name of the imported gas global (module "gas"). */
  readonly gasModule: string
  readonly gasCounterName: string
  /** Which br_table labels the metering pass treats as branch targets. */
  readonly brTableTargets: 'default-and-table' | 'table-only'
  /** Which global.get/global.set indices are shifted by the gas global import. */
  readonly shiftGlobals: 'at-or-above-gas-global' | 'all'
  /** Whether exported global indices are shifted too (0.4 builds the new export section but never writes it). */
  readonly shiftExportedGlobals: boolean
  /** Which constant expressions must be exactly `i32.const k; end`. */
  readonly offsetChecks: { readonly elementOffsets: boolean; readonly elementItems: boolean; readonly dataOffsets: boolean }
  /** How other imported globals are refused. */
  readonly importedGlobalCheck: 'module-and-name-differ' | 'exactly-one-gas-counter'
  /** Milligas of every priced instruction. */
  readonly defaultCost: number
  /** Instructions that cost nothing (FIP-0032). */
  readonly free: readonly string[]
  /** Dynamically priced instructions (nv18): static when preceded by i32.const, else charged at run time. */
  readonly linear: Readonly<Record<string, LinearCost>>
  /** v2 only: ref-fvm re-inserts a DataCount section after instrumenting (`fix_wasm_sections`). */
  readonly reinsertDataCount: boolean
}

const FIP_0032_FREE = ['nop', 'drop', 'block', 'loop', 'unreachable', 'return', 'else', 'end']

/**
 * nv17: fvm-wasm-instrument 0.2.0 (@831ea78) with `SKYR_PRICES.wasm_rules`
 * (`fvm@v2.12.1:fvm/src/gas/price_list.rs` `impl Rules for WasmGasPrices`): 4 gas per instruction,
 * FIP-0032 free set, `memory_grow_cost = Free`, bulk-memory operators flat.
 * @rule wasm.instruction-cost
 * @rule wasm.br-table-default
 */
export const NV17_RULES: InstrumentationRules = {
  version: 17,
  stackLimit: 2048,
  stackLocalsCost: 'declared-locals',
  gasModule: 'gas',
  gasCounterName: 'gas_couner',
  brTableTargets: 'default-and-table',
  shiftGlobals: 'at-or-above-gas-global',
  shiftExportedGlobals: true,
  offsetChecks: { elementOffsets: true, elementItems: false, dataOffsets: true },
  importedGlobalCheck: 'module-and-name-differ',
  defaultCost: 4000,
  free: FIP_0032_FREE,
  linear: {},
  reinsertDataCount: true,
}

/**
 * nv18: fvm-wasm-instrument 0.4.0 (@87fa4ce) with `HYGGE_PRICES.wasm_rules`
 * (`fvm@v3.14.1:fvm/src/gas/price_list.rs` L278-294 and `impl Rules for WasmGasPrices`): every
 * default is 4 gas, calls and memory access add 0, and the bulk/grow operators are linear at
 * 0.4 gas per byte (a page is 65 536 bytes, a table element 8).
 * @rule wasm.instruction-cost
 * @rule wasm.br-table-default
 * @rule wasm.memory-grow-charge
 * @rule wasm.memory-bulk-charge
 */
export const NV18_RULES: InstrumentationRules = {
  version: 18,
  stackLimit: 2048,
  stackLocalsCost: 'local-groups',
  gasModule: 'gas',
  gasCounterName: 'gas_counter',
  brTableTargets: 'table-only',
  shiftGlobals: 'all',
  shiftExportedGlobals: false,
  offsetChecks: { elementOffsets: false, elementItems: true, dataOffsets: true },
  importedGlobalCheck: 'exactly-one-gas-counter',
  defaultCost: 4000,
  free: FIP_0032_FREE,
  linear: {
    'memory.grow': { base: 4000, perUnit: 400 * 65536 },
    'memory.fill': { base: 4000, perUnit: 400 },
    'memory.copy': { base: 4000, perUnit: 400 },
    'memory.init': { base: 4000, perUnit: 400 },
    'table.init': { base: 4000, perUnit: 400 * 8 },
    'table.copy': { base: 4000, perUnit: 400 * 8 },
    'table.fill': { base: 4000, perUnit: 400 * 8 },
    'table.grow': { base: 4000, perUnit: 400 * 8 },
  },
  reinsertDataCount: false,
}

/**
 * nv21–28: the nv18 rules. `fvm@v4.8.2` pins the same fvm-wasm-instrument 0.4.0 (`Cargo.lock`,
 * `fvm/Cargo.toml` L40) and calls it the same way (`fvm/src/engine/mod.rs` `load_raw`: stack
 * limiter with `max_wasm_stack` 2048 from `fvm/src/machine/mod.rs` L151, then gas metering under
 * module "gas"). `impl Rules for WasmGasPrices` is unchanged from v3.14.1, and every v4 price list
 * has the nv18 wasm prices: `WATERMELON_PRICES.wasm_rules` (`fvm@v4.8.2:fvm/src/gas/price_list.rs`
 * L276–294, which adds only `host_call_cost`, the syscall charge) is inherited by TEEP_PRICES
 * (`..WATERMELON_PRICES.clone()`, L395).
 * @rule wasm.instruction-cost
 * @rule wasm.br-table-default
 * @rule wasm.memory-grow-charge
 * @rule wasm.memory-bulk-charge
 */
export const NV21_RULES: InstrumentationRules = { ...NV18_RULES, version: 21 }

export const INSTRUMENTATION_RULES: Readonly<Record<WasmNetworkVersion, InstrumentationRules>> = {
  17: NV17_RULES,
  18: NV18_RULES,
  21: NV21_RULES,
}

/**
 * The spec rule each field of the instrumentation rules states (for `fvm-spec rules --diff`);
 * `linear` entries name their own rule in {@link LINEAR_COST_RULE_IDS}. Checked against spec/ by
 * `instrument.test.ts`.
 *
 * @rule wasm.instruction-cost
 */
export const INSTRUMENTATION_RULE_IDS: { readonly [K in keyof InstrumentationRules]: string } = {
  version: 'invocation.engine',
  stackLimit: 'wasm.stack-limiter',
  stackLocalsCost: 'wasm.stack-limiter',
  gasModule: 'wasm.gas-counter',
  gasCounterName: 'wasm.gas-counter',
  brTableTargets: 'wasm.br-table-default',
  shiftGlobals: 'wasm.gas-counter',
  shiftExportedGlobals: 'wasm.gas-counter',
  offsetChecks: 'wasm.gas-counter',
  importedGlobalCheck: 'wasm.gas-counter',
  defaultCost: 'wasm.instruction-cost',
  free: 'wasm.instruction-cost',
  linear: 'wasm.instruction-cost',
  reinsertDataCount: 'wasm.gas-counter',
}

/** The rule of each dynamically priced instruction (`linear`); others are `wasm.instruction-cost`. */
export const LINEAR_COST_RULE_IDS: Readonly<Record<string, string>> = {
  'memory.grow': 'wasm.memory-grow-charge',
  'memory.fill': 'wasm.memory-bulk-charge',
  'memory.copy': 'wasm.memory-bulk-charge',
  'memory.init': 'wasm.memory-bulk-charge',
}

/** Rules compiled into per-operator lookup arrays. */
export interface CostTable {
  /** Fixed milligas per operator (for linear operators: the base). */
  readonly fixed: Float64Array
  /** Milligas per unit for linear operators, 0 otherwise. */
  readonly perUnit: Float64Array
}

const compiled = new WeakMap<InstrumentationRules, CostTable>()

/** @rule wasm.instruction-cost */
export function costTable(rules: InstrumentationRules): CostTable {
  let t = compiled.get(rules)
  if (t !== undefined) return t
  const fixed = new Float64Array(OP_TABLE_SIZE).fill(rules.defaultCost)
  const perUnit = new Float64Array(OP_TABLE_SIZE)
  for (const name of rules.free) fixed[op(name)] = 0
  for (const [name, c] of Object.entries(rules.linear)) {
    fixed[op(name)] = c.base
    perUnit[op(name)] = c.perUnit
  }
  t = { fixed, perUnit }
  compiled.set(rules, t)
  return t
}
