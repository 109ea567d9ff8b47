import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { findVectorFiles } from './discover.js'
import { CHARGE_RULES, coverageOfFiles, formatCoverage } from './coverage.js'
import { GENERATED_CORPUS_RUNS } from './gen/generate.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const CORPUS = join(ROOT, 'vectors', 'corpus')

/** Charge name → rule, read from price-list.ts: each exported function's `@rule gas.*` and the names it charges. */
function chargeRulesFromSource(): Map<string, string> {
  const text = readFileSync(join(ROOT, 'interpreter', 'gas', 'price-list.ts'), 'utf8')
  const out = new Map<string, string>()
  const fn = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export function \w+[\s\S]*?\n}\n/g
  for (const m of text.matchAll(fn)) {
    const rule = /@rule (gas\.[a-z0-9.-]+)/.exec(m[1] ?? '')?.[1]
    for (const n of m[0].matchAll(/(?:gasCharge|placed)\(\s*'([A-Za-z0-9_]+)'/g)) {
      assert.ok(rule !== undefined, `charge ${n[1]} is made by a function without @rule gas.*`)
      out.set(n[1] as string, rule)
    }
  }
  return out
}

test('CHARGE_RULES is the charge names and rules of interpreter/gas/price-list.ts', () => {
  const fromSource = chargeRulesFromSource()
  assert.deepEqual(Object.fromEntries([...fromSource].sort()), Object.fromEntries(Object.entries(CHARGE_RULES).sort()))
  // Charges made outside price-list.ts use its names.
  const container = readFileSync(join(ROOT, 'interpreter', 'invocation', 'container.ts'), 'utf8')
  for (const m of container.matchAll(/gasCharge\('([A-Za-z0-9_]+)'/g)) assert.ok(CHARGE_RULES[m[1] as string] !== undefined, m[1])
})

test('the committed corpus exercises every syscall, every reachable exit code and class, and every reachable gas rule', (t) => {
  const { report, problems } = coverageOfFiles(findVectorFiles([CORPUS]))
  for (const line of formatCoverage(report).slice(0, -1)) t.diagnostic(line)
  assert.deepEqual(problems, [])
  assert.deepEqual(report.undefinedCredited, [], 'credited rule IDs that spec/ does not define')
  // Every version the generated corpus covers (GENERATED_CORPUS_RUNS), each on its own.
  const versions = [...new Set(GENERATED_CORPUS_RUNS.map((r) => r.nv).filter((nv): nv is number => nv !== undefined))].sort((a, b) => a - b)
  assert.deepEqual([...report.missingSyscalls.keys()].sort((a, b) => a - b), versions, 'the corpus has vectors for exactly the generated versions')
  for (const nv of versions) {
    assert.deepEqual(report.missingSyscalls.get(nv), [], `nv${nv}: syscalls no vector makes`)
    assert.deepEqual(report.missingExitCodes.get(nv), [], `nv${nv}: exit codes no receipt carries`)
    assert.deepEqual(report.missingUserClasses.get(nv), [], `nv${nv}: user exit-code classes no receipt carries`)
    assert.deepEqual(report.missingGasRulesByVersion.get(nv), [], `nv${nv}: gas rules that apply to it and no charge at it exercises`)
  }
  assert.deepEqual(report.missingGasRules, [], 'gas rules no charge exercises')
  assert.ok(report.hit.length > 0 && report.hit.length <= report.defined.length)
})
