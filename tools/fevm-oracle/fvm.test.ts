/**
 * The FEVM oracle against fvm-spec running the real EVM actor (needs $FVM_SPEC_BUNDLES and the
 * sandbox): every subject contract at every network version the interpreter supports, a few
 * generated call sequences each, compared with ethereumjs after every call. A difference no
 * documented exclusion covers fails with its shrunk reproducer (also written to
 * out/fevm-oracle/). Longer campaigns: npm run fevm:oracle -- --seed S --runs N.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { checkScenario, scenarioFor, subjectsAt } from './check.js'
import { fevmVersions, loadFvmEnv } from './fvm-env.js'

/** The default run: fixed seed, short sequences (see docs/fevm-oracle.md for the timings). */
export const DEFAULT_SEED = 20260
export const DEFAULT_RUNS = Number(process.env.FVM_SPEC_FEVM_RUNS ?? 2)

test('FEVM oracle: ethereumjs vs fvm-spec (real EVM actor), every subject at every supported nv', async (t) => {
  const env = loadFvmEnv()
  if (typeof env === 'string') {
    t.skip(env)
    return
  }
  let calls = 0
  let scenarios = 0
  const excluded = new Map<string, number>()
  const failures: string[] = []
  for (const nv of fevmVersions()) {
    for (const subject of subjectsAt(nv)) {
      const r = await checkScenario(scenarioFor(subject, nv), { seed: DEFAULT_SEED, runs: DEFAULT_RUNS, maxLength: 5, makeOther: env.makeSide })
      calls += r.steps
      scenarios++
      for (const [k, v] of r.excluded) excluded.set(k, (excluded.get(k) ?? 0) + v)
      if (r.failure !== undefined) failures.push(JSON.stringify(r.failure.report, null, 1))
    }
  }
  t.diagnostic(`nv ${fevmVersions().join(',')}: ${scenarios} scenarios, ${calls} calls compared; excluded ${[...excluded].map(([k, v]) => `${k}×${v}`).join(' ') || 'nothing'}`)
  assert.ok(scenarios >= 50, `only ${scenarios} scenarios`)
  assert.deepEqual(failures, [], 'differences no exclusion covers')
})
