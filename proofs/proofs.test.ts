/**
 * The proofs cite rules by ID in backticks. A citation of an ID that spec/ does not define is an
 * argument resting on nothing: this test fails on it, and checks that every invariant the spec
 * defines (`inv.*`) has its proof here and that the proof names it.
 */
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'node:test'
import { definedRules } from '../spec/rules.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const PROOFS = join(ROOT, 'proofs')
const defined = new Set(definedRules(ROOT).map((d) => d.id))
/** Chapters (first ID segments) the spec has: a backticked `chapter.something` claims to be a rule ID. */
const chapters = new Set([...defined].map((id) => id.split('.')[0]))
const RULE_LIKE = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/

const proofFiles = readdirSync(PROOFS).filter((f) => f.endsWith('.md') && f !== 'README.md').sort()

/** The rule IDs a proof cites: backticked tokens shaped like an ID whose chapter the spec has. */
function citations(text: string): string[] {
  return [...text.matchAll(/`([^`\n]+)`/g)]
    .map((m) => m[1] as string)
    .filter((t) => RULE_LIKE.test(t) && chapters.has(t.split('.')[0] as string))
}

test('every rule ID a proof cites is defined in spec/', () => {
  const bad: string[] = []
  for (const f of proofFiles) {
    const text = readFileSync(join(PROOFS, f), 'utf8')
    for (const id of citations(text)) if (!defined.has(id)) bad.push(`${f}: ${id}`)
  }
  assert.deepEqual(bad, [], 'cited in proofs/ but not defined in spec/')
})

test('every invariant in spec/ has a proof that names it and argues from at least five rules', () => {
  const invariants = [...defined].filter((id) => id.startsWith('inv.'))
  assert.ok(invariants.length >= 5, `spec/invariants.md defines ${invariants.length} invariants`)
  for (const id of invariants) {
    const file = `${id.slice('inv.'.length)}.md`
    assert.ok(proofFiles.includes(file), `no proofs/${file} for ${id}`)
    const cited = new Set(citations(readFileSync(join(PROOFS, file), 'utf8')))
    assert.ok(cited.has(id), `proofs/${file} does not name ${id}`)
    assert.ok(cited.size >= 6, `proofs/${file} cites only ${cited.size} rules`)
  }
})

test('the citation check catches an undefined ID', () => {
  const ids = citations('by `call.transaction` and `call.no-such-rule`, not `fee_cap × limit` or `wasm_exec`')
  assert.deepEqual(ids, ['call.transaction', 'call.no-such-rule'])
  assert.deepEqual(ids.filter((id) => !defined.has(id)), ['call.no-such-rule'])
})
