import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { NV17, NV18, type NetworkRules } from '../../interpreter/machine/network-rules.js'
import { definedRules } from '../../spec/rules.js'
import { formatRule, formatRuleList, formatVersions, parseVersions, similarIds, specRules } from './spec-rules.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

test('parseVersions: lists, ranges, remarks in parentheses; no line is every version', () => {
  assert.equal(parseVersions(null), 'all')
  assert.deepEqual(parseVersions('nv17'), [17])
  assert.deepEqual(parseVersions('nv21–nv28'), [21, 22, 23, 24, 25, 26, 27, 28])
  assert.deepEqual(parseVersions('nv18-20'), [18, 19, 20])
  assert.deepEqual(parseVersions('nv17 (protocols 0..3), nv18 (protocols 0..4)'), [17, 18, 19, 20], 'a bare nv18 covers nv19 and nv20 (spec/README.md)')
  assert.deepEqual(parseVersions('nv17 (`version`, `gas_limit`: i64), nv18 (both u64)'), [17, 18, 19, 20])
  assert.deepEqual(parseVersions('nv17 (known versions 0..=4)'), [17], 'numbers in a remark are not versions')
  assert.deepEqual(parseVersions('every version'), [])
})

test('parseVersions: a bare nvN covers the next versions whose row states the same rules, read from the rows', () => {
  const row = (nv: number, base: NetworkRules, change: Partial<NetworkRules> = {}): [number, NetworkRules] => [nv, { ...base, nv, name: `v${nv}`, builtinActors: nv, ...change }]
  const rows = new Map([row(17, NV17), row(18, NV18), row(19, NV18), row(20, NV18, { maxCallDepth: 5 }), row(21, NV18)])
  assert.deepEqual(parseVersions('nv18', rows), [18, 19], 'nv20 states another depth limit: it is not covered, nor anything after it')
  assert.deepEqual(parseVersions('nv17', rows), [17])
  assert.deepEqual(parseVersions('nv21', rows), [21])
  assert.deepEqual(parseVersions('nv40', rows), [40], 'a version without a row is only itself')
})

test('formatVersions: runs of consecutive versions', () => {
  assert.equal(formatVersions('all'), 'all')
  assert.equal(formatVersions([17]), 'nv17')
  assert.equal(formatVersions([17, 18, 19, 20]), 'nv17–20')
  assert.equal(formatVersions([17, 19, 20, 25]), 'nv17, nv19–20, nv25')
  assert.equal(formatVersions([]), '(none)')
})

test('specRules: every rule of spec/, with its versions and the lines that cite it', () => {
  const rules = specRules(ROOT)
  assert.deepEqual(rules.map((r) => r.id), definedRules(ROOT).map((d) => d.id))
  const send2 = rules.find((r) => r.id === 'call.send-v2')
  assert.deepEqual(send2?.networkVersions, [17])
  assert.ok((send2?.citedAt.length ?? 0) > 0)
  for (const site of send2?.citedAt ?? []) assert.match(readFileSync(join(ROOT, site.file), 'utf8').split('\n')[site.line - 1] ?? '', /@rule call\.send-v2\b/)
  assert.deepEqual(rules.find((r) => r.id === 'gas.ipld-scan')?.networkVersions, [21, 22, 23, 24, 25, 26, 27, 28])
  assert.equal(rules.find((r) => r.id === 'gas.block-open')?.networkVersions, 'all')

  const list = formatRuleList(rules)
  assert.equal(list.length, rules.length + 1)
  assert.match(list[0] ?? '', new RegExp(`^${rules.length} rules in spec/`))
  assert.match(list.find((l) => l.startsWith('call.send-v2 ')) ?? '', /^call\.send-v2 +nv17 +The send pipeline at nv17$/)

  const one = formatRule(send2 as (typeof rules)[number])
  assert.match(one[0] ?? '', /^call\.send-v2 — The send pipeline at nv17 \(spec\/call-manager\.md:\d+\)$/)
  assert.equal(one[1], 'applies to: nv17 ("Versions: nv17")')
  assert.ok(one.includes('### `call.send-v2` The send pipeline at nv17'))
  assert.ok(one.some((l) => /^ {2}interpreter\/call-manager\/send-v2\.ts:\d+$/.test(l)), one.join('\n'))
})

test('similarIds: the IDs an unknown one starts, else those containing it', () => {
  const rules = specRules(ROOT)
  assert.deepEqual(similarIds(rules, 'gas.block-'), ['gas.block-open', 'gas.block-read', 'gas.block-create', 'gas.block-link', 'gas.block-stat'])
  assert.ok(similarIds(rules, 'nested').includes('gas.nested-limits'))
  assert.deepEqual(similarIds(rules, 'zzz'), [])
})
