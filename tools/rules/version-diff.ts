/**
 * Everything two network versions differ in, as data (`fvm-spec rules --diff A B`): every price
 * (`price-diff.ts`), every field of their NetworkRules rows (`NETWORK_RULE_IDS`), the syscalls
 * one binds and the other does not (the syscall table), and, when their wasm rules keys differ,
 * every field of the instrumentation rules and feature policy (`INSTRUMENTATION_RULE_IDS`,
 * `WASM_POLICY_RULE_IDS`) and the engine's limits (the pooling allocator's, and the memory of one
 * instance). Each difference names its spec rule and the value on each side in
 * words: a per-release module by its name, a codec by its name, a price in gas and milligas.
 *
 * @rule runner.rules
 */
import { Codec } from '../../interpreter/ipld/cid.js'
import type { SyscallDef } from '../../interpreter/kernel/abi.js'
import { syscallsFor } from '../../interpreter/kernel/syscall-table.js'
import { MAX_INSTANCE_MEMORY_PAGES } from '../../interpreter/invocation/engine.js'
import { NETWORK_RULE_IDS, type NetworkRules } from '../../interpreter/machine/network-rules.js'
import { FVM_RELEASES } from '../../interpreter/types/network-version.js'
import { INSTRUMENTATION_RULE_IDS, INSTRUMENTATION_RULES, LINEAR_COST_RULE_IDS, type LinearCost } from '../../interpreter/wasm/instrument/rules.js'
import { EXPORT_FUNC, EXPORT_GLOBAL, EXPORT_MEMORY, EXPORT_TABLE, F32, F64, I32, I64 } from '../../interpreter/wasm/module.js'
import { POOLING_LIMITS, type PoolingLimits } from '../../interpreter/wasm/limits.js'
import { WASM_POLICIES, WASM_POLICY_RULE_IDS, type RequiredExport, type WasmNetworkVersion } from '../../interpreter/wasm/validate.js'
import { diffPriceLists, formatPrice, type PriceDifference } from './price-diff.js'

/** One field that differs: where, under which rule, and each side in words. */
export interface FieldDifference {
  readonly path: string
  readonly rule: string
  readonly a: string
  readonly b: string
}

/** A syscall as the table binds it: `module.name`, its rule, its wasm signature in words. */
export interface SyscallEntry {
  readonly name: string
  readonly rule: string
  readonly signature: string
}

export interface VersionDiff {
  readonly a: NetworkRules
  readonly b: NetworkRules
  readonly prices: readonly PriceDifference[]
  readonly networkRules: readonly FieldDifference[]
  readonly syscalls: {
    readonly onlyA: readonly SyscallEntry[]
    readonly onlyB: readonly SyscallEntry[]
    /** Bound at both, with another signature. */
    readonly changed: readonly { readonly name: string; readonly rule: string; readonly a: string; readonly b: string }[]
  }
  /** Instrumentation (`instrumentation.*`) and feature policy (`policy.*`) fields; empty when the rules key is the same. */
  readonly wasm: readonly FieldDifference[]
}

const CODEC_NAMES: ReadonlyMap<number, string> = new Map([
  [Codec.IPLD_RAW, 'RAW'],
  [Codec.DAG_CBOR, 'DAG-CBOR'],
  [Codec.CBOR, 'CBOR'],
])
const VALUE_TYPES: ReadonlyMap<number, string> = new Map([
  [I32, 'i32'],
  [I64, 'i64'],
  [F32, 'f32'],
  [F64, 'f64'],
])
const EXPORT_KINDS: ReadonlyMap<number, string> = new Map([
  [EXPORT_FUNC, 'func'],
  [EXPORT_TABLE, 'table'],
  [EXPORT_MEMORY, 'memory'],
  [EXPORT_GLOBAL, 'global'],
])

const codec = (c: number): string => `${CODEC_NAMES.get(c) ?? 'codec'} (0x${c.toString(16)})`
const list = (xs: readonly string[]): string => (xs.length === 0 ? '(none)' : xs.join(', '))
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Set)

/** Any value in words: a module by its name (and rule), a list or set by its members, a record by its fields. */
export function describe(v: unknown): string {
  if (v === undefined) return 'absent'
  if (v === null) return 'none'
  if (typeof v === 'boolean') return v ? 'yes' : 'no'
  if (typeof v === 'function') return v.name === '' ? 'a function' : `function ${v.name}`
  if (typeof v !== 'object') return String(v as string | number | bigint)
  if (v instanceof Set) return list([...(v as Set<unknown>)].map(describe).sort())
  if (Array.isArray(v)) return list(v.map(describe))
  const r = v as Record<string, unknown>
  if (typeof r['module'] === 'string') return typeof r['rule'] === 'string' ? `${r['module']} (${r['rule']})` : r['module']
  if (typeof r['name'] === 'string') return r['name']
  return `{ ${Object.entries(r).map(([k, x]) => `${k}: ${describe(x)}`).join(', ')} }`
}

/** Fields of a row said in their own words where `describe` would say less. */
const ROW_WORDS: { readonly [K in keyof NetworkRules]?: (v: NetworkRules[K]) => string } = {
  fvm: (v) => `${v} (${FVM_RELEASES.find((r) => r.fvm === v)?.tag ?? 'unknown release'})`,
  builtinActors: (v) => `actors v${v}`,
  paramsCodec: (f) => (f(0n) === f(1n) ? codec(f(0n)) : `method 0: ${codec(f(0n))}, others: ${codec(f(1n))}`),
  registryCodecs: (v) => list(v.map(codec)),
  maxBlockSize: (v) => (v === null ? 'no limit' : `${v} bytes${v % (1 << 20) === 0 ? ` (${v / (1 << 20)} MiB)` : ''}`),
}

/** A row's field in words. */
export function describeRowField<K extends keyof NetworkRules>(key: K, value: NetworkRules[K]): string {
  const words = ROW_WORDS[key] as ((v: NetworkRules[K]) => string) | undefined
  return words === undefined ? describe(value) : words(value)
}

/** Every field two rows differ in (but `nv`, which always does), in the rows' field order. */
export function diffRows(a: NetworkRules, b: NetworkRules): FieldDifference[] {
  const out: FieldDifference[] = []
  for (const key of Object.keys(NETWORK_RULE_IDS) as (keyof NetworkRules)[]) {
    if (key === 'nv') continue
    const ta = describeRowField(key, a[key])
    const tb = describeRowField(key, b[key])
    // Two different functions may read alike; a function is the same only if it is the same one.
    const differs = ta !== tb || (typeof a[key] === 'function' && ROW_WORDS[key] === undefined && a[key] !== b[key])
    if (differs) out.push({ path: key, rule: NETWORK_RULE_IDS[key], a: ta, b: tb })
  }
  return out
}

/** A syscall's wasm signature: `(i32, i64) → i32, out 8 bytes`. */
export function syscallSignature(d: SyscallDef): string {
  const params = `(${['i32 out', ...d.params].slice(d.out > 0 ? 0 : 1).join(', ')})`
  return `${params}${d.diverges === true ? ' → never returns' : ' → i32'}${d.out > 0 ? `, out ${d.out} bytes` : ''}`
}

/** Syscalls bound at one side only, and those bound at both with another signature. */
export function diffSyscalls(a: NetworkRules, b: NetworkRules): VersionDiff['syscalls'] {
  const byName = (rows: readonly SyscallDef[]) => new Map(rows.map((d) => [`${d.module}.${d.name}`, d]))
  const sa = byName(syscallsFor(a.fvm))
  const sb = byName(syscallsFor(b.fvm))
  const entry = (name: string, d: SyscallDef): SyscallEntry => ({ name, rule: d.rule, signature: syscallSignature(d) })
  return {
    onlyA: [...sa].filter(([n]) => !sb.has(n)).map(([n, d]) => entry(n, d)),
    onlyB: [...sb].filter(([n]) => !sa.has(n)).map(([n, d]) => entry(n, d)),
    changed: [...sa].flatMap(([n, d]) => {
      const other = sb.get(n)
      if (other === undefined || syscallSignature(d) === syscallSignature(other)) return []
      return [{ name: n, rule: d.rule, a: syscallSignature(d), b: syscallSignature(other) }]
    }),
  }
}

const milligas = (v: number): string => formatPrice('', 'milligas', BigInt(v))
const linearCost = (c: LinearCost | undefined): string => (c === undefined ? 'absent (flat default)' : `${milligas(c.base)} + ${milligas(c.perUnit)} per unit`)
const requiredExport = (e: RequiredExport): string =>
  `${e.name} (${EXPORT_KINDS.get(e.kind) ?? e.kind}${e.params === undefined ? '' : ` (${e.params.map((t) => VALUE_TYPES.get(t) ?? t).join(', ')}) → ${(e.results ?? []).map((t) => VALUE_TYPES.get(t) ?? t).join(', ')}`})`

/** Wasm fields in their own words, by field name. */
const WASM_WORDS: Readonly<Record<string, (v: never) => string>> = {
  defaultCost: (v: number) => milligas(v),
  valueTypes: (v: ReadonlySet<number>) => list([...v].map((t) => VALUE_TYPES.get(t) ?? String(t))),
  requiredExports: (v: readonly RequiredExport[]) => list(v.map(requiredExport)),
}

/** Field-by-field differences of two records (a `linear` table entry by entry, other records by their fields). */
function diffRecords(prefix: string, a: Record<string, unknown>, b: Record<string, unknown>, ruleOf: (key: string) => string): FieldDifference[] {
  const out: FieldDifference[] = []
  for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
    // The rules key itself, which the row's `wasmRules` already shows.
    if (key === 'version') continue
    const va = a[key]
    const vb = b[key]
    if (key === 'linear' && isRecord(va) && isRecord(vb)) {
      for (const op of [...new Set([...Object.keys(va), ...Object.keys(vb)])].sort()) {
        const [ta, tb] = [linearCost(va[op] as LinearCost | undefined), linearCost(vb[op] as LinearCost | undefined)]
        if (ta !== tb) out.push({ path: `${prefix}.linear[${op}]`, rule: LINEAR_COST_RULE_IDS[op] ?? ruleOf(key), a: ta, b: tb })
      }
      continue
    }
    if (isRecord(va) && isRecord(vb)) {
      out.push(...diffRecords(`${prefix}.${key}`, va, vb, () => ruleOf(key)))
      continue
    }
    const words = WASM_WORDS[key] as ((v: unknown) => string) | undefined
    const [ta, tb] = words === undefined ? [describe(va), describe(vb)] : [words(va), words(vb)]
    if (ta !== tb) out.push({ path: `${prefix}.${key}`, rule: ruleOf(key), a: ta, b: tb })
  }
  return out
}

/** The pooling allocator's limits (nv18+) in words. */
const POOLING_WORDS: { readonly [K in keyof PoolingLimits]: (v: number) => string } = {
  memoriesPerModule: (v) => `${v} per module`,
  tablesPerModule: (v) => `${v} per module`,
  tableElements: (v) => `${v} elements`,
  memoryBytes: (v) => `${v} bytes (${v / (1 << 20)} MiB)`,
  coreInstanceBytes: (v) => `${v} bytes (${v / (1 << 20)} MiB)`,
}

/** A wasm rules key's engine limits in words: the pooling allocator's (`invocation.pooling-limits`) and one instance's memory (`invocation.memory-limits`). */
function engineLimits(key: WasmNetworkVersion): Record<string, string> {
  const pooling = POOLING_LIMITS[key]
  const pages = MAX_INSTANCE_MEMORY_PAGES[key]
  const fields = Object.keys(POOLING_WORDS) as (keyof PoolingLimits)[]
  return {
    ...Object.fromEntries(fields.map((f) => [`pooling.${f}`, pooling === null ? 'none (no pooling allocator)' : POOLING_WORDS[f](pooling[f])])),
    instanceMemoryPages: pages === null ? 'no limit' : `${pages} pages (${(pages * 65536) / (1 << 20)} MiB)`,
  }
}

/** Instrumentation, feature-policy and engine-limit differences between two rows' wasm rules keys. */
export function diffWasm(a: NetworkRules, b: NetworkRules): FieldDifference[] {
  if (a.wasmRules === b.wasmRules) return []
  const rule = (ids: Readonly<Record<string, string>>) => (key: string) => ids[key] ?? 'invocation.engine'
  const limitRule = (key: string): string => (key === 'instanceMemoryPages' ? 'invocation.memory-limits' : 'invocation.pooling-limits')
  return [
    ...diffRecords('instrumentation', { ...INSTRUMENTATION_RULES[a.wasmRules] }, { ...INSTRUMENTATION_RULES[b.wasmRules] }, rule(INSTRUMENTATION_RULE_IDS)),
    ...diffRecords('policy', { ...WASM_POLICIES[a.wasmRules] }, { ...WASM_POLICIES[b.wasmRules] }, rule(WASM_POLICY_RULE_IDS)),
    ...diffRecords('limits', engineLimits(a.wasmRules), engineLimits(b.wasmRules), limitRule),
  ]
}

/** Everything rows `a` and `b` differ in. */
export function diffVersions(a: NetworkRules, b: NetworkRules): VersionDiff {
  return { a, b, prices: diffPriceLists(a.priceList, b.priceList), networkRules: diffRows(a, b), syscalls: diffSyscalls(a, b), wasm: diffWasm(a, b) }
}

/** `label  [rule]  a → b`, labels padded to the longest in the section. */
function section(rows: readonly { label: string; rule: string; a: string; b: string }[]): string[] {
  const width = Math.min(48, Math.max(0, ...rows.map((r) => r.label.length)))
  return rows.map((r) => `  ${r.label.padEnd(width)}  [${r.rule}]  ${r.a} → ${r.b}`)
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

/** The diff for people: a header, then prices, network rules, syscalls and wasm, each with its count. */
export function formatVersionDiff(d: VersionDiff): string[] {
  const side = (r: NetworkRules) => `nv${r.nv} (${r.name}, fvm ${r.fvm}, ${r.priceList.name} prices)`
  const nvA = `nv${d.a.nv}`
  const nvB = `nv${d.b.nv}`
  const { onlyA, onlyB, changed } = d.syscalls
  const syscallCount = onlyA.length + onlyB.length + changed.length
  const total = d.prices.length + d.networkRules.length + syscallCount + d.wasm.length
  const out = [`${side(d.a)} → ${side(d.b)}: ${total === 0 ? 'no differences' : plural(total, 'difference')}`]
  if (total === 0) return out
  out.push('', `prices (${d.a.priceList.name} → ${d.b.priceList.name}): ${d.prices.length === 0 ? 'the same' : `${d.prices.length} differ`}`)
  out.push(...section(d.prices.map((p) => ({ label: p.label, rule: p.rule, a: p.aText, b: p.bText }))))
  out.push('', `network rules: ${d.networkRules.length === 0 ? 'the same' : `${d.networkRules.length} fields differ`}`)
  out.push(...section(d.networkRules.map((f) => ({ label: f.path, ...f }))))
  out.push('', `syscalls (fvm ${d.a.fvm} → ${d.b.fvm}): ${syscallCount === 0 ? 'the same' : `${onlyA.length} only at ${nvA}, ${onlyB.length} only at ${nvB}, ${changed.length} with another signature`}`)
  const bound = (xs: readonly SyscallEntry[]) => {
    const width = Math.max(0, ...xs.map((x) => x.name.length))
    return xs.map((x) => `    ${x.name.padEnd(width)}  [${x.rule}]  ${x.signature}`)
  }
  if (onlyA.length > 0) out.push(`  only at ${nvA}:`, ...bound(onlyA))
  if (onlyB.length > 0) out.push(`  only at ${nvB}:`, ...bound(onlyB))
  if (changed.length > 0) out.push('  another signature:', ...section(changed.map((c) => ({ label: `  ${c.name}`, ...c }))))
  out.push('', `wasm (rules key ${d.a.wasmRules} → ${d.b.wasmRules}): ${d.wasm.length === 0 ? 'the same' : `${d.wasm.length} differ`}`)
  out.push(...section(d.wasm.map((f) => ({ label: f.path, ...f }))))
  return out
}

/** A price leaf for JSON: bigints as decimal strings, lists as arrays, absent/none as null. */
function leafJson(v: PriceDifference['a']): unknown {
  if (v === undefined || v === null) return null
  if (typeof v === 'bigint') return v.toString()
  if (Array.isArray(v)) return v.map((x) => String(x))
  return v
}

/** The diff as one JSON-ready object. */
export function versionDiffToJson(d: VersionDiff): Record<string, unknown> {
  const side = (r: NetworkRules) => ({ nv: r.nv, name: r.name, fvm: r.fvm, price_list: r.priceList.name, wasm_rules: r.wasmRules })
  return {
    a: side(d.a),
    b: side(d.b),
    prices: d.prices.map((p) => ({ path: p.path, label: p.label, rule: p.rule, unit: p.unit, a: leafJson(p.a), b: leafJson(p.b), a_text: p.aText, b_text: p.bText })),
    network_rules: d.networkRules,
    syscalls: { only_a: d.syscalls.onlyA, only_b: d.syscalls.onlyB, changed: d.syscalls.changed },
    wasm: d.wasm,
  }
}
