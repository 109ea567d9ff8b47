/**
 * The FEVM oracle against fvm-spec running the real EVM actor (needs $FVM_SPEC_BUNDLES): the
 * default run (default-run.ts: every subject at nv18 and nv28, each subject once at a version
 * between them; FVM_SPEC_FEVM_FULL=1 runs every subject at every version), generated call
 * sequences compared with ethereumjs after every call, in a worker with a large stack. A
 * difference no documented exclusion covers fails with its shrunk reproducer (also written to
 * out/fevm-oracle/). Longer campaigns: npm run fevm:oracle -- --seed S --runs N.
 */
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runOnLargeStack } from '../../interpreter/invocation/large-stack.js'
import { defaultPlan, type DefaultRunResult } from './default-run.js'
import { fevmVersions } from './fvm-env.js'
import { subjectsAt } from './check.js'

test('the default plan: every subject at the first and last FEVM version, each once in between, every version some', () => {
  const nvs = fevmVersions()
  const plan = defaultPlan(false)
  assert.deepEqual(plan.map((p) => p.nv), nvs)
  const first = plan[0]
  const last = plan[plan.length - 1]
  assert.deepEqual(first?.subjects, subjectsAt(nvs[0] as number).map((s) => s.name))
  assert.deepEqual(last?.subjects, subjectsAt(nvs[nvs.length - 1] as number).map((s) => s.name))
  assert.ok((last?.subjects.length ?? 0) >= 50)
  const middle = plan.slice(1, -1)
  for (const p of middle) assert.ok(p.subjects.length > 0, `nv${p.nv} runs no subject`)
  const runsBetween = (last?.subjects ?? []).filter((n) => middle.some((p) => subjectsAt(p.nv, [n]).length > 0))
  assert.deepEqual(middle.flatMap((p) => p.subjects).sort(), runsBetween.sort(), 'each subject that can run between runs there once (Clz needs nv28)')
  assert.equal(defaultPlan(true).reduce((n, p) => n + p.subjects.length, 0), nvs.reduce((n, nv) => n + subjectsAt(nv).length, 0))
})

test('FEVM oracle: ethereumjs vs fvm-spec (real EVM actor), ≥ 50 subjects at nv18 and nv28 and some at every version between', async (t) => {
  const full = process.env['FVM_SPEC_FEVM_FULL'] === '1'
  const runs = Number(process.env['FVM_SPEC_FEVM_RUNS'] ?? 2)
  const r = await runOnLargeStack<DefaultRunResult>(new URL('./default-run.ts', import.meta.url).href, 'runDefaultOracle', [process.env['FVM_SPEC_BUNDLES'], full, runs])
  if (r.skipped !== undefined) {
    t.skip(r.skipped)
    return
  }
  for (const p of r.perNv) t.diagnostic(`nv${p.nv}: ${p.scenarios} subjects, ${p.calls} calls compared`)
  t.diagnostic(`${r.perNv.reduce((n, p) => n + p.scenarios, 0)} scenarios, ${r.perNv.reduce((n, p) => n + p.calls, 0)} calls; excluded ${r.excluded.map(([k, v]) => `${k}×${v}`).join(' ') || 'nothing'}`)
  const ends = [r.perNv[0], r.perNv[r.perNv.length - 1]]
  for (const e of ends) assert.ok((e?.scenarios ?? 0) >= 50, `nv${e?.nv}: only ${e?.scenarios} subjects`)
  assert.deepEqual(r.failures, [], 'differences no exclusion covers')
})
