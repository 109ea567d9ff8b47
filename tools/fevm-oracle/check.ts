/**
 * The property behind the oracle: for every generated call sequence, the EVM side and the other
 * side agree after every step, up to the documented exclusions. fast-check drives it
 * (deterministic per seed) and shrinks a failing sequence to a minimal one, which is printed and
 * written as a reproducer file.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { readCompiled, readIndex, type Subject } from './corpus.js'
import { targetFor } from './targets.js'
import { type Difference, type Scenario, contractOf, reproducer, runSequence } from './oracle.js'
import { type CallStep, sequenceArb } from './generators.js'
import type { ChainContext, Side } from './side.js'

export interface CheckOptions {
  readonly seed: number
  /** Sequences per scenario. */
  readonly runs: number
  readonly maxLength?: number
  /** fast-check replay path (from a reproducer). */
  readonly path?: string
  /** Makes the other side for one sequence; undefined runs the EVM side only. */
  readonly makeOther?: (ctx: ChainContext) => Promise<Side>
  /** Where reproducers go (default out/fevm-oracle). */
  readonly outDir?: string
}

export interface ScenarioResult {
  readonly scenario: Scenario
  readonly sequences: number
  readonly steps: number
  readonly excluded: Map<string, number>
  readonly stoppedBy: Map<string, number>
  readonly failure?: { readonly steps: readonly CallStep[]; readonly differences: readonly Difference[]; readonly file: string; readonly report: unknown }
  readonly ms: number
}

export function scenarioFor(subject: Subject, nv: number): Scenario {
  return { nv, subject, compiled: readCompiled(targetFor(nv).name) }
}

/** Subjects that run at a network version (their opcodes exist there). */
export function subjectsAt(nv: number, names?: readonly string[]): Subject[] {
  return readIndex().subjects.filter((s) => s.minNv <= nv && (names === undefined || names.includes(s.name)))
}

export async function checkScenario(scenario: Scenario, opts: CheckOptions): Promise<ScenarioResult> {
  const t0 = Date.now()
  const abi = contractOf(scenario.compiled, scenario.subject.name).abi
  const extra = scenario.subject.extraAbi.map((n) => contractOf(scenario.compiled, n).abi)
  const excluded = new Map<string, number>()
  const stoppedBy = new Map<string, number>()
  let sequences = 0
  let steps = 0
  let last: { steps: readonly CallStep[]; differences: readonly Difference[] } | undefined
  const prop = fc.asyncProperty(sequenceArb(abi, extra, opts.maxLength ?? 6), async (seq) => {
    let r
    try {
      r = await runSequence(scenario, seq, opts.makeOther)
    } catch (e) {
      // A side that throws (rather than returning an outcome) is a finding too.
      last = { steps: seq, differences: [{ step: -2, fn: '<exception>', field: 'exception', evm: '', other: (e as Error).stack ?? String(e) }] }
      return false
    }
    sequences++
    steps += r.stepsRun
    for (const [k, v] of r.excluded) excluded.set(k, (excluded.get(k) ?? 0) + v)
    if (r.stoppedBy !== undefined) stoppedBy.set(r.stoppedBy, (stoppedBy.get(r.stoppedBy) ?? 0) + 1)
    if (r.differences.length > 0) {
      last = { steps: seq, differences: r.differences }
      return false
    }
    return true
  })
  const details = await fc.check(prop, {
    seed: opts.seed,
    numRuns: opts.runs,
    ...(opts.path !== undefined ? { path: opts.path } : {}),
    endOnFailure: false,
  })
  const ms = Date.now() - t0
  if (!details.failed) return { scenario, sequences, steps, excluded, stoppedBy, ms }
  if (details.errorInstance !== null && last === undefined) throw details.errorInstance
  const counter = details.counterexample?.[0] ?? last?.steps ?? []
  // Re-run the shrunk counterexample for its own differences.
  let diffs: readonly Difference[] = last?.differences ?? []
  try {
    const again = await runSequence(scenario, counter, opts.makeOther)
    if (again.differences.length > 0) diffs = again.differences
  } catch {
    // keep the exception recorded by the property
  }
  const report = reproducer(scenario, opts.seed, details.counterexamplePath ?? undefined, counter, diffs)
  const dir = opts.outDir ?? join('out', 'fevm-oracle')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `${scenario.subject.name}-nv${scenario.nv}-seed${opts.seed}.json`)
  writeFileSync(file, JSON.stringify(report, null, 1) + '\n')
  return { scenario, sequences, steps, excluded, stoppedBy, failure: { steps: counter, differences: diffs, file, report }, ms }
}
