/**
 * The oracle's default run, what `npm test` runs (tools/fevm-oracle/fvm.test.ts) with the bundles:
 * every subject contract at the first and the last FEVM network version (nv18 and nv28), and each
 * subject once more at one of the versions between them (subject i at nv19 + i mod 9), so that
 * every version runs a share of the corpus; `full` runs every subject at every version. A fixed
 * seed and short sequences keep it to about 15 s of CPU; longer campaigns are
 * `npm run fevm:oracle -- --seed S --runs N`.
 *
 * It runs in a worker with a large stack (interpreter/invocation/large-stack.ts): generated
 * sequences nest up to ~280 actor calls (DepthLimit), more than the default thread stack holds
 * (the sandbox refuses a message whose host stack runs out: `sandbox.host-stack`).
 */
import { checkScenario, scenarioFor, subjectsAt } from './check.js'
import { fevmVersions, loadFvmEnv } from './fvm-env.js'

export const DEFAULT_SEED = 20260
export const DEFAULT_RUNS = 2
export const DEFAULT_LENGTH = 5

/** (nv, subject names) to run: see the module comment. */
export function defaultPlan(full: boolean): Array<{ readonly nv: number; readonly subjects: readonly string[] }> {
  const nvs = fevmVersions()
  if (full || nvs.length <= 2) return nvs.map((nv) => ({ nv, subjects: subjectsAt(nv).map((s) => s.name) }))
  const first = nvs[0] as number
  const last = nvs[nvs.length - 1] as number
  const middle = nvs.slice(1, -1)
  const all = subjectsAt(last).map((s) => s.name)
  const plan = new Map<number, string[]>([[first, subjectsAt(first).map((s) => s.name)], ...middle.map((nv) => [nv, []] as [number, string[]]), [last, all]])
  for (const [i, name] of all.entries()) {
    // The i-th subject at a middle version, the next one up where the subject does not run yet.
    const from = i % middle.length
    const nv = [...middle.slice(from), ...middle.slice(0, from)].find((v) => subjectsAt(v, [name]).length > 0)
    if (nv !== undefined) plan.get(nv)?.push(name)
  }
  return [...plan].map(([nv, subjects]) => ({ nv, subjects }))
}

export interface DefaultRunResult {
  readonly skipped?: string
  readonly perNv: Array<{ readonly nv: number; readonly scenarios: number; readonly calls: number }>
  readonly subjects: number
  readonly excluded: Array<[string, number]>
  readonly failures: string[]
}

/** Runs the plan (structured-cloneable result, for the large-stack worker). */
export async function runDefaultOracle(bundles: string | undefined, full: boolean, runs: number = DEFAULT_RUNS): Promise<DefaultRunResult> {
  const env = loadFvmEnv(bundles)
  if (typeof env === 'string') return { skipped: env, perNv: [], subjects: 0, excluded: [], failures: [] }
  const excluded = new Map<string, number>()
  const failures: string[] = []
  const perNv: DefaultRunResult['perNv'] = []
  const names = new Set<string>()
  for (const { nv, subjects } of defaultPlan(full)) {
    let calls = 0
    for (const subject of subjectsAt(nv, subjects)) {
      names.add(subject.name)
      const r = await checkScenario(scenarioFor(subject, nv), { seed: DEFAULT_SEED, runs, maxLength: DEFAULT_LENGTH, makeOther: env.makeSide })
      calls += r.steps
      for (const [k, v] of r.excluded) excluded.set(k, (excluded.get(k) ?? 0) + v)
      if (r.failure !== undefined) failures.push(JSON.stringify(r.failure.report, null, 1))
    }
    perNv.push({ nv, scenarios: subjects.length, calls })
  }
  return { perNv, subjects: names.size, excluded: [...excluded], failures }
}
