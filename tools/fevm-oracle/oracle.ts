/**
 * Run one call sequence against a subject contract on the EVM side (ethereumjs, with its
 * trace) and on another side (fvm-spec running the real EVM actor, or a second EVM for
 * self-checks), and compare after every step: success, return/revert data, logs, created
 * addresses and their code, the storage of every slot the EVM side wrote, and balances.
 * Differences matched by an exclusion (exclusions.ts) are counted, the rest returned.
 */
import type { AbiEntry, CompiledContract, CompiledTarget, Subject } from './corpus.js'
import { type EvmOutcome, EvmSide } from './evm-side.js'
import { type DiffContext, type Field, findExclusion } from './exclusions.js'
import { CONST_ADDRESSES, EOAS, EOA_FUNDS, type CallStep, type Resolver, calldataOf, callableFunctions, describeStep } from './generators.js'
import { type ChainContext, DEFAULT_CONTEXT, type Hex, type Outcome, type Side, fromHex, toHex } from './side.js'
import { signature } from './abi.js'

export interface Difference {
  /** Step index; -1 for the deployment. */
  readonly step: number
  readonly fn: string
  readonly field: Field
  readonly address?: Hex
  readonly evm: string
  readonly other: string
}

export interface SequenceReport {
  readonly differences: Difference[]
  /** Exclusion id → how many differences it matched. */
  readonly excluded: Map<string, number>
  /** Steps actually compared (a 'sequence' exclusion stops early). */
  readonly stepsRun: number
  readonly stoppedBy?: string
}

export interface Deployment {
  readonly address: Hex
  readonly libraries: ReadonlyMap<string, Hex>
}

/** Link library placeholders in creation code with the libraries' addresses. */
export function link(c: CompiledContract, libs: ReadonlyMap<string, Hex>): Uint8Array {
  let hex = c.bytecode
  for (const byLib of Object.values(c.linkReferences)) {
    for (const [lib, refs] of Object.entries(byLib)) {
      const a = libs.get(lib)
      if (a === undefined) throw new Error(`library ${lib} not deployed`)
      for (const r of refs) hex = hex.slice(0, r.start * 2) + a.slice(2) + hex.slice((r.start + r.length) * 2)
    }
  }
  return fromHex(hex)
}

export function librariesOf(c: CompiledContract): string[] {
  return Object.values(c.linkReferences).flatMap((byLib) => Object.keys(byLib)).sort()
}

export function contractOf(compiled: CompiledTarget, name: string): CompiledContract {
  const c = compiled.contracts[name]
  if (c === undefined) throw new Error(`${name} is not compiled for ${compiled.target}`)
  return c
}

/** Everything needed to run sequences against one subject at one network version. */
export interface Scenario {
  readonly nv: number
  readonly subject: Subject
  readonly compiled: CompiledTarget
}

export function functionsOf(s: Scenario): Map<string, AbiEntry> {
  const main = contractOf(s.compiled, s.subject.name).abi
  const extra = s.subject.extraAbi.map((n) => contractOf(s.compiled, n).abi)
  return new Map(callableFunctions([main, ...extra]).map((f) => [signature(f), f]))
}

function show(b: Uint8Array): string {
  const h = toHex(b)
  return h.length > 200 ? `${h.slice(0, 200)}… (${b.length} bytes)` : h
}

function showLogs(ls: Outcome['logs']): string {
  return JSON.stringify(ls.map((l) => ({ address: l.address, topics: l.topics, data: toHex(l.data) })))
}

function bytesEq(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

/**
 * Runs a scenario's deployment and sequence on both sides. `other` undefined runs the EVM
 * side alone (everything is still executed; nothing is compared).
 */
export class SequenceRun {
  readonly differences: Difference[] = []
  readonly excluded = new Map<string, number>()
  readonly created: Hex[] = []
  stoppedBy: string | undefined
  private selfAddr: Hex | undefined
  private readonly knownCode = new Set<Hex>()

  constructor(
    readonly scenario: Scenario,
    readonly evm: EvmSide,
    readonly other: Side | undefined,
  ) {}

  get self(): Hex {
    if (this.selfAddr === undefined) throw new Error('subject not deployed')
    return this.selfAddr
  }

  private record(ctx: Omit<DiffContext, 'nv' | 'subject' | 'selfdestructed' | 'selfBeneficiary'>, step: number, evm: string, other: string): void {
    const full: DiffContext = { ...ctx, nv: this.scenario.nv, subject: this.scenario.subject.name, selfdestructed: this.evm.everSelfdestructed, selfBeneficiary: this.evm.everSelfBeneficiary }
    const ex = findExclusion(full)
    if (ex !== undefined) {
      this.excluded.set(ex.id, (this.excluded.get(ex.id) ?? 0) + 1)
      if (ex.effect === 'sequence') this.stoppedBy = ex.id
      return
    }
    this.differences.push({ step, fn: ctx.fn, field: ctx.field, ...(ctx.address !== undefined ? { address: ctx.address } : {}), evm, other })
  }

  private async compareOutcome(step: number, fn: string, e: EvmOutcome, o: Outcome): Promise<void> {
    const base = { fn, trace: e.trace }
    if (e.success !== o.success) this.record({ ...base, field: 'success' }, step, String(e.success), String(o.success))
    if (!bytesEq(e.returnData, o.returnData)) this.record({ ...base, field: 'returnData' }, step, show(e.returnData), show(o.returnData))
    const el = showLogs(e.logs)
    const ol = showLogs(o.logs)
    if (el !== ol) this.record({ ...base, field: 'logs' }, step, el, ol)
    if (e.created !== o.created) this.record({ ...base, field: 'created' }, step, String(e.created), String(o.created))
  }

  /** Contracts created in this step (EVM side trace, creation order), their code compared once. */
  private async collectCreated(step: number, fn: string, e: EvmOutcome): Promise<void> {
    for (const f of e.trace.frames) {
      if (f.created === undefined || this.created.includes(f.created)) continue
      this.created.push(f.created)
      if (this.other === undefined || this.knownCode.has(f.created)) continue
      this.knownCode.add(f.created)
      if (e.trace.selfdestructed.has(f.created)) continue
      const [ec, oc] = await Promise.all([this.evm.code(f.created), this.other.code(f.created)])
      if (!bytesEq(ec, oc)) this.record({ fn, trace: e.trace, field: 'code', address: f.created }, step, show(ec), show(oc))
    }
  }

  private async compareState(step: number, fn: string, e: EvmOutcome): Promise<void> {
    const other = this.other
    if (other === undefined) return
    for (const [addr, slots] of this.evm.allWritten) {
      for (const slot of slots) {
        const [a, b] = await Promise.all([this.evm.storage(addr, slot), other.storage(addr, slot)])
        if (a !== b) this.record({ fn, trace: e.trace, field: 'storage', address: addr }, step, `[${slot}] ${a}`, `[${slot}] ${b}`)
      }
    }
    // Slots only the other side wrote (non-zero there, never written by ethereumjs).
    if (other.storageSlots !== undefined) {
      for (const addr of new Set<Hex>([this.self, ...this.created])) {
        const written = this.evm.allWritten.get(addr)
        for (const [slot, v] of await other.storageSlots(addr)) {
          if (v !== 0n && written?.has(slot) !== true) {
            this.record({ fn, trace: e.trace, field: 'storage', address: addr }, step, `[${slot}] ${await this.evm.storage(addr, slot)} (never written)`, `[${slot}] ${v}`)
          }
        }
      }
    }
    const accounts = new Set<Hex>([...EOAS, this.self, ...this.created, ...CONST_ADDRESSES])
    for (const a of accounts) {
      const [x, y] = await Promise.all([this.evm.balance(a), other.balance(a)])
      if (x !== y) this.record({ fn, trace: e.trace, field: 'balance', address: a }, step, String(x), String(y))
    }
  }

  async setup(): Promise<void> {
    const sides: Side[] = this.other === undefined ? [this.evm] : [this.evm, this.other]
    for (const s of sides) for (const a of EOAS) await s.fund(a, EOA_FUNDS)
    const { subject, compiled } = this.scenario
    const main = contractOf(compiled, subject.name)
    const libs = new Map<string, Hex>()
    const otherLibs = new Map<string, Hex>()
    for (const lib of librariesOf(main)) {
      const code = link(contractOf(compiled, lib), new Map())
      const e = await this.evm.deploy(EOAS[0] as Hex, code, 0n)
      if (!e.success || e.created === undefined) throw new Error(`library ${lib} failed to deploy on the EVM side`)
      libs.set(lib, e.created)
      if (this.other !== undefined) {
        const o = await this.other.deploy(EOAS[0] as Hex, code, 0n)
        await this.compareOutcome(-1, `<deploy ${lib}>`, e, o)
        if (o.created !== undefined) otherLibs.set(lib, o.created)
      }
    }
    const e = await this.evm.deploy(EOAS[0] as Hex, link(main, libs), subject.deployValue)
    if (!e.success || e.created === undefined) throw new Error(`${subject.name} failed to deploy on the EVM side: ${show(e.returnData)}`)
    this.selfAddr = e.created
    const o = this.other === undefined ? undefined : await this.other.deploy(EOAS[0] as Hex, link(main, otherLibs.size === libs.size ? otherLibs : libs), subject.deployValue)
    await this.collectCreated(-1, '<deploy>', e)
    if (o !== undefined) {
      await this.compareOutcome(-1, '<deploy>', e, o)
      await this.compareState(-1, '<deploy>', e)
    }
  }

  resolver(): Resolver {
    return { self: this.self, created: this.created }
  }

  /** Runs the steps; returns the number of steps compared. */
  async runSteps(steps: readonly CallStep[], fns: ReadonlyMap<string, AbiEntry>): Promise<number> {
    let i = 0
    for (const step of steps) {
      if (this.stoppedBy !== undefined || this.differences.length > 0) break
      const data = calldataOf(step, fns, this.resolver())
      const from = EOAS[step.sender] as Hex
      const e = await this.evm.call(from, this.self, data, step.value)
      const o = this.other === undefined ? undefined : await this.other.call(from, this.self, data, step.value)
      await this.collectCreated(i, step.fn, e)
      if (o !== undefined) {
        await this.compareOutcome(i, step.fn, e, o)
        await this.compareState(i, step.fn, e)
      }
      i++
    }
    return i
  }
}

export async function runSequence(
  scenario: Scenario,
  steps: readonly CallStep[],
  makeOther?: (ctx: ChainContext) => Promise<Side>,
): Promise<SequenceReport & { run: SequenceRun }> {
  const ctx: ChainContext = { nv: scenario.nv, ...DEFAULT_CONTEXT }
  const evm = await EvmSide.create(ctx)
  const other = makeOther === undefined ? undefined : await makeOther(ctx)
  const run = new SequenceRun(scenario, evm, other)
  await run.setup()
  const stepsRun = await run.runSteps(steps, functionsOf(scenario))
  return { differences: run.differences, excluded: run.excluded, stepsRun, ...(run.stoppedBy !== undefined ? { stoppedBy: run.stoppedBy } : {}), run }
}

/** A reproducer: everything needed to run the failing sequence again. */
export function reproducer(scenario: Scenario, seed: number, path: string | undefined, steps: readonly CallStep[], diffs: readonly Difference[]): unknown {
  return {
    contract: scenario.subject.name,
    source: `vectors/fevm/contracts/${scenario.subject.source}`,
    nv: scenario.nv,
    target: scenario.compiled.target,
    seed,
    ...(path !== undefined ? { path } : {}),
    replay: `npm run fevm:oracle -- --contract ${scenario.subject.name} --nv ${scenario.nv} --seed ${seed}${path !== undefined ? ` --path ${path}` : ''}`,
    sequence: steps.map(describeStep),
    differences: diffs,
  }
}
