/**
 * The FVM's wasm feature policy, per network version, as data; and the check of a decoded module
 * against it. A refused module raises `WasmError` with the reason.
 *
 * ref-fvm loads actor code in three steps that can each refuse a module: wasmtime's validator
 * (features configured in `fvm/src/machine/engine.rs` (v2) / `fvm/src/engine/mod.rs` (v3, v4)),
 * then the two fvm-wasm-instrument passes, whose parsers accept fewer operators than wasmtime
 * (parity-wasm 0.42 with only its `bulk` feature for nv17; wasmparser 0.95 for nv18). The
 * policy below is the intersection.
 */
import { WasmError } from './error.js'
import { decodeModule, operatorUsage } from './decoder.js'
import type { Import, WasmModule } from './module.js'
import { EXPORT_FUNC, EXPORT_MEMORY, I32, funcTypeOf } from './module.js'
import { Feature, OPS, opName } from './opcodes.js'

/**
 * The key of a version's wasm rules: 17 for nv17 (ref-fvm v2.12.1), 18 for nv18–20 (v3.14.1), 21
 * for nv21–28 (v4.8.2). The rules change with the FVM release, not with every network version;
 * each row of `machine/network-rules.ts` names its key (`wasmRules`).
 */
export type WasmNetworkVersion = 17 | 18 | 21

/** The network versions each wasm rules key covers, for messages. */
export const WASM_RULES_LABEL: Readonly<Record<WasmNetworkVersion, string>> = { 17: 'nv17', 18: 'nv18–20', 21: 'nv21–28' }

export interface RequiredExport {
  readonly name: string
  readonly kind: number
  /** For functions: the required signature. */
  readonly params?: readonly number[]
  readonly results?: readonly number[]
}

export interface WasmPolicy {
  readonly version: WasmNetworkVersion
  /** Operator feature classes the version accepts (opcodes.ts `Feature`). */
  readonly features: ReadonlySet<Feature>
  /** Whether a call_indirect table index may use a multi-byte LEB (the reference-types encoding). */
  readonly wideCallIndirectTableIndex: boolean
  /** Function types may have at most this many results (multi-value is off in both versions). */
  readonly maxResults: number
  /** Value types allowed in function types, locals and globals. */
  readonly valueTypes: ReadonlySet<number>
  readonly maxTables: number
  readonly maxMemories: number
  /** Element segment flag words accepted (0 = active funcref indices, 1 = passive indices, ...). */
  readonly elementFlags: ReadonlySet<number>
  readonly dataFlags: ReadonlySet<number>
  /** Import kinds the FVM linker can satisfy (it defines functions only, plus its own gas global). */
  readonly importKinds: ReadonlySet<Import['desc']['kind']>
  readonly requiredExports: readonly RequiredExport[]
}

/**
 * Floats are allowed in every version. wasmtime runs them with NaN canonicalisation on; the JS
 * engine does not canonicalise, so the instrumentation does (instrument/nan-canonicalise.ts).
 * @rule wasm.nan-canonicalisation
 */
const NUMERIC = new Set([0x7f, 0x7e, 0x7d, 0x7c])

/**
 * nv17 (fvm v2.12.1): wasmtime validation, then fvm-wasm-instrument 0.2.0 over parity-wasm 0.42.2
 * built with only the `bulk` feature (`fvm@v2.12.1:fvm/Cargo.toml`): sign-extension and the
 * saturating conversions do not parse (parity-wasm's `sign_ext` feature is off and it has no
 * non-trapping conversions at all), nor do table.get/set/size/grow/fill, and parity-wasm reads the
 * call_indirect table immediate as one byte.
 * @rule wasm.feature-policy
 * @rule wasm.required-exports
 */
export const NV17_POLICY: WasmPolicy = {
  version: 17,
  features: new Set([Feature.Mvp, Feature.Float, Feature.BulkMemory]),
  wideCallIndirectTableIndex: false,
  maxResults: 1,
  valueTypes: NUMERIC,
  maxTables: 1,
  maxMemories: 1,
  elementFlags: new Set([0, 1]),
  dataFlags: new Set([0, 1]),
  importKinds: new Set(['func']),
  requiredExports: [
    { name: 'invoke', kind: EXPORT_FUNC, params: [I32], results: [I32] },
    { name: 'memory', kind: EXPORT_MEMORY },
  ],
}

/**
 * nv18 (fvm v3.14.1): wasmtime validation, then fvm-wasm-instrument 0.4.0 over wasmparser 0.95,
 * which reads sign-extension, saturating conversions, bulk memory and the table instructions; its
 * price table (`fvm@v3.14.1:fvm/src/gas/price_list.rs`) prices all of them and refuses typed
 * select, ref.*, exceptions, tail calls, atomics and SIMD.
 * @rule wasm.feature-policy
 * @rule wasm.required-exports
 */
export const NV18_POLICY: WasmPolicy = {
  ...NV17_POLICY,
  version: 18,
  features: new Set([Feature.Mvp, Feature.Float, Feature.BulkMemory, Feature.SignExt, Feature.SatTrunc, Feature.TableOps]),
  wideCallIndirectTableIndex: true,
}

/**
 * nv21–28 (fvm v4.8.2): the same policy as nv18. The wasmtime configuration
 * (`fvm@v4.8.2:fvm/src/engine/mod.rs` `wasmtime_config`) differs from v3.14.1's only in comments,
 * both pin wasmtime 36.0.7 and fvm-wasm-instrument 0.4.0 (each tag's `Cargo.lock`), and the
 * price table (`impl Rules for WasmGasPrices`) is unchanged.
 * @rule wasm.feature-policy
 * @rule wasm.required-exports
 */
export const NV21_POLICY: WasmPolicy = { ...NV18_POLICY, version: 21 }

export const WASM_POLICIES: Readonly<Record<WasmNetworkVersion, WasmPolicy>> = { 17: NV17_POLICY, 18: NV18_POLICY, 21: NV21_POLICY }

/**
 * The spec rule each field of a feature policy states (for `fvm-spec rules --diff`); checked
 * against spec/ by `validate.test.ts`.
 *
 * @rule wasm.feature-policy
 */
export const WASM_POLICY_RULE_IDS: { readonly [K in keyof WasmPolicy]: string } = {
  version: 'invocation.engine',
  features: 'wasm.feature-policy',
  wideCallIndirectTableIndex: 'wasm.feature-policy',
  maxResults: 'wasm.feature-policy',
  valueTypes: 'wasm.feature-policy',
  maxTables: 'wasm.feature-policy',
  maxMemories: 'wasm.feature-policy',
  elementFlags: 'wasm.feature-policy',
  dataFlags: 'wasm.feature-policy',
  importKinds: 'wasm.feature-policy',
  requiredExports: 'wasm.required-exports',
}

export interface ValidationHooks {
  /** Returns a reason to refuse an import (e.g. a syscall the version does not have), or null. */
  readonly checkImport?: (imp: Import) => string | null
}

/**
 * Checks a decoded module against a policy; throws `WasmError` with the first reason found.
 * @rule wasm.feature-policy
 */
export function validateModule(m: WasmModule, policy: WasmPolicy, hooks: ValidationHooks = {}): void {
  const nv = WASM_RULES_LABEL[policy.version]
  const usage = operatorUsage(m)
  for (let op = 0; op < usage.ops.length; op++) {
    if (usage.ops[op] === 0) continue
    const info = OPS[op]
    if (info === undefined) throw new WasmError(`${nv}: unknown operator ${opName(op)}`)
    if (!policy.features.has(info.feature)) {
      throw new WasmError(`${nv} refuses ${info.name}: feature ${info.feature} is not enabled for this version`)
    }
  }
  if (usage.wideCallIndirectTableIndex && !policy.wideCallIndirectTableIndex) {
    throw new WasmError(`${nv} refuses a call_indirect whose table index is not the single byte 0x00`)
  }
  m.types.forEach((t, i) => {
    if (t.results.length > policy.maxResults) throw new WasmError(`${nv} refuses type ${i}: multi-value results`)
    for (const v of [...t.params, ...t.results]) {
      if (!policy.valueTypes.has(v)) throw new WasmError(`${nv} refuses type ${i}: reference-typed value 0x${v.toString(16)}`)
    }
  })
  m.codes.forEach((c, i) => {
    for (const l of c.locals) {
      if (!policy.valueTypes.has(l.type)) throw new WasmError(`${nv} refuses function ${i}: reference-typed local`)
    }
  })
  m.globals.forEach((g, i) => {
    if (!policy.valueTypes.has(g.type.valType)) throw new WasmError(`${nv} refuses global ${i}: reference-typed global`)
  })
  let tables = m.tables.length
  let memories = m.memories.length
  for (const imp of m.imports) {
    if (!policy.importKinds.has(imp.desc.kind)) {
      throw new WasmError(`${nv} refuses import ${imp.module}.${imp.name}: ${imp.desc.kind} imports cannot be satisfied`)
    }
    if (imp.desc.kind === 'table') tables++
    if (imp.desc.kind === 'memory') memories++
    const reason = hooks.checkImport?.(imp) ?? null
    if (reason !== null) throw new WasmError(`${nv} refuses import ${imp.module}.${imp.name}: ${reason}`)
  }
  if (tables > policy.maxTables) throw new WasmError(`${nv} refuses ${tables} tables (at most ${policy.maxTables})`)
  if (memories > policy.maxMemories) throw new WasmError(`${nv} refuses ${memories} memories (multi-memory is off)`)
  for (const t of m.tables) {
    if (t.elemType !== 0x70) throw new WasmError(`${nv} refuses an externref table (reference types)`)
  }
  m.elements.forEach((e, i) => {
    if (!policy.elementFlags.has(e.flags)) throw new WasmError(`${nv} refuses element segment ${i} (form ${e.flags})`)
  })
  m.datas.forEach((d, i) => {
    if (!policy.dataFlags.has(d.flags)) throw new WasmError(`${nv} refuses data segment ${i} (form ${d.flags})`)
  })
  validateExports(m, policy)
}

/** @rule wasm.required-exports */
function validateExports(m: WasmModule, policy: WasmPolicy): void {
  for (const req of policy.requiredExports) {
    const e = m.exports.find((x) => x.name === req.name)
    if (e === undefined || e.kind !== req.kind) {
      throw new WasmError(`${WASM_RULES_LABEL[policy.version]}: actor module must export ${req.name}`)
    }
    if (req.params !== undefined && req.results !== undefined) {
      const t = funcTypeOf(m, e.index)
      const ok = t !== undefined && t.params.length === req.params.length && t.results.length === req.results.length &&
        t.params.every((p, i) => p === req.params?.[i]) && t.results.every((r, i) => r === req.results?.[i])
      if (!ok) throw new WasmError(`${WASM_RULES_LABEL[policy.version]}: export ${req.name} must have type (i32) -> i32`)
    }
  }
}

/**
 * The whole load check: engine validation (the JS engine's validator stands in for wasmtime's
 * `Module::validate`), decoding, and the version's policy. Returns the decoded module.
 */
export function loadModule(bytes: Uint8Array, version: WasmNetworkVersion, hooks: ValidationHooks = {}): WasmModule {
  const m = decodeModule(bytes)
  validateModule(m, WASM_POLICIES[version], hooks)
  if (!WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>)) {
    throw new WasmError(`${WASM_RULES_LABEL[version]}: module fails WebAssembly validation`)
  }
  return m
}
