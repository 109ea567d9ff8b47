/**
 * The sweeps (sweep.ts): deterministic, passing, covering each version on their own; their
 * vectors go through the differential harness against `fvm-spec exec` in its own process, and
 * the shrinker works on their recipes — at nv19/nv20 (ref-fvm v3) and, once merged, nv21–nv28
 * (ref-fvm v4).
 */
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { parseFault } from '../../interpreter/machine/faults.js'
import { commandAdapter, diffVector, inProcessAdapter, type Adapter } from '../diff.js'
import { runVectorText } from '../run-vector.js'
import { recipeOf } from '../shrink.js'
import { shrinkDisagreement } from '../shrink-diff.js'
import { coverageOfFiles, gasRulesFor } from '../coverage.js'
import { sweepVector } from './generate.js'
import { generatorInvoker, scriptedGenerator, type ScriptedRecipe } from './recipe.js'
import { sweepNames, sweepRecipe, type SweepName } from './sweep.js'

const clean = inProcessAdapter()
const faulty = (fault: string): Adapter => inProcessAdapter({ faults: parseFault(fault) }, ['fvm-spec', 'exec', '--inject-fault', fault], `fault ${fault}`)

function withVectors<T>(nv: number, names: readonly SweepName[], f: (files: string[], dir: string) => Promise<T> | T): Promise<T> | T {
  const dir = mkdtempSync(join(tmpdir(), 'fvm-spec-sweep-'))
  const files = names.map((sweep) => {
    const v = sweepVector({ nv, sweep })
    const file = join(dir, v.name)
    writeFileSync(file, v.text)
    return file
  })
  const done = () => rmSync(dir, { recursive: true, force: true })
  try {
    const out = f(files, dir)
    if (out instanceof Promise) return out.finally(done)
    done()
    return out
  } catch (e) {
    done()
    throw e
  }
}

test('a sweep is a function of the version: the same bytes twice; nv19 and nv20 differ only in the version', () => {
  const a = sweepVector({ nv: 19, sweep: 'exits' })
  assert.equal(sweepVector({ nv: 19, sweep: 'exits' }).text, a.text)
  assert.deepEqual(sweepRecipe(20, 'exits'), { ...sweepRecipe(19, 'exits'), nv: 20 })
  assert.deepEqual(sweepNames(19), ['syscalls', 'exits'])
})

for (const nv of [19, 21, 25]) {
  test(`nv${nv}: the sweeps pass, and cover every syscall, exit code, user class and gas rule of the version`, () =>
    withVectors(nv, sweepNames(nv), (files) => {
      for (const f of files) {
        const r = runVectorText(readFileSync(f, 'utf8'), f, { invoker: generatorInvoker() })
        assert.equal(r.status, 'pass', `${f}: ${r.reason}`)
      }
      const { report, problems } = coverageOfFiles(files)
      assert.deepEqual(problems, [])
      assert.deepEqual(report.missingSyscalls.get(nv), [])
      assert.deepEqual(report.missingExitCodes.get(nv), [])
      assert.deepEqual(report.missingUserClasses.get(nv), [])
      assert.deepEqual(report.missingGasRulesByVersion.get(nv), [])
      assert.ok(gasRulesFor(nv).length > 0)
    }),
  )

  test(`nv${nv}: the differential harness runs the sweeps against fvm-spec exec in its own process: no difference`, () =>
    withVectors(nv, sweepNames(nv).slice(-1), async (files) => {
      for (const f of files) {
        const r = await diffVector(f, clean, commandAdapter(['fvm-spec', 'exec'], { timeoutMs: 120_000 }))
        assert.equal(r.status, 'same', `${f}: ${JSON.stringify(r.difference)} ${r.reason ?? ''}`)
      }
    }),
  )
}

/** The shrinker, from a whole sweep to the message a fault changes. */
async function shrinks(nv: number, sweep: SweepName, fault: string, field: string): Promise<void> {
  const recipe = sweepRecipe(nv, sweep)
  const theirs = faulty(fault)
  await withVectors(nv, [sweep], async (files, dir) => {
    const file = files[0] as string
    const first = await diffVector(file, clean, theirs)
    assert.equal(first.status, 'differs')
    assert.ok(first.difference !== null)
    assert.equal(first.difference.field, field)
    const s = await shrinkDisagreement(scriptedGenerator, recipe, first.difference, clean, theirs, join(dir, 'out'), { maxTries: 120 })
    assert.equal(s.size['messages'], 1, JSON.stringify(s.recipe))
    assert.ok((s.size['ops'] ?? 0) < (scriptedGenerator.size(recipe)['ops'] ?? 0))
    assert.equal(s.difference?.field, field)
    const text = readFileSync(s.file, 'utf8')
    assert.equal(runVectorText(text, s.file, { invoker: generatorInvoker() }).status, 'pass')
    assert.deepEqual((recipeOf(text)?.recipe as ScriptedRecipe).nv, nv)
  })
}

test('nv19: a sweep recipe shrinks to the one message a doubled OnValueTransfer changes', () => shrinks(19, 'exits', 'double-charge=OnValueTransfer', 'gas_used'))

test('nv21: a v4 sweep recipe shrinks to the one message a doubled OnActorEvent changes', () => shrinks(21, 'v4', 'double-charge=OnActorEvent', 'gas_used'))
