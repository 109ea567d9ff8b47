/**
 * Rule coverage: which spec rules a corpus exercises, computed from what fvm-spec observes when
 * it runs the corpus with tracing on — the receipts (exit code, gas used, failure info) and the
 * trace events (call, return, call-error, syscall, gas) of every message. Nothing is attributed
 * from a vector's own description; each rule below is credited by one stated observation.
 *
 * | rules | credited when |
 * |---|---|
 * | a syscall's rule (`kernel/syscall-table.ts` `rule`) | a `syscall` event names it at that version |
 * | `gas.*` of a charge | a `gas` event has a charge name of `CHARGE_RULES`; a name outside it right after a `gas.charge` syscall is the actor's own charge (`gas.wasm`) |
 * | `gas.*` of a price model | a `gas` event matches `MODEL_RULES` under the version's price list |
 * | exit codes (`types.exit-codes`) | a receipt carries the code, per network version |
 * | executor, call manager, invocation | by the receipt/trace patterns in `attributeMessage` |
 * | loading (`vector.*`, `car.read`, …) | the vector loaded and its machine was built (`LOAD_RULES`) |
 *
 * @rule runner.rule-coverage
 */
import { isLeft } from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CHARGE_NAMES } from '../interpreter/gas/charge-names.js'
import { syscallsFor } from '../interpreter/kernel/syscall-table.js'
import { onVerifyAggregateSeals, SealProof, type PriceList } from '../interpreter/gas/price-list.js'
import type { ActorInvoker } from '../interpreter/call-manager/invoke.js'
import { Engine } from '../interpreter/invocation/engine.js'
import { createInvoker } from '../interpreter/invocation/container.js'
import { FATAL_ERROR_GAS, type TraceEvent } from '../interpreter/trace/trace.js'
import { decodeMessage } from '../interpreter/types/message.js'
import { networkRulesFor, requireNetworkRules } from '../interpreter/machine/network-rules.js'
import type { FvmVersion, NetworkVersion } from '../interpreter/types/network-version.js'
import { definedRules } from '../spec/rules.js'
import { loadVector } from './load.js'
import { executeLoaded, type RunOptions } from './run-vector.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Every fixed charge name and the `gas.*` rule of the function that makes it: the registry kept
 * next to the charge functions (interpreter/gas/charge-names.ts). `coverage.test.ts` re-derives
 * it from price-list.ts's doc comments and fails when the two differ.
 *
 * @rule runner.rule-coverage
 */
export const CHARGE_RULES: Readonly<Record<string, string>> = CHARGE_NAMES

/**
 * Gas rules a message vector cannot exercise: `gas.tipset-cid` is charged only on the way to the
 * tipset-CID extern, which the conformance runners (ref-fvm's TestExterns, fvm-spec's replaying
 * externs) do not implement — the message would fail fatally there.
 */
export const UNREACHABLE_GAS_RULES: Readonly<Record<string, string>> = {
  'gas.tipset-cid': 'charged only before calling the tipset-CID extern, which no conformance runner implements (fatal)',
}

/** Charge names no message can produce (ref-fvm declares them but never charges them on mainnet). */
export const UNCHARGED_NAMES: Readonly<Record<string, string>> = {
  OnActorCreate: 'declared in ref-fvm v3, never charged',
  OnInstallActor: 'only with the m2-native feature, never on mainnet',
  OnUtf8Validation: 'declared in ref-fvm v4.8.2, never charged',
  wasm_table_init: 'only for modules exporting a table; no built-in or test-bundle actor does',
}

/**
 * Gas rules that have no charge name of their own: they state how a price list prices a charge
 * that other rules name, so they are credited from that charge at a version whose price list has
 * the model, by the stated observation.
 *
 * | rule | credited when |
 * |---|---|
 * | `gas.randomness-lookback` | an `OnGetRandomness` or `OnTipsetCid` charge under a price list whose randomness (tipset CID) price is the lookback model |
 * | `gas.ni-porep` | an `OnVerifyAggregateSeals` charge equal to the price, under that price list, of an aggregate of n NI-PoRep seals (types 18, 19) for some n ≤ 65, where the list has NI-PoRep entries of its own |
 *
 * @rule runner.rule-coverage
 */
export const MODEL_RULES: Readonly<Record<string, (pl: PriceList, charge: { readonly name: string; readonly compute: bigint; readonly other: bigint }) => boolean>> = {
  'gas.randomness-lookback': (pl, c) => (c.name === 'OnGetRandomness' && pl.randomness.model === 'lookback') || (c.name === 'OnTipsetCid' && pl.tipsetCid?.model === 'lookback'),
  'gas.ni-porep': (pl, c) => c.name === 'OnVerifyAggregateSeals' && niPorepPrices(pl).has(c.compute),
}

const NI_POREP = [SealProof.StackedDRG32GiBV1P2_Feat_NiPoRep, SealProof.StackedDRG64GiBV1P2_Feat_NiPoRep]
const niCache = new Map<PriceList, ReadonlySet<bigint>>()
/** Every price of an aggregate of 1–65 NI-PoRep seals under `pl`, when it has NI-PoRep entries of its own. */
function niPorepPrices(pl: PriceList): ReadonlySet<bigint> {
  let set = niCache.get(pl)
  if (set === undefined) {
    const own = NI_POREP.filter((p) => pl.verifyAggregateSealPer[p] !== undefined)
    set = new Set(own.flatMap((p) => Array.from({ length: 65 }, (_, i) => onVerifyAggregateSeals(pl, p, BigInt(i + 1)).compute)))
    niCache.set(pl, set)
  }
  return set
}

/**
 * Gas rules that only some price lists can exercise, and when; every other gas rule applies to
 * every version. Per version, coverage expects the rules that apply to it.
 *
 * @rule runner.rule-coverage
 */
export const GAS_RULE_APPLIES: Readonly<Record<string, (pl: PriceList) => boolean>> = {
  // v2 (nv17) has no state-access or accessor charges and prices a transfer inside the invocation.
  'gas.state-access': (pl) => pl.actorLookup !== null,
  'gas.accessors': (pl) => pl.resolveAddress !== null,
  'gas.value-transfer': (pl) => pl.send.model === 'split',
  'gas.events': (pl) => pl.events?.model === 'validate-accept',
  'gas.events-v4': (pl) => pl.events?.model === 'per-entry',
  'gas.ipld-scan': (pl) => pl.ipld !== null,
  'gas.ipld-link-tracking': (pl) => pl.ipld !== null,
  'gas.verify-bls-aggregate': (pl) => pl.blsAggregate !== null,
  'gas.randomness-lookback': (pl) => pl.randomness.model === 'lookback',
  'gas.ni-porep': (pl) => NI_POREP.some((p) => pl.verifyAggregateSealPer[p] !== undefined),
}

/**
 * Gas rules the generated corpus leaves out at a release, and why: reachable, but not with an
 * outcome every conformance runner reproduces.
 *
 * @rule runner.rule-coverage
 */
export const AVOIDED_GAS_RULES: Readonly<Partial<Record<FvmVersion, Readonly<Record<string, string>>>>> = {
  v4: {
    'gas.verify-post':
      "ref-fvm's v4 conformance kernel verifies PoSts for real (testing/conformance/src/vm.rs L243–246), so OnVerifyPost is followed by a verdict no generated (fake) proof can fix; the generator calls verify_post at v4 only with undecodable inputs",
  },
}

/** The gas rules a version can exercise: those with a charge name or a model, minus the unreachable and avoided ones, that apply to its price list. */
export function gasRulesFor(nv: NetworkVersion): string[] {
  const rules = requireNetworkRules(nv)
  const avoided = AVOIDED_GAS_RULES[rules.fvm] ?? {}
  return [...new Set([...Object.values(CHARGE_RULES), ...Object.keys(MODEL_RULES)])]
    .filter((r) => UNREACHABLE_GAS_RULES[r] === undefined && avoided[r] === undefined && (GAS_RULE_APPLIES[r]?.(rules.priceList) ?? true))
    .sort()
}

/** The system exit codes a message's receipt can carry (the same at every version); the corpus must show each at each version it has vectors for. */
export const REQUIRED_EXIT_CODES: readonly number[] = [0, 1, 2, 4, 5, 6, 7, 9, 10, 11]

/**
 * The classes of user exit codes (an actor's own, ≥ 16); the corpus must show each at each
 * version. The high class is negative as an i32, which an implementation might mishandle.
 */
export const USER_EXIT_CLASSES: readonly { readonly name: string; readonly has: (code: number) => boolean }[] = [
  { name: 'named in both versions (16-24)', has: (c) => c >= 16 && c <= 24 },
  { name: 'named in v3 only (25-26)', has: (c) => c === 25 || c === 26 },
  { name: 'unnamed (27 .. 2^31-1)', has: (c) => c >= 27 && c < 0x8000_0000 },
  { name: 'negative as i32 (>= 2^31)', has: (c) => c >= 0x8000_0000 },
]

/** Exit codes no message can end with (documented in docs/differential-testing.md). */
export const UNREACHABLE_EXIT_CODES: Readonly<Record<string, string>> = {
  '3': 'SYS_INVALID_METHOD: named in v2 but never produced by ref-fvm v2; reserved in v3',
  '8': 'reserved',
  '12-15': 'reserved',
}

/** One message as observed. */
export interface ObservedMessage {
  readonly exitCode: number
  readonly gasUsed: bigint
  readonly gasLimit: bigint
  readonly value: bigint
  readonly method: bigint
  readonly failureInfo: string | null
  readonly trace: readonly TraceEvent[]
}

export interface ObservedVector {
  readonly file: string
  readonly nv: number
  /** Rules exercised by loading the vector and setting up its machine. */
  readonly loadRules: readonly string[]
  readonly messages: readonly ObservedMessage[]
}

/** Loading any vector reads its JSON, base64, gzipped CAR and pre-state, and builds a machine. */
const LOAD_RULES = ['vector.schema', 'vector.json-integers', 'vector.base64', 'vector.car-encoding', 'vector.pre-root-in-car', 'car.read', 'ipld.car-verify', 'types.message-tuple', 'state.root-versions', 'machine.manifest', 'machine.context', 'machine.externs']

let invoker: ActorInvoker | undefined

/** Runs a vector with tracing (and actor code) and returns what was observed, or a reason it could not be. */
export function observeVector(text: string, file: string, opts: RunOptions = {}): ObservedVector | string {
  const loaded = loadVector(text, file)
  if (isLeft(loaded)) return `${loaded.left.kind}: ${loaded.left.message}`
  const v = loaded.right
  const variant = v.variants[0]
  if (variant === undefined) return 'no variant'
  // No persistent module cache: code coverage must see the instrumentation run.
  invoker ??= createInvoker({ engine: new Engine({ cache: false }) })
  const x = executeLoaded(v, variant, { invoker, ...opts, trace: true })
  if (x.kind === 'threw') return `message ${x.index}: ${(x.error as Error).message}`
  const messages = x.applied.map((a, i): ObservedMessage => {
    const m = decodeMessage((v.messages[i] as { bytes: Uint8Array }).bytes, requireNetworkRules(variant.nv).messageCodec)
    return { exitCode: a.receipt.exitCode, gasUsed: a.receipt.gasUsed, gasLimit: m.gasLimit, value: m.value, method: m.method, failureInfo: a.failureInfo, trace: a.trace }
  })
  const loadRules = [...LOAD_RULES, ...(v.randomness.length > 0 ? ['vector.randomness-records'] : [])]
  return { file, nv: variant.nv, loadRules, messages }
}

export interface Coverage {
  /** Rule IDs credited, with how many messages credited each. */
  readonly rules: ReadonlyMap<string, number>
  /** Per version: syscall "module.name" → hits. */
  readonly syscalls: ReadonlyMap<number, ReadonlyMap<string, number>>
  /** Per version: exit code → receipts. */
  readonly exitCodes: ReadonlyMap<number, ReadonlyMap<number, number>>
  /** Charge name → hits (all versions). */
  readonly charges: ReadonlyMap<string, number>
  /** Per version: gas rules credited → messages. */
  readonly gasRules: ReadonlyMap<number, ReadonlyMap<string, number>>
  readonly messages: number
  readonly vectors: number
}

const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1)

/** Credits rules for a set of observed vectors. @rule runner.rule-coverage */
export function computeCoverage(observed: readonly ObservedVector[]): Coverage {
  const rules = new Map<string, number>()
  const syscalls = new Map<number, Map<string, number>>()
  const exitCodes = new Map<number, Map<number, number>>()
  const charges = new Map<string, number>()
  const gasRules = new Map<number, Map<string, number>>()
  let messages = 0
  for (const v of observed) {
    const pl = networkRulesFor(v.nv)?.priceList
    const gas = gasRules.get(v.nv) ?? new Map<string, number>()
    gasRules.set(v.nv, gas)
    const fvm = networkRulesFor(v.nv)?.fvm
    const table = new Map(fvm === undefined ? [] : syscallsFor(fvm).map((d) => [`${d.module}.${d.name}`, d.rule]))
    const sys = syscalls.get(v.nv) ?? new Map<string, number>()
    syscalls.set(v.nv, sys)
    const codes = exitCodes.get(v.nv) ?? new Map<number, number>()
    exitCodes.set(v.nv, codes)
    for (const r of v.loadRules) bump(rules, r)
    for (const m of v.messages) {
      messages++
      bump(codes, m.exitCode)
      const credited = new Set<string>(attributeMessage(v.nv, m))
      let lastSyscall: string | undefined
      for (const e of m.trace) {
        if (e.kind === 'syscall') {
          lastSyscall = e.name
          bump(sys, e.name)
          const rule = table.get(e.name)
          if (rule !== undefined) credited.add(rule)
        } else if (e.kind === 'gas') {
          bump(charges, e.name)
          const rule = e.name === FATAL_ERROR_GAS ? 'exec.fatal-error' : (CHARGE_RULES[e.name] ?? (lastSyscall === 'gas.charge' ? 'gas.wasm' : undefined))
          if (rule !== undefined) credited.add(rule)
          if (pl !== undefined) for (const [r, f] of Object.entries(MODEL_RULES)) if (f(pl, e)) credited.add(r)
        }
      }
      for (const r of credited) {
        bump(rules, r)
        if (r.startsWith('gas.')) bump(gas, r)
      }
    }
  }
  return { rules, syscalls, exitCodes, charges, gasRules, messages, vectors: observed.length }
}

/**
 * The executor, call-manager, invocation and trace rules one message exercises, from its receipt
 * and the shape of its trace.
 */
export function attributeMessage(nv: number, m: ObservedMessage): string[] {
  const send = requireNetworkRules(nv).send
  const out = ['exec.apply-message', 'exec.receipt-from-result', 'types.exit-codes', 'runner.compare-order', 'exec.preflight-order']
  const preflight = m.trace.length === 0 && m.gasUsed === 0n && m.failureInfo?.startsWith('pre-validation failed') === true
  if (preflight) {
    out.push('exec.prevalidation-failure')
    if (m.exitCode === 7) out.push('exec.inclusion-cost-check')
    if (m.exitCode === 1) out.push('exec.preflight-sender-type')
    if (m.exitCode === 2 && /sequence/.test(m.failureInfo ?? '')) out.push('exec.preflight-nonce')
    if (m.exitCode === 2 && /balance/.test(m.failureInfo ?? '')) out.push('exec.preflight-balance')
    return out
  }
  out.push('exec.preflight-escrow', 'exec.settlement', 'gas.outputs', 'gas.tracker-charge', 'gas.rounding', 'gas.price-list-selection', 'machine.network-rules', 'state.flush')
  if (m.trace.length > 0) out.push('trace.events')
  if (m.exitCode === 7 && m.gasUsed === m.gasLimit) out.push('gas.out-of-gas-pin')
  if (m.exitCode === 10 && m.gasUsed === m.gasLimit) out.push('exec.fatal-error')
  let depth = 0
  let nestedOutOfGas = false
  for (const [i, e] of m.trace.entries()) {
    if (e.kind === 'call') {
      depth++
      out.push(send.rule)
      if (e.value !== 0n && m.trace[i + 1]?.kind !== 'call-error') out.push('call.transfer')
      if (depth > 1) out.push('kernel.invocation-frame')
    } else if (e.kind === 'return' || e.kind === 'call-error') {
      if (e.kind === 'return') {
        out.push('invocation.result')
        if (e.exitCode === 4) out.push('invocation.traps')
        if (depth > 1 && e.exitCode !== 0) out.push('call.transaction')
        if (depth > 1 && e.exitCode === 7) nestedOutOfGas = true
      } else {
        if (depth === 1 && (m.exitCode === 5 || m.exitCode === 6)) out.push('exec.top-level-syscall-error')
        if (/depth/i.test(e.message)) out.push('call.depth-limit')
      }
      depth--
    } else if (e.kind === 'gas') {
      if (e.name === 'OnCreateActor') out.push('call.auto-create-account', 'state.register-new-address')
      if (e.name === 'OnActorLookup' || e.name === 'OnActorUpdate') out.push('call.state-access-charges', 'call.state-access-tracker')
      if (e.name === 'OnDeleteActor') out.push('state.delete-actor')
      if (e.name === 'wasm_exec') out.push('invocation.gas-sync', 'invocation.lifecycle')
      if (e.name === 'wasm_memory_init') out.push('wasm.memory-init-charge')
      if (e.name === 'OnActorEventAccept') out.push('syscall.event-stamped')
    } else if (e.kind === 'syscall') {
      out.push('kernel.syscall-table', 'kernel.syscall-abi', 'invocation.syscall-binding')
    }
  }
  if (send.nestedGasLimits && nestedOutOfGas && m.exitCode !== 7) out.push('gas.nested-limits')
  return out
}

export interface CoverageReport {
  readonly coverage: Coverage
  /** Rules defined in spec/ (IDs). */
  readonly defined: readonly string[]
  readonly hit: readonly string[]
  readonly notHit: readonly string[]
  /** Per version: syscalls of the version no message made. */
  readonly missingSyscalls: ReadonlyMap<number, readonly string[]>
  /** Per version: required exit codes no receipt carried. */
  readonly missingExitCodes: ReadonlyMap<number, readonly number[]>
  /** Per version: user exit-code classes no receipt carried. */
  readonly missingUserClasses: ReadonlyMap<number, readonly string[]>
  /** `gas.*` rules with a charge name or a model, minus the unreachable ones, that no charge hit. */
  readonly missingGasRules: readonly string[]
  /** Per version: the gas rules that apply to it (`gasRulesFor`) that no charge at that version hit. */
  readonly missingGasRulesByVersion: ReadonlyMap<number, readonly string[]>
  /** Credited IDs the spec does not define (a bug in the attribution). */
  readonly undefinedCredited: readonly string[]
}

/** The supported network versions the corpus has vectors for, in order. */
function versionsOf(c: Coverage): NetworkVersion[] {
  return [...c.syscalls.keys()].filter((nv) => networkRulesFor(nv) !== undefined).sort((a, b) => a - b)
}

/** The report for a coverage, against the rules spec/ defines. @rule runner.rule-coverage */
export function coverageReport(c: Coverage, root: string = ROOT): CoverageReport {
  const defined = [...new Set(definedRules(root).map((d) => d.id))].sort()
  const definedSet = new Set(defined)
  const hit = defined.filter((id) => c.rules.has(id))
  const missingSyscalls = new Map<number, string[]>()
  const missingExitCodes = new Map<number, number[]>()
  const missingUserClasses = new Map<number, string[]>()
  const missingGasRulesByVersion = new Map<number, string[]>()
  for (const nv of versionsOf(c)) {
    const gas = c.gasRules.get(nv) ?? new Map<string, number>()
    missingGasRulesByVersion.set(nv, gasRulesFor(nv).filter((r) => !gas.has(r)))
    const seen = c.syscalls.get(nv) ?? new Map<string, number>()
    missingSyscalls.set(nv, syscallsFor(requireNetworkRules(nv).fvm).map((d) => `${d.module}.${d.name}`).filter((n) => !seen.has(n)))
    const codes = c.exitCodes.get(nv) ?? new Map<number, number>()
    missingExitCodes.set(nv, REQUIRED_EXIT_CODES.filter((x) => !codes.has(x)))
    missingUserClasses.set(nv, USER_EXIT_CLASSES.filter((k) => ![...codes.keys()].some(k.has)).map((k) => k.name))
  }
  const gasRules = [...new Set([...Object.values(CHARGE_RULES), ...Object.keys(MODEL_RULES)])].filter((r) => UNREACHABLE_GAS_RULES[r] === undefined).sort()
  return {
    coverage: c,
    defined,
    hit,
    notHit: defined.filter((id) => !c.rules.has(id)),
    missingSyscalls,
    missingExitCodes,
    missingUserClasses,
    missingGasRules: gasRules.filter((r) => !c.rules.has(r)),
    missingGasRulesByVersion,
    undefinedCredited: [...c.rules.keys()].filter((id) => !definedSet.has(id)).sort(),
  }
}

/** Observes every file and computes the report; files that cannot be run are listed. */
export function coverageOfFiles(files: readonly string[], opts: RunOptions = {}): { report: CoverageReport; problems: string[] } {
  const observed: ObservedVector[] = []
  const problems: string[] = []
  for (const f of files) {
    const o = observeVector(readFileSync(f, 'utf8'), f, opts)
    if (typeof o === 'string') problems.push(`${f}: ${o}`)
    else observed.push(o)
  }
  return { report: coverageReport(computeCoverage(observed)), problems }
}

/** Lines for people: the figures, then the rules not hit. */
export function formatCoverage(r: CoverageReport): string[] {
  const c = r.coverage
  const lines: string[] = []
  const pct = (a: number, b: number) => (b === 0 ? '0' : ((100 * a) / b).toFixed(1))
  lines.push(`${c.vectors} vectors, ${c.messages} messages`)
  for (const nv of versionsOf(c)) {
    const all = syscallsFor(requireNetworkRules(nv).fvm).length
    const missing = r.missingSyscalls.get(nv) ?? []
    lines.push(`nv${nv} syscalls: ${all - missing.length}/${all}${missing.length === 0 ? '' : ` (missing: ${missing.join(', ')})`}`)
    const req = REQUIRED_EXIT_CODES
    const mc = r.missingExitCodes.get(nv) ?? []
    const seen = [...(c.exitCodes.get(nv)?.keys() ?? [])].sort((a, b) => a - b)
    const mu = r.missingUserClasses.get(nv) ?? []
    lines.push(`nv${nv} exit codes: ${req.length - mc.length}/${req.length} system codes${mc.length === 0 ? '' : ` (missing: ${mc.join(', ')})`}, ${USER_EXIT_CLASSES.length - mu.length}/${USER_EXIT_CLASSES.length} user classes${mu.length === 0 ? '' : ` (missing: ${mu.join('; ')})`}; seen: ${seen.join(', ')}`)
    const mg = r.missingGasRulesByVersion.get(nv) ?? []
    const applies = gasRulesFor(nv).length
    lines.push(`nv${nv} gas rules: ${applies - mg.length}/${applies}${mg.length === 0 ? '' : ` (missing: ${mg.join(', ')})`}`)
  }
  const gasRules = [...new Set([...Object.values(CHARGE_RULES), ...Object.keys(MODEL_RULES)])].filter((x) => UNREACHABLE_GAS_RULES[x] === undefined)
  lines.push(`gas rules: ${gasRules.length - r.missingGasRules.length}/${gasRules.length}${r.missingGasRules.length === 0 ? '' : ` (missing: ${r.missingGasRules.join(', ')})`}`)
  lines.push(`rules hit: ${r.hit.length}/${r.defined.length} defined in spec/ (${pct(r.hit.length, r.defined.length)}%)`)
  lines.push(`not hit: ${r.notHit.join(' ')}`)
  return lines
}
