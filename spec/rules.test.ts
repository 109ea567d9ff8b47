import assert from 'node:assert/strict'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { readFileSync } from 'node:fs'
import { citationSites, citedRules, definedRules, IMPLEMENTATION_FOLDERS, ruleSections } from './rules.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

test('every rule ID is defined once in spec/', () => {
  const defs = definedRules(ROOT)
  assert.ok(defs.length > 50, `expected the spec to define many rules, found ${defs.length}`)
  const seen = new Map<string, string>()
  const dups: string[] = []
  for (const d of defs) {
    const where = `${d.file}:${d.line}`
    const first = seen.get(d.id)
    if (first !== undefined) dups.push(`${d.id} at ${first} and ${where}`)
    seen.set(d.id, where)
  }
  assert.deepEqual(dups, [], 'rule IDs defined twice')
})

test('code cites no rule ID the spec does not define', () => {
  const defined = new Set(definedRules(ROOT).map((d) => d.id))
  const undefinedCited = [...citedRules(ROOT, [...IMPLEMENTATION_FOLDERS, 'scripts'])]
    .filter(([id]) => !defined.has(id))
    .map(([id, files]) => `${id} (cited in ${[...new Set(files)].join(', ')})`)
  assert.deepEqual(undefinedCited, [], 'cited but not defined in spec/')
})

test('every rule the spec defines is implemented (cited) in interpreter/ or vectors/', () => {
  const cited = citedRules(ROOT, IMPLEMENTATION_FOLDERS)
  const unimplemented = definedRules(ROOT)
    .filter((d) => !cited.has(d.id))
    .map((d) => `${d.id} (${d.file}:${d.line})`)
  assert.deepEqual(unimplemented, [], 'defined in spec/ but cited by no code')
})

test('no syscall without a rule: every syscall in the table names a rule the spec defines', async () => {
  const { SYSCALLS, syscallsFor } = await import('../interpreter/kernel/syscall-table.js')
  const defined = new Set(definedRules(ROOT).map((d) => d.id))
  const missing = SYSCALLS.filter((d) => !defined.has(d.rule)).map((d) => `${d.module}.${d.name} → ${d.rule}`)
  assert.deepEqual(missing, [])
  // nv17 (ref-fvm v2.12.1) binds 36 syscalls, nv18–nv20 (v3.14.1) 40, nv21–nv28 (v4.8.2, as
  // filecoin-ffi builds it: verify-signature on, upgrade_actor and install_actor off) 41.
  const { NETWORK_RULES } = await import('../interpreter/machine/network-rules.js')
  const counts = Object.fromEntries([...NETWORK_RULES.values()].map((r) => [r.nv, syscallsFor(r.fvm).length]))
  assert.deepEqual(counts, { 17: 36, 18: 40, 19: 40, 20: 40, 21: 41, 22: 41, 23: 41, 24: 41, 25: 41, 26: 41, 27: 41, 28: 41 })
})

test('ruleSections: each rule with its title, its Versions: line and its text up to the next heading', () => {
  const sections = ruleSections(ROOT)
  assert.deepEqual(sections.map((s) => s.id), definedRules(ROOT).map((d) => d.id))
  for (const s of sections) {
    assert.ok(s.title.length > 0, `${s.id}: a title`)
    assert.ok(s.text.startsWith(`### \`${s.id}\` ${s.title}`), `${s.id}: the text starts with its heading`)
    assert.ok(!/\n#{1,3} /.test(s.text), `${s.id}: no other heading of level 1-3 inside`)
    assert.equal(s.versions === null, !s.text.split('\n').some((l) => l.startsWith('Versions:')), s.id)
  }
  const nested = sections.find((s) => s.id === 'gas.nested-limits')
  assert.equal(nested?.versions, 'nv18–nv28')
  assert.equal(nested?.title, 'A send with an explicit gas limit pushes a nested limit')
  assert.equal(sections.find((s) => s.id === 'gas.block-open')?.versions, null, 'no Versions: line')
})

test('citationSites: every site is a line that cites the rule; the same citations as citedRules', () => {
  const sites = citationSites(ROOT, IMPLEMENTATION_FOLDERS)
  const lines = new Map<string, string[]>()
  for (const [id, list] of sites) {
    for (const s of list) {
      const text = lines.get(s.file) ?? readFileSync(join(ROOT, s.file), 'utf8').split('\n')
      lines.set(s.file, text)
      assert.ok(new RegExp(`@rule ${id.replace(/\./g, '\\.')}(?![a-z0-9-])`).test(text[s.line - 1] ?? ''), `${s.file}:${s.line} cites ${id}`)
    }
  }
  assert.deepEqual([...citedRules(ROOT, IMPLEMENTATION_FOLDERS)].map(([id, files]) => [id, files.length]), [...sites].map(([id, list]) => [id, list.length]))
})
