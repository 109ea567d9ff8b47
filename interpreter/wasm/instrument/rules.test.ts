import { test } from 'node:test'
import assert from 'node:assert/strict'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { definedRules } from '../../../spec/rules.js'
import { INSTRUMENTATION_RULE_IDS, INSTRUMENTATION_RULES, LINEAR_COST_RULE_IDS } from './rules.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

test('every field of the instrumentation rules, and every linear instruction named, has a rule spec/ defines', () => {
  const defined = new Set(definedRules(ROOT).map((d) => d.id))
  assert.deepEqual([...Object.values(INSTRUMENTATION_RULE_IDS), ...Object.values(LINEAR_COST_RULE_IDS)].filter((r) => !defined.has(r)), [])
  const linear = new Set<string>()
  for (const rules of Object.values(INSTRUMENTATION_RULES)) {
    assert.deepEqual(Object.keys(rules).sort(), Object.keys(INSTRUMENTATION_RULE_IDS).sort(), `key ${rules.version}`)
    for (const name of Object.keys(rules.linear)) linear.add(name)
  }
  assert.deepEqual(Object.keys(LINEAR_COST_RULE_IDS).filter((n) => !linear.has(n)), [], 'names only instructions some version prices linearly')
})
